import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// What the libFuzzer targets in `Fuzz/` (see Fuzz/README.md) reach that users never call: frames built around a
/// fuzzed batch or message, the batch inside a seed frame, and the two readers of extras, whose JSON must agree byte
/// for byte. Not API: behind `@_spi(Fuzzing)`, for that package only.
@_spi(Fuzzing)
public enum FuzzingHooks {
    /// A `msg` push frame carrying `batch` (a `FetchResult`'s bytes) as its payload; gzipped, with the
    /// `compress_type: gzip` header the edge sends, when `gzip` is set.
    public static func messageFrame(batch: [UInt8], gzip: Bool, logID: UInt64 = 1) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.logID = logID
        frame.payloadEncoding = "pb"
        frame.payloadType = "msg"
        frame.payload = Data(gzip ? Gzip.compress(batch) : batch)
        if gzip {
            var header = Webcast_FrameHeader()
            header.key = "compress_type"
            header.value = "gzip"
            frame.headers = [header]
        }
        return FrameEncoder.serialize(frame)
    }

    /// A `msg` push frame whose payload is `payload` as given, declared gzip: the inflater fed arbitrary bytes.
    public static func gzipClaimingFrame(payload: [UInt8]) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.payloadType = "msg"
        frame.payload = Data(payload)
        var header = Webcast_FrameHeader()
        header.key = "compress_type"
        header.value = "gzip"
        frame.headers = [header]
        return FrameEncoder.serialize(frame)
    }

    /// A batch of one message: `method` with `payload`, the way a `FetchResult` carries it.
    public static func batch(method: String, payload: [UInt8], msgId: Int64, needAck: Bool) -> [UInt8] {
        var message = Webcast_InnerMessage()
        message.method = method
        message.payload = Data(payload)
        message.msgID = msgId
        var result = Webcast_FetchResult()
        result.messages = [message]
        result.needAck = needAck
        return FrameEncoder.serialize(result)
    }

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
