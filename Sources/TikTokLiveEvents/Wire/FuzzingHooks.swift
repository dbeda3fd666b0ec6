/// What the libFuzzer targets in `Fuzz/` (see Fuzz/README.md) reach that users never call: the batch inside a seed
/// frame, and the two readers of extras, whose JSON must agree byte for byte. (The frames they decode are built by
/// `FakePushFrame` in TikTokLiveTesting, as the tests' are.) Not API: behind `@_spi(Fuzzing)`, for that package only.
@_spi(Fuzzing)
public enum FuzzingHooks {
    /// The batch a `msg` frame carries, inflated; `nil` for any other frame or one that does not read.
    public static func batch(ofFrame bytes: [UInt8], limits: FrameLimits = FrameLimits()) -> [UInt8]? {
        guard let frame = try? bytes.withUnsafeBytes({ try PushFrameView($0) }), frame.payloadType == "msg" else {
            return nil
        }
        return try? frame.batch(in: bytes, maxInflatedBytes: limits.maxInflatedBytes)
    }

    /// The extras of unknown-field bytes as the typed API builds them (``WireExtras/decode(_:)``), written as JSON.
    public static func extrasThroughObject(_ bytes: [UInt8]) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(.object(WireExtras.decode(bytes)))
        return writer.bytes
    }

    /// The extras of the same bytes as the NDJSON writer streams them, with no object in between.
    public static func extrasStreamed(_ bytes: [UInt8]) -> [UInt8] {
        var writer = JSONWriter()
        writer.writeExtras(wire: bytes)
        return writer.bytes
    }
}
