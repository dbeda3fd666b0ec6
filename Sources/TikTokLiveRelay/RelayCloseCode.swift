/// The WebSocket close codes the relay ends a client's connection with. The close frame's reason says more.
///
/// | code | when |
/// |---|---|
/// | 1000 | the creator's stream ended (`streamEnd`) |
/// | 1001 | the relay is shutting down |
/// | 1013 | the relay is at its client or creator limit (try again later) |
/// | 4000 | the upstream session failed: the creator is offline, unknown, blocked, ...; an `error` message with the kind came just before |
/// | 4008 | the client read too slowly and its queue overflowed |
/// | 4400 | the request names no valid creator (`?uniqueId=`) |
/// | 4401 | the relay wants a token and the request has none or a wrong one |
///
/// With 4000, 4400, 4401 and 1013 an `error` message (`{"event":"error","data":{"kind":...,"message":...}}`) comes
/// first; a slow client's queue is dropped, so 4008 comes alone, after the messages already in flight to it. A client
/// that reads nothing at all for ``RelayServer/Configuration/slowClientCloseTimeout`` never gets to the close frame:
/// it finds those messages and then the end of the connection.
public struct RelayCloseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    public static let streamEnded = Self(rawValue: 1000)
    public static let goingAway = Self(rawValue: 1001)
    public static let tryAgainLater = Self(rawValue: 1013)
    public static let upstreamFailed = Self(rawValue: 4000)
    public static let slowClient = Self(rawValue: 4008)
    public static let invalidRequest = Self(rawValue: 4400)
    public static let unauthorized = Self(rawValue: 4401)
}
