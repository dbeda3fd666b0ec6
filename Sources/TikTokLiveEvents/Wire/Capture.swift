public import Foundation

/// Reads a capture: raw push frames as `[u32 little-endian length][PushFrame bytes]...`, the layout
/// `--record` writes and `replay` reads (the same as the public PirateTok test captures).
///
/// Reads in chunks, so a capture of any size, or a pipe, streams through in bounded memory. A record longer
/// than the frame limit is skipped without being held in memory.
public struct CaptureReader {
    /// One step through the capture.
    public enum Record: Sendable {
        /// A frame's bytes, and its 0-based index in the capture.
        case frame([UInt8], index: Int)
        /// A record that could not be used; reading goes on with the next one.
        case skipped(index: Int, reason: String)
    }

    private let handle: FileHandle
    private let maxRecordBytes: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var index = 0
    /// Where reads land; 1 MiB, or a whole record when one is longer.
    private var scratch = [UInt8](repeating: 0, count: 1 << 20)

    public init(handle: FileHandle, maxRecordBytes: Int = FrameLimits().maxFrameBytes) {
        self.handle = handle
        self.maxRecordBytes = maxRecordBytes
    }

    /// The next record, or `nil` at the end of the capture. A capture cut inside its last record (a recorder
    /// that was killed mid-write) ends with a `.skipped` record that says so.
    /// - Throws: ``TikTokLiveError`` (`invalidInput`) when the input cannot be read.
    public mutating func next() throws(TikTokLiveError) -> Record? {
        guard try fill(4) else {
            guard available > 0 else { return nil }
            defer { position = buffer.count }
            return .skipped(
                index: index, reason: "capture ends inside the length of record \(index) (\(available) stray bytes)")
        }
        let length =
            Int(buffer[position]) | Int(buffer[position + 1]) << 8 | Int(buffer[position + 2]) << 16
            | Int(buffer[position + 3]) << 24
        position += 4
        defer { index += 1 }
        if length > maxRecordBytes {
            guard try discard(length) else {
                return .skipped(index: index, reason: "capture ends inside oversized record \(index)")
            }
            return .skipped(index: index, reason: "record of \(length) bytes exceeds the \(maxRecordBytes)-byte limit")
        }
        guard try fill(length) else {
            defer { position = buffer.count }
            return .skipped(
                index: index, reason: "capture ends inside record \(index): \(available) of \(length) bytes")
        }
        let frame = Array(buffer[position..<position + length])
        position += length
        return .frame(frame, index: index)
    }

    private var available: Int { buffer.count - position }

    /// Makes at least `count` bytes available; false when the input ends first.
    private mutating func fill(_ count: Int) throws(TikTokLiveError) -> Bool {
        while available < count && !atEnd {
            if position > 0 && position >= buffer.count / 2 {
                buffer.removeFirst(position)
                position = 0
            }
            // Straight from the descriptor into a scratch buffer of our own: FileHandle read a 25 MB capture in
            // 6,000 system calls of 4 KiB and returned each chunk as a new Data.
            if scratch.count < count - available { scratch = [UInt8](repeating: 0, count: count - available) }
            let descriptor = handle.fileDescriptor
            var readCount = 0
            repeat {
                readCount = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            } while readCount < 0 && errno == EINTR
            guard readCount >= 0 else {
                throw TikTokLiveError(.invalidInput, "could not read the capture: \(String(cString: strerror(errno)))")
            }
            if readCount > 0 { buffer.append(contentsOf: scratch[..<readCount]) } else { atEnd = true }
        }
        return available >= count
    }

    /// Skips `count` bytes without holding them; false when the input ends first.
    private mutating func discard(_ count: Int) throws(TikTokLiveError) -> Bool {
        var remaining = count
        while remaining > 0 {
            if available == 0 {
                guard try fill(1) else { return false }
            }
            let step = min(remaining, available)
            position += step
            remaining -= step
        }
        return true
    }
}

/// Writes a capture in the layout ``CaptureReader`` reads.
public enum CaptureWriter {
    /// One frame as a capture record.
    public static func record(_ frame: [UInt8]) -> Data {
        let length = UInt32(frame.count)
        var data = Data(capacity: frame.count + 4)
        data.append(contentsOf: [
            UInt8(length & 0xff), UInt8(length >> 8 & 0xff), UInt8(length >> 16 & 0xff), UInt8(length >> 24),
        ])
        data.append(contentsOf: frame)
        return data
    }
}
