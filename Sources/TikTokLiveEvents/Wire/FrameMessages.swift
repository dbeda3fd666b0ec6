/// The messages of one `msg` push frame as they arrived, method and payload bytes, without decoding them: for the
/// benchmark package, which counts how they decode and builds rooms out of a capture's messages.
@_spi(Benchmarks)
public enum FrameMessages {
    public struct Message: Sendable {
        public var method: String
        public var payload: [UInt8]
    }

    /// The frame's messages in wire order; none for a frame that is not a `msg` frame or does not decode.
    public static func read(_ bytes: [UInt8], limits: FrameLimits = FrameLimits()) -> [Message] {
        guard let frame = try? bytes.withUnsafeBytes({ try PushFrameView($0) }), frame.payloadType == "msg",
            let batch = try? frame.batch(in: bytes, maxInflatedBytes: limits.maxInflatedBytes)
        else { return [] }
        return batch.withUnsafeBytes { raw in
            guard let view = try? BatchView(raw) else { return [] }
            return view.messages.map {
                Message(method: String(decoding: raw[$0.method], as: UTF8.self), payload: Array(raw[$0.payload]))
            }
        }
    }
}
