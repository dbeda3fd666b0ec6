/// Cuts an HTTP-FLV byte stream into its file header and whole tags, whatever the chunk boundaries, so that a
/// recording only ever holds whole tags: a stream cut mid-tag leaves a file that ends on a tag boundary.
///
/// Layout: a header (`FLV`, version, flags, a 32-bit header size, normally 9) and `PreviousTagSize0`, then tags
/// of an 11-byte header (type, 24-bit data size, 24+8-bit timestamp, 24-bit stream id), the data and a 32-bit
/// size of the tag just read.
package struct FLVTagSplitter: Sendable {
    /// A piece of the stream, ready to be written.
    package enum Piece: Sendable, Hashable {
        /// The file header with `PreviousTagSize0`.
        case header([UInt8])
        /// One whole tag, its trailing size included.
        case tag(FLVTag)
    }

    /// The largest tag data accepted (a 4K key frame is well under it); a size above it means the bytes are not FLV.
    package static let maxTagDataBytes = 8 << 20

    private var buffer: [UInt8] = []
    private var start = 0
    private var headerDone = false

    package init() {}

    /// The whole pieces `bytes` completes, in order.
    ///
    /// - Throws: ``TikTokLiveError`` of kind `decode` when the bytes are not FLV (an error page, a wrong URL).
    package mutating func feed(_ bytes: some Collection<UInt8>) throws(TikTokLiveError) -> [Piece] {
        buffer.append(contentsOf: bytes)
        var pieces: [Piece] = []
        while let piece = try next() {
            pieces.append(piece)
        }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        return pieces
    }

    private mutating func next() throws(TikTokLiveError) -> Piece? {
        let available = buffer.count - start
        if !headerDone {
            guard available >= 9 else { return nil }
            guard buffer[start] == 0x46, buffer[start + 1] == 0x4C, buffer[start + 2] == 0x56 else {
                throw TikTokLiveError(.decode, "the stream is not FLV (it does not start with \"FLV\")")
            }
            let headerSize = Int(readUInt32(at: start + 5))
            guard (9...1_024).contains(headerSize) else {
                throw TikTokLiveError(.decode, "the FLV header claims a size of \(headerSize) bytes")
            }
            guard available >= headerSize + 4 else { return nil }
            let header = Array(buffer[start..<start + headerSize + 4])
            start += headerSize + 4
            headerDone = true
            return .header(header)
        }
        guard available >= 11 else { return nil }
        let type = buffer[start] & 0x1F
        guard type == 8 || type == 9 || type == 18 else {
            throw TikTokLiveError(.decode, "the FLV stream has a tag of unknown type \(type)")
        }
        let dataSize = Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
        guard dataSize <= Self.maxTagDataBytes else {
            throw TikTokLiveError(.decode, "an FLV tag claims \(dataSize) bytes of data")
        }
        let total = 11 + dataSize + 4
        guard available >= total else { return nil }
        let timestamp =
            UInt32(buffer[start + 7]) << 24 | UInt32(buffer[start + 4]) << 16 | UInt32(buffer[start + 5]) << 8
            | UInt32(buffer[start + 6])
        let bytes = Array(buffer[start..<start + total])
        start += total
        return .tag(FLVTag(type: type, timestamp: timestamp, bytes: bytes))
    }

    private func readUInt32(at index: Int) -> UInt32 {
        UInt32(buffer[index]) << 24 | UInt32(buffer[index + 1]) << 16 | UInt32(buffer[index + 2]) << 8
            | UInt32(buffer[index + 3])
    }
}

/// One whole FLV tag.
package struct FLVTag: Sendable, Hashable {
    /// 8 audio, 9 video, 18 script data (``scriptType``).
    package var type: UInt8
    package static let scriptType: UInt8 = 18
    /// Milliseconds.
    package var timestamp: UInt32
    /// The tag as on the wire: header, data and trailing size.
    package var bytes: [UInt8]
}
