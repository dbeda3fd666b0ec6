public import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
public import TikTokLiveEvents

/// A fake TikTok edge on loopback: the web routes a client resolves rooms and mints cookies with, and the push
/// WebSocket it receives events from, with scripted rooms and injectable faults.
///
/// Live TikTok is unreachable from CI and unpredictable when it is reachable, so everything a client does against
/// TikTok is done here against this edge instead: one origin stands for `www.tiktok.com`, `webcast.tiktok.com`
/// and `webcast-ws.tiktok.com`. The edge speaks the wire protocol of docs/PROTOCOL.md — api-live JSON, the SIGI
/// live page, ttwid cookies, refused handshakes with `Handshake-Status`/`Handshake-Msg`, gzip `msg` frames with
/// acks and heartbeats — and records every request and frame so tests can assert on what the client sent.
///
/// ```swift
/// let roomId: Int64 = 7_000_000_000_000_000_001
/// let fan = FakeUser(id: 1, uniqueId: "fan", nickname: "Fan")
/// let edge = try await FakeTikTokEdge.start(rooms: [
///     FakeRoom(uniqueId: "host", roomId: roomId, hostUserId: 42, nickname: "Host",
///              script: [.batch([.chat(msgId: 1, roomId: roomId, user: fan, text: "hi")])])
/// ])
/// // Point a client at it: TikTokLive("host", configuration: .init(endpoints: edge.endpoints)); run it, assert on
/// // edge.receivedFrames / edge.handshakes / edge.sentMessageIds, then:
/// try await edge.shutdown()
/// ```
///
/// It also plays what TikTok may do next or does to some networks (``FakeEdgeFaults``): a socket that demands a
/// signature, with a signing service at ``signerURL`` to supply it; room lookups behind a captcha or an HTTP wall;
/// sockets that accept and never send.
///
/// A client gets in the way it would with TikTok: mint a ttwid from a profile page (`GET /@tiktok`), open the
/// socket with that cookie and a User-Agent, send `hb` and `im_enter_room`; the room's script then plays.
/// Every instance owns one event-loop thread; call ``shutdown()`` when done.
public final class FakeTikTokEdge: Sendable {
    private let core: EdgeCore
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: any Channel
    private let isShutDown = NIOLockedValueBox(false)

    /// The TCP port the edge listens on.
    public let port: Int
    private let host: String

    /// Largest WebSocket frame the edge accepts from a client (8 MiB+: the same ceiling as the client's decoder).
    static let maxFrameSize = 16 << 20

    private init(
        core: EdgeCore, group: MultiThreadedEventLoopGroup, serverChannel: any Channel, host: String, port: Int
    ) {
        self.core = core
        self.group = group
        self.serverChannel = serverChannel
        self.host = host
        self.port = port
    }

