/// The WebSocket close codes a relay (`tiktok-live-events serve`, `TikTokLiveRelay`) ends a client's connection with;
/// the relay sends them and ``TikTokLive`` in relay mode reads them. The close frame's reason says more.
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
    /// The code as sent in the close frame.
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }

    /// Whether a relay client should give up rather than reconnect: the creator cannot be watched, or the request
    /// itself is wrong. Any other code (the relay restarting, a slow client dropped, a full relay) is worth a retry.
    public var isFinal: Bool { self == .upstreamFailed || self == .invalidRequest || self == .unauthorized }

    /// The stream ended (`streamEnd`).
    public static let streamEnded = Self(rawValue: 1000)
    /// The relay is shutting down.
    public static let goingAway = Self(rawValue: 1001)
    /// The relay is at its client or creator limit.
    public static let tryAgainLater = Self(rawValue: 1013)
    /// The upstream session failed (offline, unknown, blocked, ...).
    public static let upstreamFailed = Self(rawValue: 4000)
    /// The client read too slowly and its queue overflowed.
    public static let slowClient = Self(rawValue: 4008)
    /// The request names no valid creator.
    public static let invalidRequest = Self(rawValue: 4400)
    /// The relay wants a token and the request has none or a wrong one.
    public static let unauthorized = Self(rawValue: 4401)
}
