public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
public import ServiceLifecycle
import TikTokLiveEvents

/// A self-hosted relay ("managed mode"): clients open a WebSocket to `/?uniqueId=<creator>` and receive that
/// creator's events as JSON text messages, `{"event":"<name>","data":{...}}` (``RelayEnvelope``), the envelope the
/// original product's SDKs read from a relay.
///
/// ```swift
/// let relay = try await RelayServer.start(configuration: .init(port: 8080))
/// // ws://127.0.0.1:8080/?uniqueId=some_creator   — and GET /health
/// try await relay.run()   // until shutdown()
/// ```
///
/// It is a swift-service-lifecycle `Service`: in a `ServiceGroup`, a graceful shutdown (SIGTERM, say) runs
/// ``shutdown()`` and ``run()`` then returns.
///
/// - Every creator has at most one upstream ``TikTokLive`` session, opened by its first client and shared by all of
///   them; it closes ``Configuration/gracePeriod`` after the last client left. Upstream reconnects reach clients
///   only as `reconnecting` / `connected` events. A client that joins a connected session gets its `connected` and
///   `roomInfo` events first.
/// - A creator that cannot be watched (offline, unknown, blocked, ...) costs each of its clients one
///   `{"event":"error","data":{"kind":"offline","message":...}}` message and a close with code 4000.
/// - Each client has a bounded queue; one that falls ``Configuration/clientQueueLimit`` events behind is dropped
///   (close code 4008) and never slows the others. Close codes: ``RelayCloseCode``.
/// - Refusals happen before any request to TikTok: a WebSocket gets an `error` message (kind `unauthorized`,
///   `invalidUsername`, `tooManyClients`, `tooManyCreators`) and a close (4401, 4400, 1013); a plain HTTP `GET /`
///   gets 401, 400 or 503 with that message as its body.
/// - A connection that is not a WebSocket is closed when it idles or dawdles over a request
///   (``Configuration/idleTimeout``, ``Configuration/requestTimeout``), gets 400 when it does not speak HTTP/1.1, and
///   503 beyond ``Configuration/maxPendingConnections`` or ``Configuration/maxConnectionsPerAddress``.
public final class RelayServer: Service {
    public let configuration: Configuration
    /// The TCP port the relay listens on (the bound one when ``Configuration/port`` was 0).
    public let port: Int
    private let hub: RelayHub
    private let runTask: NIOLockedValueBox<Task<Void, Never>?>
    private let listener: NIOLockedValueBox<(any Channel)?>
    private let stopped: NIOLockedValueBox<Bool>

    private init(
        configuration: Configuration, port: Int, hub: RelayHub, runTask: NIOLockedValueBox<Task<Void, Never>?>,
        listener: NIOLockedValueBox<(any Channel)?>
    ) {
        self.configuration = configuration
        self.port = port
        self.hub = hub
        self.runTask = runTask
        self.listener = listener
        self.stopped = NIOLockedValueBox(false)
    }

    /// `ws://host:port/`: add `?uniqueId=<creator>` (and `&apiKey=<token>`).
    public var url: URL {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return URL(string: "ws://\(host):\(port)/")!
    }

    /// Creators and clients right now, as `GET /health` reports them.
    public var health: RelayHealth { hub.health }

