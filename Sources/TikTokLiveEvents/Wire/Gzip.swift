internal import CCRC32
internal import CDeflate
internal import CZlib

/// gzip for push frames, on the system libdeflate and zlib.
///
/// Inflation stops with an error at a size ceiling, so a decompression bomb costs one frame rather than the
/// process; a stream cut short or followed by junk is an error too, never a silently shortened batch.
///
/// Not for users (the decoder inflates for them); public for the benchmark package, which measures the floor with it.
@_spi(Benchmarks)
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
    ///
    /// The raw deflate body is inflated by libdeflate in one call when the trailer states a size within the cap
    /// (every batch the edge sends), else, or when that call fails, by zlib's streaming inflate, whose errors say
    /// what is wrong. The gzip wrapper around it is read here, so that its CRC-32 is checked by ``CCRC32``
    /// (carry-less multiplies) rather than by a table, which was ~8% of a replay.
    static func inflate(_ input: ArraySlice<UInt8>, maxOutputBytes: Int) throws(TikTokLiveError) -> [UInt8] {
        try inflate(input, maxOutputBytes: maxOutputBytes, inOneCall: true)
    }

    /// Inflates one gzip member with zlib alone, as the decoder did before it used libdeflate: for the benchmark,
    /// whose inflate floor is defined on zlib.
    public static func inflateWithZlib(_ input: [UInt8], maxOutputBytes: Int) throws(TikTokLiveError) -> [UInt8] {
        try inflate(input[...], maxOutputBytes: maxOutputBytes, inOneCall: false)
    }

    private static func inflate(_ input: ArraySlice<UInt8>, maxOutputBytes: Int, inOneCall: Bool)
        throws(TikTokLiveError) -> [UInt8]
    {
        let bodyStart = try input.withUnsafeBytes { bytes in
            Result { () throws(TikTokLiveError) in try headerLength(bytes) }
        }.get()
        let body = input.dropFirst(bodyStart)
        // The trailer's last four bytes are the inflated size (mod 2^32): a hint, not a promise. Deflate cannot
        // expand past 1032:1, so a larger claim is a lie and is not allocated.
        let hint = sizeHint(input).map { min($0, input.count * 1032) }
        var inflated: Inflated
        if inOneCall, let hint, hint <= maxOutputBytes, let whole = inflateWhole(body, size: hint) {
            inflated = whole
        } else {
            inflated = try inflateStreaming(body, sizeHint: hint ?? input.count * 4, maxOutputBytes: maxOutputBytes)
        }
        let trailer = body.dropFirst(inflated.bodyLength)
        guard trailer.count >= 8 else {
            throw TikTokLiveError(.decode, "gzip payload is truncated in its trailer (\(trailer.count) of 8 bytes)")
        }
        let produced = inflated.count
        let statedCRC = littleEndian32(trailer, at: trailer.startIndex)
        let statedSize = littleEndian32(trailer, at: trailer.startIndex + 4)
        let crc = inflated.output.withUnsafeBufferPointer { crc32($0.baseAddress!, count: produced) }
        guard crc == statedCRC else {
            throw TikTokLiveError(.decode, "gzip payload fails its CRC-32 check")
        }
        guard statedSize == UInt32(truncatingIfNeeded: produced) else {
            throw TikTokLiveError(.decode, "gzip payload states \(statedSize) bytes but inflates to \(produced)")
        }
        if !trailer.dropFirst(8).allSatisfy({ $0 == 0 }) {
            throw TikTokLiveError(.decode, "gzip payload has \(trailer.count - 8) bytes after its end")
        }
        if inflated.output.count > produced { inflated.output.removeSubrange(produced...) }
        return inflated.output
    }

    /// An inflated deflate body: `output`'s first `count` bytes, from the body's first `bodyLength` bytes.
    private struct Inflated {
        var output: [UInt8]
        var count: Int
        var bodyLength: Int
    }

    /// The body inflated by libdeflate into exactly `size` bytes; `nil` when it does not fit them or does not read,
    /// for the streaming inflate to redo and explain. Not zero-filled first: every byte kept is written.
    private static func inflateWhole(_ body: ArraySlice<UInt8>, size: Int) -> Inflated? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var bodyLength = 0
        var produced = 0
        var result = LIBDEFLATE_BAD_DATA
        let output = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { outputBuffer, initialized in
            body.withUnsafeBytes { bodyBytes in
                result = libdeflate_deflate_decompress_ex(
                    decompressor, bodyBytes.baseAddress, bodyBytes.count, outputBuffer.baseAddress, size,
                    &bodyLength, &produced)
            }
            initialized = result == LIBDEFLATE_SUCCESS ? produced : 0
        }
        guard result == LIBDEFLATE_SUCCESS else { return nil }
        return Inflated(output: output, count: produced, bodyLength: bodyLength)
    }

    /// The body inflated by zlib, growing the output from `sizeHint` up to the cap.
    private static func inflateStreaming(_ body: ArraySlice<UInt8>, sizeHint: Int, maxOutputBytes: Int)
        throws(TikTokLiveError) -> Inflated
    {
        var stream = z_stream()
        // Negative window bits: a raw deflate body, with a 32 KiB window.
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TikTokLiveError(.decode, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }

        // With the hint, the output is one allocation that zlib fills in a single Z_FINISH call, with no sliding
        // window of its own to fill and copy; a trailer that lies costs only a regrowth, and the size cap still
        // holds. Not zero-filled first: zlib writes every byte that is kept (the rest is cut off by the caller).
        let initialSize = min(max(sizeHint, 64), maxOutputBytes + 1)
        var output = [UInt8](unsafeUninitializedCapacity: initialSize) { _, initialized in initialized = initialSize }
        var produced = 0
        var status: Int32 = Z_OK
        var remainingInput = 0
        body.withUnsafeBufferPointer { bodyBuffer in
            // No address for an empty body (a header and nothing else): zlib then reads nothing and says truncated.
            stream.next_in = UnsafeMutablePointer(mutating: bodyBuffer.baseAddress)
            stream.avail_in = UInt32(bodyBuffer.count)
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
            return Inflated(output: output, count: produced, bodyLength: body.count - remainingInput)
        case Z_OK, Z_BUF_ERROR:
            throw TikTokLiveError(.decode, "gzip payload is truncated (\(body.count) body bytes in, \(produced) out)")
        default:
            throw TikTokLiveError(.decode, "gzip payload is corrupt (zlib status \(status))")
        }
    }

    /// The gzip CRC-32 of `count` bytes, as zlib's `crc32` gives it.
    static func crc32(_ bytes: UnsafePointer<UInt8>, count: Int, continuing crc: UInt32 = 0) -> UInt32 {
        tle_crc32(crc, bytes, count)
    }

    /// The length of a gzip member's header (RFC 1952, 2.3), which must be whole and well formed.
    static func headerLength(_ bytes: UnsafeRawBufferPointer) throws(TikTokLiveError) -> Int {
        var truncated: TikTokLiveError {
            TikTokLiveError(.decode, "gzip payload is truncated in its header (\(bytes.count) bytes)")
        }
        guard bytes.count >= 10 else { throw truncated }
        guard bytes[0] == 0x1f, bytes[1] == 0x8b else {
            throw TikTokLiveError(.decode, "gzip payload is corrupt (no gzip magic)")
        }
        guard bytes[2] == 8 else {
            throw TikTokLiveError(.decode, "gzip payload is corrupt (compression method \(bytes[2]), not deflate)")
        }
        let flags = bytes[3]
        guard flags & 0xe0 == 0 else {
            throw TikTokLiveError(.decode, "gzip payload is corrupt (reserved header flags set)")
        }
        var length = 10
        if flags & 0x04 != 0 {  // FEXTRA: a two-byte length, then that many bytes.
            guard bytes.count >= length + 2 else { throw truncated }
            length += 2 + (Int(bytes[length]) | Int(bytes[length + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated.
            guard length < bytes.count, let end = bytes[length...].firstIndex(of: 0) else { throw truncated }
            length = end + 1
        }
        if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the header's CRC-32.
            guard bytes.count >= length + 2 else { throw truncated }
            let stated = UInt16(bytes[length]) | UInt16(bytes[length + 1]) << 8
            let actual = UInt16(
                truncatingIfNeeded: crc32(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length))
            guard stated == actual else { throw TikTokLiveError(.decode, "gzip payload fails its header CRC check") }
            length += 2
        }
        guard length <= bytes.count else { throw truncated }
        return length
    }

    private static func littleEndian32(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
        UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
            | UInt32(bytes[index + 3]) << 24
    }

    /// The inflated size a gzip member's trailer states, when the input is long enough to have one.
    static func sizeHint(_ input: ArraySlice<UInt8>) -> Int? {
        guard input.count >= 18 else { return nil }
        let size = Int(littleEndian32(input, at: input.endIndex - 4))
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
