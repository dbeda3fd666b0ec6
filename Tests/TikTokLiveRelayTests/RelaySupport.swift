import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting
import WebSocketKit

/// People and rooms the relay tests share.
enum Cast {
    static let ann = FakeUser(id: 6_800_000_000_000_000_001, uniqueId: "ann", nickname: "Ann")
    static let bob = FakeUser(id: 6_800_000_000_000_000_002, uniqueId: "bob.b", nickname: "Bob")
    static let cat = FakeUser(id: 6_800_000_000_000_000_003, uniqueId: "cat_3", nickname: "Cat")

    /// Above 2^53, so that ids squeezed through a Double would show.
    static let roomId: Int64 = 7_301_234_567_890_123_457
    static let hostId: Int64 = 6_900_000_000_000_000_001

    static func room(
        _ uniqueId: String = "host", roomId: Int64 = roomId, status: FakeRoom.Status = .live,
        script: [FakeScriptStep] = []
    ) -> FakeRoom {
        FakeRoom(
            uniqueId: uniqueId, roomId: roomId, hostUserId: hostId, nickname: "Host", status: status, script: script)
    }

    static func chat(_ msgId: Int64, _ text: String, by user: FakeUser = ann) -> FakeMessage {
        .chat(msgId: msgId, roomId: roomId, user: user, text: text)
    }

    static func streamEnd(_ msgId: Int64 = 9_000) -> FakeMessage {
        .control(msgId: msgId, roomId: roomId, action: 3)
    }

    /// One of each common event; msg ids 101...108.
    static let showcase: [FakeMessage] = [
        .chat(msgId: 101, roomId: roomId, user: ann, text: "hello there"),
        .gift(
            msgId: 102, roomId: roomId, user: bob, giftId: 5655, name: "Rose", diamonds: 1, repeatCount: 3,
            repeatEnd: false, groupId: 9_100_000_000_000_000_001, streakable: true),
        .gift(
            msgId: 103, roomId: roomId, user: bob, giftId: 5655, name: "Rose", diamonds: 1, repeatCount: 5,
            repeatEnd: true, groupId: 9_100_000_000_000_000_001, streakable: true),
        .like(msgId: 104, roomId: roomId, user: cat, count: 15, total: 1_200),
        .join(msgId: 105, roomId: roomId, user: ann, viewerCount: 321),
        .follow(msgId: 106, roomId: roomId, user: ann),
        .share(msgId: 107, roomId: roomId, user: cat),
        .viewers(msgId: 108, roomId: roomId, current: 320, total: 4_567),
    ]
}

/// Upstream settings that keep the suite fast, pointed at `edge`.
func fastUpstream(_ edge: FakeTikTokEdge) -> TikTokLive.Configuration {
    TikTokLive.Configuration(
        maxReconnectAttempts: 3,
        heartbeatInterval: .milliseconds(100),
        staleTimeout: .seconds(5),
        backoff: .init(base: .milliseconds(5), cap: .milliseconds(40)),
        endpoints: .init(
            webURL: URL(string: edge.webURL)!, webcastURL: URL(string: edge.webcastURL)!,
            wsURL: URL(string: edge.wsURL)!),
        httpTimeout: .seconds(3),
        ttwidRetryDelay: .milliseconds(5))
}

/// Starts an edge and a relay in front of it on free loopback ports, runs `body`, and stops both whatever happens.
func withRelay<T>(
    rooms: [FakeRoom], configure: (inout RelayServer.Configuration) -> Void = { _ in },
    _ body: (FakeTikTokEdge, RelayServer) async throws -> T
) async throws -> T {
    let edge = try await FakeTikTokEdge.start(rooms: rooms)
    var configuration = RelayServer.Configuration(
        port: 0, gracePeriod: .milliseconds(100), closeTimeout: .seconds(2), upstream: fastUpstream(edge))
    configure(&configuration)
    let relay: RelayServer
    do {
        relay = try await RelayServer.start(configuration: configuration)
    } catch {
        try? await edge.shutdown()
        throw error
    }
    do {
        let result = try await body(edge, relay)
        await relay.shutdown()
        try await edge.shutdown()
        return result
    } catch {
        await relay.shutdown()
        try? await edge.shutdown()
        throw error
    }
}

