import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// People and rooms the end-to-end tests share.
enum Cast {
    static let ann = FakeUser(id: 6_800_000_000_000_000_001, uniqueId: "ann", nickname: "Ann")
    static let bob = FakeUser(id: 6_800_000_000_000_000_002, uniqueId: "bob.b", nickname: "Bob")
    static let cat = FakeUser(id: 6_800_000_000_000_000_003, uniqueId: "cat_3", nickname: "Cat")
    static let dan = FakeUser(id: 6_800_000_000_000_000_004, uniqueId: "dan", nickname: "Dan")

    /// Above 2^53, so that ids squeezed through a Double would show.
    static let roomId: Int64 = 7_301_234_567_890_123_457
    static let hostId: Int64 = 6_900_000_000_000_000_001

    static func room(
        _ uniqueId: String = "host", roomId: Int64 = roomId, status: FakeRoom.Status = .live, script: [FakeScriptStep]
    ) -> FakeRoom {
        FakeRoom(
            uniqueId: uniqueId, roomId: roomId, hostUserId: hostId, nickname: "Host", status: status, script: script)
    }

    /// An offline host, in a room of its own.
    static let quiet = room("quiet", roomId: roomId + 1, status: .offline, script: [])

    static func chat(_ msgId: Int64, _ text: String, by user: FakeUser = ann) -> FakeMessage {
        .chat(msgId: msgId, roomId: roomId, user: user, text: text)
    }

    static func streamEnd(_ msgId: Int64 = 9_000) -> FakeMessage {
        .control(msgId: msgId, roomId: roomId, action: 3)
    }

    /// One of each common event, then nothing; msg ids 101...108.
    static let showcase: [FakeMessage] = [
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
func fastConfiguration(_ edge: FakeTikTokEdge, change: (inout TikTokLive.Configuration) -> Void = { _ in })
    -> TikTokLive.Configuration
{
    var configuration = TikTokLive.Configuration(
        maxReconnectAttempts: 3,
        heartbeatInterval: .milliseconds(100),
        staleTimeout: .seconds(5),
        backoff: .init(base: .milliseconds(5), cap: .milliseconds(40)),
        endpoints: .init(
            webURL: URL(string: edge.webURL)!, webcastURL: URL(string: edge.webcastURL)!,
            wsURL: URL(string: edge.wsURL)!),
        httpTimeout: .seconds(3),
        ttwidRetryDelay: .milliseconds(5))
    change(&configuration)
    return configuration
}

/// Starts an edge, runs `body`, and shuts the edge down whatever happens.
func withEdge<T>(
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

/// Everything a client delivered to its handlers, in order.
final class Recorder: Sendable {
    private let state = LockedBox<[(handler: String, event: LiveEvent)]>([])

    /// Registers a recording handler on each name.
    init(
        _ live: TikTokLive,
        names: [String] = ["event", "connected", "roomInfo", "reconnecting", "disconnected", "error"]
    ) {
        for name in names {
            live.on(name) { [state] event in state.withLock { $0.append((name, event)) } }
        }
    }

    func events(_ handler: String) -> [LiveEvent] {
        state.withLock { $0.filter { $0.handler == handler }.map(\.event) }
    }

    /// Wire events seen by the catch-all `event` handler.
    var wire: [LiveEvent] { events("event") }
    var errors: [ErrorEvent] { events("error").compactMap { if case .error(let e) = $0 { e } else { nil } } }
    var reconnects: [ReconnectingEvent] {
        events("reconnecting").compactMap { if case .reconnecting(let e) = $0 { e } else { nil } }
    }
    var disconnects: [DisconnectedEvent] {
        events("disconnected").compactMap { if case .disconnected(let e) = $0 { e } else { nil } }
    }
    var chatTexts: [String] { wire.compactMap { if case .chat(let e) = $0 { e.comment } else { nil } } }
    var wireIds: [String] { wire.compactMap(\.msgId) }
}

/// Runs the client to its end, failing (and stopping it) if that takes longer than `limit`.
func runToEnd(_ live: TikTokLive, limit: Duration = .seconds(10)) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            try await live.run()
            return true
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return false
        }
        defer { group.cancelAll() }
        guard try await group.next() == true else {
            live.stop()
            throw TimedOut(what: "run() of @\(live.uniqueId) still going after \(limit)")
        }
    }
}

/// The error `run()` ends with, or `nil` when it returns normally.
func runError(_ live: TikTokLive, limit: Duration = .seconds(10)) async throws -> TikTokLiveError? {
    do {
        try await runToEnd(live, limit: limit)
        return nil
    } catch let error as TikTokLiveError {
        return error
    }
}

/// Polls `condition` every 10 ms until it holds; `false` after `timeout`.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A loopback port that refuses connections and that no other test can take meanwhile: a socket bound to it that
/// never listens. (A port freed by shutting an edge down can be handed to a parallel test's edge at once.)
final class RefusingPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw TimedOut(what: "binding a loopback port")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit { close(descriptor) }
}