    /// Binds and starts serving; returns once the relay accepts connections.
    public static func start(configuration: Configuration = Configuration()) async throws -> RelayServer {
        let hub = RelayHub(configuration: configuration)
        let admission = RelayAdmission(token: configuration.token, hub: hub)
        // Resumed once: with the port when the server runs, or with the error that kept it from running.
        let signal = OnceResult<Int>()
        let listener = NIOLockedValueBox<(any Channel)?>(nil)
        let webSocketResponder = webSocketRouter(hub: hub, admission: admission).buildResponder()
        let limits = RelayConnectionLimits(configuration: configuration)
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(
            ws: .init(
                maxFrameSize: 1 << 20,
                // The relay pings accepted clients itself (RelayHeartbeat.swift): swift-websocket's pings hold memory.
                autoPing: .disabled,
                closeTimeout: configuration.closeTimeout))
        let application = Application(
            router: httpRouter(hub: hub, admission: admission),
            server: HTTPServerBuilder { responder in
                RelayChildChannel(
                    inner: HTTP1WebSocketUpgradeChannel(
                        responder: responder, webSocketResponder: webSocketResponder,
                        configuration: channelConfiguration),
                    limits: limits)
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                listener.withLockedValue { $0 = channel }
                signal.resume(.success(channel.localAddress?.port ?? configuration.port))
            },
            logger: configuration.logger)
        let runTask = NIOLockedValueBox<Task<Void, Never>?>(nil)
        let port = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            signal.set(continuation)
            runTask.withLockedValue { task in
                task = Task {
                    do {
                        try await application.run()
                        signal.resume(.failure(RelayServerError("the relay stopped before it started")))
                    } catch {
                        signal.resume(.failure(error))
                    }
                }
            }
        }
        configuration.logger.info("relay listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        return RelayServer(configuration: configuration, port: port, hub: hub, runTask: runTask, listener: listener)
    }

