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

/// Starts an edge and a relay in front of it on free loopback ports, runs `body`, and stops both whatever happens.
func withRelay<T>(
    rooms: [FakeRoom], configure: (inout RelayServer.Configuration) -> Void = { _ in },
    _ body: (FakeTikTokEdge, RelayServer) async throws -> T
) async throws -> T {
    let edge = try await FakeTikTokEdge.start(rooms: rooms)
    var configuration = RelayServer.Configuration(
        port: 0, gracePeriod: .milliseconds(100), closeTimeout: .seconds(2), upstream: fastConfiguration(edge))
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
    private let pingCount = LockedBox(0)

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
            // WebSocketKit answers each ping with a pong by itself; this only counts them.
            socket.onPing { _, _ in client.pingCount.withLock { $0 += 1 } }
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

    /// Pings from the relay so far (each answered).
    var pings: Int { pingCount.withLock { $0 } }

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
    func waitUntil(timeout: Duration = .seconds(30), _ condition: (RelayTestClient) -> Bool) async -> Bool {
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
