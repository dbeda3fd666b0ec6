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
        for message in FrameMessages.read(bytes, limits: limits) {
            let fellBack: Bool? = message.payload.withUnsafeBytes { payload in
                let context = EventMapper.Context(
                    method: message.method, envelopeMsgId: 0, receivedAt: 0, bytes: payload)
                guard context.hotKind != nil, let name = context.eventName else { return nil }
                return HotMessageDecoder.event(context, name: name) == nil
            }
            guard let fellBack else { continue }
            methods[message.method, default: Counts()].messages += 1
            if fellBack { methods[message.method, default: Counts()].fallbacks += 1 }
        }
    }
}
