/// The client joined the room's push channel.
public struct ConnectedEvent: Sendable, Hashable, Codable {
    public var uniqueId: String
    public var roomId: String

    public init(uniqueId: String, roomId: String) {
        self.uniqueId = uniqueId
        self.roomId = roomId
    }
}

/// Where the connection went, for diagnostics.
public struct RoomInfoEvent: Sendable, Hashable, Codable {
    public var roomId: String
    public var wsHost: String
    public var clusterRegion: String?
    /// ISO-8601.
    public var connectedAt: String

    public init(roomId: String, wsHost: String, clusterRegion: String? = nil, connectedAt: String) {
        self.roomId = roomId
        self.wsHost = wsHost
        self.clusterRegion = clusterRegion
        self.connectedAt = connectedAt
    }
}

/// The connection dropped and the client will try again after a delay.
public struct ReconnectingEvent: Sendable, Hashable, Codable {
    /// 1 for the first retry after a drop.
    public var attempt: Int
    public var delaySeconds: Double
    public var reason: String

    public init(attempt: Int, delaySeconds: Double, reason: String) {
        self.attempt = attempt
        self.delaySeconds = delaySeconds
        self.reason = reason
    }
}

/// The push socket closed.
public struct DisconnectedEvent: Sendable, Hashable, Codable {
    public var uniqueId: String
    public var code: Int?
    public var reason: String?

    public init(uniqueId: String, code: Int? = nil, reason: String? = nil) {
        self.uniqueId = uniqueId
        self.code = code
        self.reason = reason
    }
}

/// Something went wrong that did not stop the stream: a frame or message that could not be decoded, a
/// failed reconnect attempt, ...
public struct ErrorEvent: Sendable, Hashable, Codable {
    /// A stable machine word, the same as the failure's ``TikTokLiveError/kind`` (in JSON, its raw string).
    public var kind: TikTokLiveError.Kind
    public var message: String
    /// The wire method, when one message failed to decode.
    public var method: String?
    /// For kind `overflow`: how many events of each name a full buffer dropped since the last such event.
    public var dropped: [String: Int]?

    public init(kind: TikTokLiveError.Kind, message: String, method: String? = nil, dropped: [String: Int]? = nil) {
        self.kind = kind
        self.message = message
        self.method = method
        self.dropped = dropped
    }

    public init(_ error: TikTokLiveError) {
        self.init(kind: error.kind, message: error.message, method: error.method)
    }
}