    /// Waits until ``shutdown()`` has finished; a cancelled task or a graceful shutdown of the service group
    /// shuts the relay down first.
    public func run() async {
        let task = runTask.withLockedValue { $0 }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await task?.value
            } onGracefulShutdown: {
                Task { await self.shutdown() }
            }
        } onCancel: {
            Task { await self.shutdown() }
        }
    }

    /// Closes every client (1001, "the relay is shutting down") and upstream session, then stops listening.
    /// Safe to call more than once.
    public func shutdown() async {
        let first = stopped.withLockedValue { stopped in
            defer { stopped = true }
            return !stopped
        }
        let task = runTask.withLockedValue { $0 }
        guard first else {
            await task?.value
            return
        }
        // No new connections first, so that none arrives in the middle of the goodbyes (a client reconnecting at once
        // would otherwise meet a relay half gone).
        try? await listener.withLockedValue { $0 }?.close()
        await hub.shutdown()
        // Give the clients a moment (at most 2 s) to take their close frames before the connections are cancelled.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.hub.connectionsClosed() }
            group.addTask { try? await Task.sleep(for: .seconds(2)) }
            await group.next()
            group.cancelAll()
        }
        task?.cancel()
        await task?.value
    }

    // MARK: - Routes

    private static func httpRouter(hub: RelayHub, admission: RelayAdmission) -> Router<RelayRequestContext> {
        let router = Router(context: RelayRequestContext.self)
        router.get("/health") { _, _ -> Response in
            let body = try JSONEncoder().encode(hub.health)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        // A refused WebSocket handshake lands here too, and gets the refusal's status and reason.
        router.get("/") { request, _ -> Response in
            switch admission.check(request) {
            case .failure(let refusal):
                return refusal.response
            case .success:
                return errorResponse(
                    .upgradeRequired, kind: .upgradeRequired,
                    "open a WebSocket here to receive the creator's events as JSON messages")
            }
        }
        return router
    }

    static func webSocketRouter(hub: RelayHub, admission: RelayAdmission) -> Router<RelayRequestContext> {
        let router = Router(context: RelayRequestContext.self)
        // Every handshake is taken, and a refusal is told on the socket: hummingbird answers a refused upgrade with a
        // bare 400, which would hide the reason. Nothing reaches TikTok before the checks pass.
        router.ws("/") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            hub.connectionOpened()
            defer {
                context.requestContext.links.release()
                hub.connectionClosed()
            }
            // Open while the upgrade is under way; gone only if the client left in the meantime.
            guard let channel = context.requestContext.channel else { return }
            // A WebSocket now: its own pings and close timeout take over from the HTTP timeouts.
            try? await channel.pipeline.removeHandler(name: RelayConnectionGuard.name).get()
            if let size = hub.configuration.clientSendBufferSize {
                try? await channel.setOption(ChannelOptions.socketOption(.so_sndbuf), value: SocketOptionValue(size))
                    .get()
            }
            switch admission.check(context.request).flatMap({ hub.join(uniqueId: $0) }) {
            case .failure(let refusal):
                hub.logger.info(
                    "refused a client", metadata: ["kind": "\(refusal.kind)", "message": "\(refusal.message)"])
                try await outbound.write(
                    .custom(WebSocketFrame(fin: true, opcode: .text, data: refusal.message(.init()))))
                let reason = RelayHub.closeReason("\(refusal.kind): \(refusal.message)")
                try await outbound.write(.custom(RelayClientConnection.closeFrame(refusal.close, reason: reason)))
                // Until the client answers the close (see `closeFrame`), or the close timeout.
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await _ in inbound {}
                        } catch {}
                    }
                    group.addTask { await sleepOnLoop(for: hub.configuration.closeTimeout, on: channel.eventLoop) }
                    await group.next()
                    group.cancelAll()
                }
            case .success(let outbox):
                if let interval = hub.configuration.pingInterval {
                    RelayHeartbeat.start(on: channel, every: interval)
                }
                await RelayClientConnection(
                    outbox: outbox, hub: hub, inbound: inbound, outbound: outbound, channel: channel
                ).run()
            }
        }
        return router
    }

    static func errorResponse(_ status: HTTPResponse.Status, kind: TikTokLiveError.Kind, _ message: String) -> Response
    {
        let body = RelayEnvelope.encode(.error(ErrorEvent(kind: kind, message: message)))
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The relay could not start.
public struct RelayServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension RelayRefusal {
    var response: Response {
        RelayServer.errorResponse(HTTPResponse.Status(code: status.rawValue), kind: kind, message)
    }

    /// The `error` message a refused WebSocket client gets before the close.
    func message(_ allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(bytes: RelayEnvelope.encode(.error(ErrorEvent(kind: kind, message: message))))
    }
}

/// The request context of every route: Hummingbird's basics, the WebSocket upgrade slot, and the channel (to cut a
/// slow client's connection).
///
/// Neither the slot nor the channel is stored in the context itself. hummingbird-websocket 2.8.1 keeps the
/// upgrade's context and handler in a box that the context's own ``webSocket`` reference points to
/// (`WebSocketHandlerReference`), and nothing ever empties that box: a cycle that kept every handshake's context,
/// accepted or refused, alive for good, with the connection's whole NIO channel when the context held it (~4.6 KiB
/// per handshake). ``RelayRequestLinks`` breaks the cycle from our side: it lets go of the slot when the connection
/// closes (or the WebSocket handler returns, whichever is first), and holds the channel weakly meanwhile.
struct RelayRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let links: RelayRequestLinks

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        links = RelayRequestLinks(channel: source.channel)
    }

    /// The slot hummingbird-websocket fills for an upgrade; an empty one once the connection is done with it.
    var webSocket: WebSocketHandlerReference<RelayRequestContext> {
        links.webSocket ?? WebSocketHandlerReference()
    }

    /// The connection, while it is open.
    var channel: (any Channel)? { links.channel }
}

/// What a ``RelayRequestContext`` refers to without owning it for longer than the connection lasts.
final class RelayRequestLinks: Sendable {
    private struct State: Sendable {
        var webSocket: WebSocketHandlerReference<RelayRequestContext>?
        weak var channel: (any Channel)?
    }

    private let state: NIOLockedValueBox<State>

    init(channel: any Channel) {
        state = NIOLockedValueBox(State(webSocket: WebSocketHandlerReference(), channel: channel))
        // The box is only reachable through the channel's close callbacks and the contexts: once the connection is
        // closed, clearing the slot leaves nothing that keeps either alive.
        channel.closeFuture.whenComplete { [self] _ in release() }
    }

    var webSocket: WebSocketHandlerReference<RelayRequestContext>? { state.withLockedValue { $0.webSocket } }
    var channel: (any Channel)? { state.withLockedValue { $0.channel } }

    /// Drops the upgrade slot (and with it the context and handler hummingbird-websocket put in it).
    func release() {
        state.withLockedValue { $0.webSocket = nil }
    }
}
