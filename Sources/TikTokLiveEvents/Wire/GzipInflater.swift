internal import CZlib

/// gzip for push frames, on the system zlib.
///
/// Inflation stops with an error at a size ceiling, so a decompression bomb costs one frame rather than the
/// process; a stream cut short or followed by junk is an error too, never a silently shortened batch.
public enum Gzip {
    static func looksLikeGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    /// Inflates one gzip member.
    /// - Throws: ``TikTokLiveError`` (`decode`) for corrupt, truncated or oversized data.
    public static func inflate(_ input: [UInt8], maxOutputBytes: Int) throws(TikTokLiveError) -> [UInt8] {
        try inflate(input[...], maxOutputBytes: maxOutputBytes)
    }

    /// Inflates one gzip member held in part of a larger buffer (a frame's payload), without copying it out.
    static func inflate(_ input: ArraySlice<UInt8>, maxOutputBytes: Int) throws(TikTokLiveError) -> [UInt8] {
        var stream = z_stream()
        // 16 + 15: a gzip wrapper around a 32 KiB window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TikTokLiveError(.decode, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: min(max(input.count * 4, 4_096), maxOutputBytes + 1))
        var produced = 0
        var status: Int32 = Z_OK
        var remainingInput = 0
        input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                if produced == output.count {
                    // The cap is exceeded only once a byte past it is produced.
                    if output.count > maxOutputBytes { break }
                    output.append(
                        contentsOf: repeatElement(0, count: min(output.count, maxOutputBytes + 1 - output.count)))
                }
                output.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress! + produced
                    stream.avail_out = UInt32(outputBuffer.count - produced)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = outputBuffer.count - Int(stream.avail_out)
                }
                if status != Z_OK { break }
                if stream.avail_in == 0 && stream.avail_out > 0 { break }
            }
            remainingInput = Int(stream.avail_in)
        }
        if produced > maxOutputBytes {
            throw TikTokLiveError(.decode, "gzip payload inflates past the \(maxOutputBytes)-byte limit")
        }
        switch status {
        case Z_STREAM_END:
            let trailing = input.suffix(remainingInput)
            if !trailing.allSatisfy({ $0 == 0 }) {
                throw TikTokLiveError(.decode, "gzip payload has \(remainingInput) bytes after its end")
            }
        case Z_OK, Z_BUF_ERROR:
            throw TikTokLiveError(.decode, "gzip payload is truncated (\(input.count) bytes in, \(produced) out)")
        default:
            throw TikTokLiveError(.decode, "gzip payload is corrupt (zlib status \(status))")
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Compresses bytes as one gzip member: for captures, the fake edge and tests.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let level: Int32 = 6
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var produced = 0
        input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                _ = deflate(&stream, Z_FINISH)
                produced = outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }
}
