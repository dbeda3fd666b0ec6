public import Foundation

/// Buffered, line-oriented output to a file descriptor. Lines are flushed in batches for throughput and
/// on ``flush()``; a closed pipe (`| head`) is reported once through ``isClosed`` instead of killing the process.
public final class OutputWriter: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    private let flushThreshold: Int
    public private(set) var isClosed = false

    public init(fd: Int32, flushThreshold: Int = 64 * 1024) {
        self.fd = fd
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold)
    }

    public static let standardOutput = OutputWriter(fd: STDOUT_FILENO)
    public static let standardError = OutputWriter(fd: STDERR_FILENO, flushThreshold: 0)

    public func writeLine(_ line: String) {
        lock.withLock {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0a)
            if buffer.count >= flushThreshold { flushLocked() }
        }
    }

    public func writeLine(_ data: Data) {
        writeLine(bytes: data)
    }

    /// One line of raw bytes (NDJSON's path: no `Data` or `String` in between).
    public func writeLine(bytes: some Collection<UInt8>) {
        lock.withLock {
            buffer.append(contentsOf: bytes)
            buffer.append(0x0a)
            if buffer.count >= flushThreshold { flushLocked() }
        }
    }

    /// One line that `body` appends straight into the buffer (NDJSON's path: no array per line).
    public func writeLine(appending body: (inout [UInt8]) -> Void) {
        lock.withLock {
            body(&buffer)
            buffer.append(0x0a)
            if buffer.count >= flushThreshold { flushLocked() }
        }
    }

    public func flush() {
        lock.withLock { flushLocked() }
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard !isClosed else { return }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                isClosed = true  // EPIPE and friends: the reader went away.
                return
            }
            offset += written
        }
    }
}
