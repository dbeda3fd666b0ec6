/// How many messages of each busy method the fast path (``HotMessageDecoder``) read, and how many it left to the
/// generated decoder: the benchmark prints it, so that a capture whose messages fall off the fast path says so.
@_spi(Benchmarks)
public struct FastPathReport: Sendable {
    public struct Counts: Sendable, Hashable {
        public var messages = 0
        public var fallbacks = 0
    }

    /// Per method, for the methods the fast path reads.
    public private(set) var methods: [String: Counts] = [:]

    public init() {}

    /// Adds the messages of one push frame; a frame or batch that does not decode adds nothing.
    public mutating func add(frame bytes: [UInt8], limits: FrameLimits = FrameLimits()) {
        guard let frame = try? bytes.withUnsafeBytes({ try PushFrameView($0) }), frame.payloadType == "msg" else {
            return
        }
        guard let batchBytes = try? frame.batch(in: bytes, maxInflatedBytes: limits.maxInflatedBytes) else { return }
        batchBytes.withUnsafeBytes { raw in
            guard let batch = try? BatchView(raw) else { return }
            var names = MethodNameCache()
            for message in batch.messages {
                let (method, eventName, hotKind) = names.lookUp(raw[message.method])
                guard let eventName, hotKind != nil else { continue }
                let context = EventMapper.Context(
                    method: method, eventName: eventName, hotKind: hotKind, envelopeMsgId: message.msgId,
                    receivedAt: 0, bytes: UnsafeRawBufferPointer(rebasing: raw[message.payload]),
                    roomIds: EventMapper.RoomIdText())
                methods[method, default: Counts()].messages += 1
                if HotMessageDecoder.event(context, name: eventName) == nil {
                    methods[method, default: Counts()].fallbacks += 1
                }
            }
        }
    }
}
