@_spi(Benchmarks) @_spi(Fuzzing) import TikTokLiveEvents
import TikTokLiveTesting

/// Each target turns its input into what the library reads in production and checks what every decoded event
/// must satisfy (``EventChecks``). A thrown ``TikTokLiveError`` is the expected answer to bad bytes; only a crash,
/// a sanitizer report, a timeout or a broken check is a finding.
enum Targets {
    /// Limits below the defaults, so that a bomb costs a fuzzing process milliseconds instead of seconds; the caps
    /// work the same at any size.
    static let limits = FrameLimits(maxFrameBytes: 1 << 20, maxInflatedBytes: 4 << 20)

    /// A whole push frame, as one binary WebSocket message.
    static func frame(_ input: UnsafeRawBufferPointer) {
        decode(frame: Array(input))
    }

    /// A batch (`FetchResult`), inside a `msg` frame without compression.
    static func batch(_ input: UnsafeRawBufferPointer) {
        decode(frame: FakePushFrame.wrapping(batch: Array(input), compress: false))
    }

    /// A batch, gzipped as the edge sends it: the inflater's well-formed path, then the batch reader.
    static func gzippedBatch(_ input: UnsafeRawBufferPointer) {
        decode(frame: FakePushFrame.wrapping(batch: Array(input), compress: true))
    }

    /// Bytes that claim to be gzip: the inflater directly (its output must respect the cap) and inside a frame.
    static func gzip(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        if let inflated = try? Gzip.inflate(bytes, maxOutputBytes: 1 << 16), inflated.count > 1 << 16 {
            fail("inflate returned \(inflated.count) bytes past its 65,536-byte cap")
        }
        decode(frame: FakePushFrame.claimingGzip(payload: bytes))
    }

    /// One message of a batch: `[method length][method][payload]`, so that mutations reach each message decoder
    /// without first breaking the frame around it.
    static func message(_ input: UnsafeRawBufferPointer) {
        guard let length = input.first, input.count > Int(length) else { return }
        let method = String(decoding: input[1..<1 + Int(length)], as: UTF8.self)
        let payload = Array(input[(1 + Int(length))...])
        let message = FakeMessage(method: method, payload: payload, msgId: 7_000_000_000_000_000_001)
        decode(frame: FakePushFrame.batch([message], seqId: 1, compress: false, needAck: true))
    }

    /// A capture file (`[u32 length][frame]...`), read by ``CaptureReader`` and each frame decoded, as `replay` does.
    /// An odd first byte reads with a 64-byte record cap, so the skipping of oversized records is reached too.
    static func capture(_ input: UnsafeRawBufferPointer) {
        CaptureFile.shared.replace(with: input)
        let maxRecordBytes = (input.first ?? 0) & 1 == 1 ? 64 : limits.maxFrameBytes
        var reader = CaptureReader(handle: CaptureFile.shared.handle, maxRecordBytes: maxRecordBytes)
        var decoder = FrameDecoder(limits: limits)
        var checks = EventChecks()
        var records = 0
        while true {
            let record: CaptureReader.Record?
            do {
                record = try reader.next()
            } catch {
                fail("reading a capture from a regular file threw: \(error)")
            }
            guard let record else { break }
            records += 1
            if records > input.count { fail("\(records) records from \(input.count) bytes") }
            guard case .frame(let bytes, _) = record else { continue }
            if bytes.count > maxRecordBytes { fail("a \(bytes.count)-byte record passed the \(maxRecordBytes) cap") }
            if let frame = try? decoder.decode(bytes, receivedAt: 1) { checks.check(frame.events) }
        }
    }

    /// A relay message: read back into an event the way a `--relay` client does.
    static func envelope(_ input: UnsafeRawBufferPointer) {
        guard let event = try? RelayEnvelope.decode(input) else { return }
        var checks = EventChecks()
        checks.check([event])
    }

    /// Unknown-field bytes: the typed reader and the streaming NDJSON writer must write the same JSON, and it must
    /// be valid JSON.
    static func extras(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let streamed = FuzzingHooks.extrasStreamed(bytes)
        let throughObject = FuzzingHooks.extrasThroughObject(bytes)
        if streamed != throughObject {
            fail(
                "the extras readers disagree:\n  streamed: \(String(decoding: streamed, as: UTF8.self))\n"
                    + "  object:   \(String(decoding: throughObject, as: UTF8.self))")
        }
        EventChecks.requireJSON(streamed, what: "extras")
    }

    private static func decode(frame bytes: [UInt8]) {
        var decoder = FrameDecoder(limits: limits)
        guard let frame = try? decoder.decode(bytes, receivedAt: 1) else { return }
        var checks = EventChecks()
        checks.check(frame.events)
    }
}