/// A WebSocket client of the relay that records every message and the close.
final class RelayTestClient: Sendable {
    let socket: WebSocket
    private let received = LockedBox<[String]>([])

    private init(socket: WebSocket) {
        self.socket = socket
    }

    /// Why the handshake failed: the HTTP status, when the relay answered with one.
    struct Refused: Error {
        var status: Int
    }

    static func connect(
        _ relay: RelayServer, uniqueId: String?, apiKey: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> RelayTestClient {
        var query: [String] = []
        if let uniqueId {
            query.append("uniqueId=" + uniqueId.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        }
        if let apiKey { query.append("apiKey=\(apiKey)") }
        // Resolved from onUpgrade, not from the connect future, which can complete before the handler is in place.
        let upgraded = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: RelayTestClient.self)
        let connected = WebSocket.connect(
            scheme: "ws", host: "127.0.0.1", port: relay.port, path: "/", query: query.joined(separator: "&"),
            headers: headers, configuration: .init(maxFrameSize: 1 << 22), on: MultiThreadedEventLoopGroup.singleton
        ) { socket in
            let client = RelayTestClient(socket: socket)
            socket.onText { _, text in client.received.withLock { $0.append(text) } }
            upgraded.succeed(client)
        }
        connected.whenFailure { upgraded.fail($0) }
        // Never hang a test on a handshake whose upgrade callback got lost.
        upgraded.futureResult.eventLoop.scheduleTask(in: .seconds(10)) {
            upgraded.fail(TimedOut(what: "the WebSocket upgrade to the relay"))
        }
        do {
            return try await upgraded.futureResult.get()
        } catch WebSocketClient.Error.invalidResponseStatus(let head) {
            throw Refused(status: Int(head.status.code))
        }
    }

    /// Every text message so far, as received.
    var messages: [String] { received.withLock { $0 } }

    /// Every message so far, decoded.
    var events: [LiveEvent] {
        messages.compactMap { try? RelayEnvelope.decode(Array($0.utf8)) }
    }

    var wireEvents: [LiveEvent] { events.filter(\.isWireEvent) }
    var chatTexts: [String] { events.compactMap { if case .chat(let e) = $0 { e.comment } else { nil } } }

    var isClosed: Bool { socket.isClosed }
    /// The code of the close frame the relay sent.
    var closeCode: Int? { socket.closeCode.map { Int(UInt16(webSocketErrorCode: $0)) } }

    /// Waits until `condition` holds for this client.
    func waitUntil(timeout: Duration = .seconds(10), _ condition: (RelayTestClient) -> Bool) async -> Bool {
        await eventually(timeout: timeout) { condition(self) }
    }

    /// Waits for the relay to close the connection; the close code, or `nil` on timeout.
    func waitForClose(timeout: Duration = .seconds(10)) async -> Int? {
        guard await eventually(timeout: timeout, { self.isClosed }) else { return nil }
        return closeCode
    }

    func close() async {
        try? await socket.close(code: .normalClosure).get()
    }
}

/// A plain HTTP GET on the relay: status and body.
func httpGet(_ relay: RelayServer, _ pathAndQuery: String, headers: [(String, String)] = []) async throws -> (
    status: Int, body: String
) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(relay.port)\(pathAndQuery)")
    for (name, value) in headers {
        request.headers.add(name: name, value: value)
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: body))
}

/// The relay's `/health`, decoded.
func health(_ relay: RelayServer) async throws -> RelayHealth {
    let (status, body) = try await httpGet(relay, "/health")
    #expect(status == 200)
    return try JSONDecoder().decode(RelayHealth.self, from: Data(body.utf8))
}

/// Polls `condition` every 10 ms until it holds; `false` after `timeout`.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