    /// Starts an edge listening on `host:port` (port 0 picks a free port).
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, rooms: [FakeRoom] = [], faults: FakeEdgeFaults = .init()
    ) async throws -> FakeTikTokEdge {
        let core = EdgeCore(rooms: rooms, faults: faults)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.configure(channel, core: core)
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let boundPort = channel.localAddress?.port ?? port
            return FakeTikTokEdge(core: core, group: group, serverChannel: channel, host: host, port: boundPort)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// HTTP/1.1 with a WebSocket upgrader whose decision (and its recording) happens in `shouldUpgrade`; a
    /// refused upgrade falls through to the HTTP handler, which writes TikTok's 200-with-headers refusal.
    private static func configure(_ channel: any Channel, core: EdgeCore) throws {
        let outcome = HandshakeOutcome()
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize,
            automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let request = EdgeRequest(
                    method: head.method.rawValue, uri: head.uri,
                    headers: head.headers.map { (name: $0.name, value: $0.value) })
                guard EdgeCore.isPushSocketPath(request.path) else {
                    // Not our socket: let the HTTP handler answer 404 (or 400 on the socket path).
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                let decision = core.decideHandshake(request)
                outcome.decision.withLockedValue { $0 = decision }
                guard decision.refusal == nil else { return channel.eventLoop.makeSucceededFuture(nil) }
                // TL reads the ping interval from here (docs/PROTOCOL.md#handshake); the value mirrors the 10 s
                // heartbeat.
                return channel.eventLoop.makeSucceededFuture(HTTPHeaders([("Handshake-Options", "ping-interval=10")]))
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    guard let decision = outcome.decision.withLockedValue({ $0 }) else {
                        throw ChannelError.inappropriateOperationForState
                    }
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024,
                            maxAccumulatedFrameSize: maxFrameSize))
                    try sync.addHandler(
                        PushSessionHandler(
                            core: core, connection: decision.connection, roomId: decision.roomId, gzip: decision.gzip,
                            silent: decision.silent))
                }
            })
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (
                upgraders: [upgrader],
                completionHandler: { context in
                    context.pipeline.removeHandler(name: EdgeHTTPHandler.name, promise: nil)
                }
            ))
        try channel.pipeline.syncOperations.addHandler(
            EdgeHTTPHandler(core: core, outcome: outcome), name: EdgeHTTPHandler.name)
    }

    // MARK: - Endpoints

    /// Stands for `https://www.tiktok.com`: api-live, the live page and profile pages.
    public var webURL: URL { url("http", "") }
    /// Stands for `https://webcast.tiktok.com`: `room/info`. Same origin as ``webURL``.
    public var webcastURL: URL { webURL }
    /// The push socket URL, trailing slash included, without a query.
    public var wsURL: URL { url("ws", pushSocketPath) }
    /// A signing service for `HTTPSocketSigner` (`POST`), answering what a signing edge accepts (see
    /// ``FakeEdgeFaults/requireSignature`` and ``FakeEdgeFaults/signerAnswers``).
    public var signerURL: URL { url("http", signerPath) }

    /// All three endpoints, for a client's configuration: `TikTokLive.Configuration(endpoints: edge.endpoints)`.
    public var endpoints: TikTokLive.Endpoints {
        TikTokLive.Endpoints(webURL: webURL, webcastURL: webcastURL, wsURL: wsURL)
    }

    private func url(_ scheme: String, _ path: String) -> URL {
        // A host and a port this edge listens on, and a path of our own: always a valid URL.
        URL(string: "\(scheme)://\(hostForURL):\(port)\(path)")!
    }

    private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    // MARK: - Configuration

    /// Adds a room, replacing any room with the same room id or handle; the new room's script starts at its top.
    public func add(_ room: FakeRoom) {
        core.state.withLockedValue { $0.add(room) }
    }

    /// Appends steps to a room's script while it runs: an idle socket to the room picks them up within ~20 ms.
    /// Returns `false` when the room is unknown.
    @discardableResult
    public func append(_ steps: [FakeScriptStep], toRoom roomId: Int64) -> Bool {
        core.state.withLockedValue { state in
            guard state.rooms[roomId] != nil else { return false }
            state.rooms[roomId]?.room.script.append(contentsOf: steps)
            return true
        }
    }

    /// Changes the injected faults atomically, e.g. `edge.updateFaults { $0.deviceBlockedHandshakes = 2 }`.
    public func updateFaults(_ change: @Sendable (inout FakeEdgeFaults) -> Void) {
        core.state.withLockedValue { change(&$0.faults) }
    }

    /// The faults as they stand now (counters shrink as they are consumed).
    public var faults: FakeEdgeFaults {
        core.state.withLockedValue { $0.faults }
    }

    // MARK: - Observations

    /// Every binary WebSocket message received from clients, in arrival order.
    public var receivedFrames: [ReceivedFrame] { core.state.withLockedValue { $0.receivedFrames } }
    /// Every WebSocket handshake attempt, accepted or refused.
    public var handshakes: [HandshakeRecord] { core.state.withLockedValue { $0.handshakes } }
    /// Every plain HTTP request (handshakes excluded).
    public var httpRequests: [HTTPRequestRecord] { core.state.withLockedValue { $0.httpRequests } }
    /// Push sockets open right now.
    public var openConnections: Int { core.state.withLockedValue { $0.sessions.count } }
    /// Push sockets that have gone silent through a ``FakeScriptStep/goSilent`` step: a test waits for this
    /// before it checks that nothing more arrives.
    public var silencedConnections: Int { core.state.withLockedValue { $0.silencedConnections } }
    /// Every message id pushed, in order, replays included.
    public var sentMessageIds: [Int64] { core.state.withLockedValue { $0.sentMessageIds } }
    /// Every `msg` batch pushed, in order, with the `internal_ext` a correct ack must echo.
    public var sentBatches: [SentBatch] { core.state.withLockedValue { $0.sentBatches } }
    /// The most api-live requests held open at once by ``FakeEdgeFaults/lookupDelay``.
    public var maxLookupsInFlight: Int { core.state.withLockedValue { $0.maxLookupsInFlight } }
    /// Every FLV stream GET served, in order, as it stands now.
    public var streamConnections: [FakeStreamConnection] { core.state.withLockedValue { $0.streamConnections } }
    /// Every ttwid cookie value the edge minted, in `1|…|…|…` form.
    public var mintedTtwids: Set<String> { core.state.withLockedValue { $0.mintedTtwids } }

    /// Waits until at least `count` received frames match, polling every 10 ms; `false` on timeout.
    public func waitForFrames(
        where predicate: @Sendable (ReceivedFrame) -> Bool, count: Int = 1, timeout: Duration
    ) async -> Bool {
        await waitUntil(timeout: timeout) {
            core.state.withLockedValue { $0.receivedFrames.lazy.filter(predicate).count } >= count
        }
    }

    /// Waits until `condition` holds, polling every 10 ms; `false` on timeout. For conditions over the other
    /// observations, e.g. `await edge.waitUntil(timeout: .seconds(2)) { edge.openConnections == 0 }`.
    public func waitUntil(timeout: Duration, _ condition: @Sendable () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                return condition()
            }
        }
    }

    // MARK: - Lifecycle

    /// Closes every socket, stops the script players and the event loop. Safe to call more than once.
    public func shutdown() async throws {
        let first = isShutDown.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let (sessions, players) = core.state.withLockedValue { state in
            (Array(state.sessions.values), state.players)
        }
        for player in players {
            player.cancel()
        }
        try? await serverChannel.close()
        for session in sessions {
            try? await session.channel.close()
        }
        // A player still writing when the loop stops would schedule work on a dead event loop.
        for player in players {
            await player.value
        }
        try await group.shutdownGracefully()
    }
}
