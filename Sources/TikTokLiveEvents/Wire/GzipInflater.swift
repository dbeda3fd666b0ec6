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

        // The trailer's last four bytes are the inflated size (mod 2^32). Taken as a hint, it makes the output one
        // exact allocation that zlib fills in a single Z_FINISH call, with no sliding window of its own to fill and
        // copy; a trailer that lies costs only a regrowth, and the size cap still holds.
        // Deflate cannot expand past 1032:1, so a larger claim is a lie and is not allocated.
        let hint = min(sizeHint(input) ?? input.count * 4, input.count * 1032)
        var output = [UInt8](repeating: 0, count: min(max(hint, 64), maxOutputBytes + 1))
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
                    status = CZlib.inflate(&stream, Z_FINISH)
                    produced = outputBuffer.count - Int(stream.avail_out)
                }
                // Out of room (Z_FINISH reports it as Z_BUF_ERROR): grow and go on. Anything else ends the loop:
                // the end of the stream, an error, or input that ran out (truncated).
                guard status == Z_OK || status == Z_BUF_ERROR, stream.avail_out == 0 else { break }
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

    /// The inflated size a gzip member's trailer states, when the input is long enough to have one.
    static func sizeHint(_ input: ArraySlice<UInt8>) -> Int? {
        guard input.count >= 18 else { return nil }
        let end = input.endIndex
        let size =
            Int(input[end - 4]) | Int(input[end - 3]) << 8 | Int(input[end - 2]) << 16 | Int(input[end - 1]) << 24
        return size > 0 ? size : nil
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
