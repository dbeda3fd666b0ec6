public import TikTokLiveEvents
public import TikTokLiveTesting

/// People and rooms the client, CLI and relay tests share.
public enum Cast {
    public static let ann = FakeUser(id: 6_800_000_000_000_000_001, uniqueId: "ann", nickname: "Ann")
    public static let bob = FakeUser(id: 6_800_000_000_000_000_002, uniqueId: "bob.b", nickname: "Bob")
    public static let cat = FakeUser(id: 6_800_000_000_000_000_003, uniqueId: "cat_3", nickname: "Cat")
    public static let dan = FakeUser(id: 6_800_000_000_000_000_004, uniqueId: "dan", nickname: "Dan")

    /// Above 2^53, so that ids squeezed through a Double would show.
    public static let roomId: Int64 = 7_301_234_567_890_123_457
    public static let hostId: Int64 = 6_900_000_000_000_000_001

    public static func room(
        _ uniqueId: String = "host", roomId: Int64 = roomId, status: FakeRoom.Status = .live,
        script: [FakeScriptStep] = []
    ) -> FakeRoom {
        FakeRoom(
            uniqueId: uniqueId, roomId: roomId, hostUserId: hostId, nickname: "Host", status: status, script: script)
    }

    /// An offline host, in a room of its own.
    public static let quiet = room("quiet", roomId: roomId + 1, status: .offline, script: [])

    public static func chat(_ msgId: Int64, _ text: String, by user: FakeUser = ann) -> FakeMessage {
        .chat(msgId: msgId, roomId: roomId, user: user, text: text)
    }

    public static func streamEnd(_ msgId: Int64 = 9_000) -> FakeMessage {
        .control(msgId: msgId, roomId: roomId, action: 3)
    }

    /// One of each common event, then nothing; msg ids 101...108.
    public static let showcase: [FakeMessage] = [
        .chat(msgId: 101, roomId: roomId, user: ann, text: "hello there"),
        .gift(
            msgId: 102, roomId: roomId, user: bob, giftId: 5655, name: "Rose", diamonds: 1, repeatCount: 3,
            repeatEnd: false, groupId: 9_100_000_000_000_000_001, streakable: true),
        .gift(
            msgId: 103, roomId: roomId, user: bob, giftId: 5655, name: "Rose", diamonds: 1, repeatCount: 5,
            repeatEnd: true, groupId: 9_100_000_000_000_000_001, streakable: true),
        .like(msgId: 104, roomId: roomId, user: cat, count: 15, total: 1_200),
        .join(msgId: 105, roomId: roomId, user: dan, viewerCount: 321),
        .follow(msgId: 106, roomId: roomId, user: ann),
        .share(msgId: 107, roomId: roomId, user: cat),
        .viewers(msgId: 108, roomId: roomId, current: 320, total: 4_567),
    ]
}

/// Client settings that keep the suite fast: tiny backoff and ttwid pauses, quick heartbeats. The stale timeout
/// stays long (tests of staleness shorten it), so that a loaded machine never fakes a silent socket.
public func fastConfiguration(_ edge: FakeTikTokEdge, change: (inout TikTokLive.Configuration) -> Void = { _ in })
    -> TikTokLive.Configuration
{
    var configuration = TikTokLive.Configuration(
        maxReconnectAttempts: 3,
        heartbeatInterval: .milliseconds(100),
        staleTimeout: .seconds(5),
        backoff: .init(base: .milliseconds(5), cap: .milliseconds(40)),
        endpoints: edge.endpoints,
        httpTimeout: .seconds(3),
        ttwidRetryDelay: .milliseconds(5))
    change(&configuration)
    return configuration
}

/// Starts an edge, runs `body`, and shuts the edge down whatever happens.
public func withEdge<T>(
    rooms: [FakeRoom], faults: FakeEdgeFaults = .init(), _ body: (FakeTikTokEdge) async throws -> T
) async throws -> T {
    let edge = try await FakeTikTokEdge.start(rooms: rooms, faults: faults)
    do {
        let result = try await body(edge)
        try await edge.shutdown()
        return result
    } catch {
        try? await edge.shutdown()
        throw error
    }
}

/// Polls `condition` every 10 ms until it holds; `false` after `timeout`. The timeout is a bound for a machine that
/// is busy, not a measure: a condition that holds returns at once, so it is generous.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}
