import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Testing
import TikTokLiveEvents
import TikTokLiveTesting
import WebSocketKit

/// Fixtures shared by the edge's tests. Ids sit above 2^53 so that any lossy (Double) handling shows up.
enum Fixture {
    static let roomId: Int64 = 7_400_000_000_000_000_001
    static let hostId: Int64 = 6_900_000_000_000_000_042
    static let fan = FakeUser(id: 6_800_000_000_000_000_007, uniqueId: "fan_one", nickname: "Fan One")
    static let userAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"

    static func room(
        uniqueId: String = "host", roomId: Int64 = roomId, status: FakeRoom.Status = .live,
        script: [FakeScriptStep] = [], loop: Bool = false
    ) -> FakeRoom {
        FakeRoom(
            uniqueId: uniqueId, roomId: roomId, hostUserId: hostId, nickname: "The Host", status: status,
            script: script,
            loopScript: loop)
    }

    static func chat(_ id: Int64, _ text: String = "hello") -> FakeMessage {
        .chat(msgId: id, roomId: roomId, user: fan, text: text)
    }
}

/// Starts an edge, runs `body`, and shuts the edge down whatever happens.
func withEdge(
    rooms: [FakeRoom] = [Fixture.room()], faults: FakeEdgeFaults = .init(),
    _ body: (FakeTikTokEdge) async throws -> Void
) async throws {
    let edge = try await FakeTikTokEdge.start(rooms: rooms, faults: faults)
    do {
        try await body(edge)
    } catch {
        try await edge.shutdown()
        throw error
    }
    try await edge.shutdown()
}

/// A plain HTTP answer, read whole.
struct HTTPAnswer {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8))
        return try #require(object as? [String: Any])
    }
}

/// GETs `path` (with query) from the edge.
func get(_ edge: FakeTikTokEdge, _ pathAndQuery: String, headers: [(String, String)] = []) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: edge.webURL.absoluteString + pathAndQuery)
    request.headers.add(name: "User-Agent", value: Fixture.userAgent)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 1 << 20)
    return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
}

/// Mints a ttwid the way a client does: GET a profile page and read the cookie.
func mintTtwid(_ edge: FakeTikTokEdge, user: String = "tiktok") async throws -> String {
    let answer = try await get(edge, "/@\(user)")
    let cookie = try #require(answer.headers["Set-Cookie"].first)
    let pair = try #require(cookie.split(separator: ";").first)
    #expect(pair.hasPrefix("ttwid="))
    return String(pair.dropFirst("ttwid=".count))
}

/// A push-socket client built on WebSocketKit, keeping received binary messages in arrival order.
final class TestSocket: Sendable {
    let socket: WebSocket
    private let inbox: Inbox

    /// Holds what arrived; fed by one pump task so that order is kept.
    actor Inbox {
        var messages: [[UInt8]] = []
        var closed = false

        func append(_ bytes: [UInt8]) { messages.append(bytes) }
        func close() { closed = true }
    }

    private init(socket: WebSocket, inbox: Inbox) {
        self.socket = socket
        self.inbox = inbox
    }

    /// Opens the push socket for `roomId` with a Cookie and User-Agent, like the real client.
    static func connect(
        _ edge: FakeTikTokEdge, roomId: Int64 = Fixture.roomId, ttwid: String?,
        userAgent: String? = Fixture.userAgent, gzip: Bool = true
    ) async throws -> TestSocket {
        var headers = HTTPHeaders()
        if let userAgent { headers.add(name: "User-Agent", value: userAgent) }
        if let ttwid { headers.add(name: "Cookie", value: "ttwid=\(ttwid)") }
        headers.add(name: "Origin", value: "https://www.tiktok.com")
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.any().makePromise(of: WebSocket.self)
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let inbox = Inbox()
        let pump = Task {
            for await message in stream { await inbox.append(message) }
            await inbox.close()
        }
        _ = pump
        do {
            try await WebSocket.connect(
                scheme: "ws", host: "127.0.0.1", port: edge.port, path: "/webcast/im/ws_proxy/ws_reuse_supplement/",
                query: "aid=1988&compress=\(gzip ? "gzip" : "")&room_id=\(roomId)", headers: headers,
                configuration: .init(maxFrameSize: 8 << 20), on: group,
                onUpgrade: { socket in
                    // Handlers must be set here, before the first frame can arrive.
                    socket.onBinary { _, buffer in continuation.yield(Array(buffer.readableBytesView)) }
                    socket.onClose.whenComplete { _ in continuation.finish() }
                    promise.succeed(socket)
                }
            ).get()
        } catch {
            continuation.finish()
            promise.fail(error)
            throw error
        }
        return TestSocket(socket: try await promise.futureResult.get(), inbox: inbox)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await socket.send(bytes)
    }

    /// Sends a heartbeat and `im_enter_room`, as a client does right after the handshake
    /// (docs/PROTOCOL.md#session-sequence).
    func enterRoom(_ roomId: Int64 = Fixture.roomId) async throws {
        try await send(FrameEncoder.heartbeat(roomID: UInt64(roomId)))
        try await send(FrameEncoder.enterRoom(roomID: roomId))
    }

    var messages: [[UInt8]] { get async { await inbox.messages } }
    var isClosed: Bool { get async { await inbox.closed } }

    /// Waits until `count` messages arrived; returns them all (possibly fewer on timeout).
    @discardableResult
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(3)) async -> [[UInt8]] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let messages = await inbox.messages
            let closed = await inbox.closed
            if messages.count >= count || closed { return messages }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return await inbox.messages
    }

    /// Decoded `msg` frames received so far, waiting until there are `count` of them.
    func waitForBatches(_ count: Int, timeout: Duration = .seconds(3)) async -> [DecodedFrame] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let batches = await decodedBatches()
            let closed = await inbox.closed
            if batches.count >= count || ContinuousClock.now >= deadline || closed {
                return await decodedBatches()
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Every message decoded in arrival order by one decoder, as a client would; only the `msg` frames kept.
    func decodedBatches() async -> [DecodedFrame] {
        var decoder = FrameDecoder()
        return await inbox.messages.compactMap { try? decoder.decode($0) }.filter { $0.payloadType == "msg" }
    }

    /// Waits for the socket to close; `false` on timeout.
    func waitForClose(timeout: Duration = .seconds(3)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if await inbox.closed { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return await inbox.closed
    }

    func close() async {
        try? await socket.close(code: .normalClosure)
    }
}

/// The handshake refusal WebSocketKit reports as a non-101 response head.
func refusal(of error: any Error) -> HTTPResponseHead? {
    guard case WebSocketClient.Error.invalidResponseStatus(let head) = error else { return nil }
    return head
}

extension DecodedFrame {
    /// The message ids of the batch, in order.
    var messageIds: [String] { events.compactMap(\.msgId) }
}
