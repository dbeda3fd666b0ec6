import Foundation

/// One unlinked temporary file, rewritten with each input: ``CaptureReader`` reads a file descriptor, as `replay`
/// does, and a regular file behaves as one on disk does (a pipe would cap the input at its buffer size).
final class CaptureFile: @unchecked Sendable {
    static let shared = CaptureFile()

    let handle: FileHandle
    private let descriptor: Int32

    private init() {
        let path = NSTemporaryDirectory() + "tiktok-fuzz-capture-\(getpid())"
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fail("cannot create \(path): \(String(cString: strerror(errno)))") }
        unlink(path)
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    }

    func replace(with bytes: UnsafeRawBufferPointer) {
        guard ftruncate(descriptor, 0) == 0, pwrite(descriptor, bytes.baseAddress, bytes.count, 0) == bytes.count,
            lseek(descriptor, 0, SEEK_SET) == 0
        else { fail("cannot rewrite the capture file: \(String(cString: strerror(errno)))") }
    }
}
