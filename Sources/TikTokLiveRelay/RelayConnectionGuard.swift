import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Every connection before it is a WebSocket: counted against ``RelayServer/Configuration/maxPendingConnections``
/// and ``RelayServer/Configuration/maxConnectionsPerAddress``, closed when it stays silent for
/// ``RelayServer/Configuration/idleTimeout`` or takes longer than ``RelayServer/Configuration/requestTimeout`` to
/// send a request, answered `400` when what it sends is not HTTP.
///
/// hummingbird-websocket 2.8.1 adds Hummingbird's own idle handling only after a first request head was read, and
/// leaves parser errors unanswered, so a half-sent request or garbage would hold its socket for good.
struct RelayChildChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value

    let inner: HTTP1WebSocketUpgradeChannel
    let limits: RelayConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        let refusal = limits.open(address)
        if refusal == nil {
            channel.closeFuture.whenComplete { _ in limits.closed(address) }
        }
        do {
            try channel.pipeline.syncOperations.addHandler(
                RelayConnectionGuard(limits: limits, refusal: refusal), name: RelayConnectionGuard.name,
                position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(RelayMalformedRequestHandler(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Open connections per remote address and connections that are not WebSockets yet, against their limits.
final class RelayConnectionLimits: Sendable {
    private struct State {
        var perAddress: [String: Int] = [:]
        var pending = 0
    }

    let maxPerAddress: Int
    let maxPending: Int
    let requestTimeout: Duration
    let idleTimeout: Duration
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(configuration: RelayServer.Configuration) {
        maxPerAddress = configuration.maxConnectionsPerAddress
        maxPending = configuration.maxPendingConnections
        requestTimeout = configuration.requestTimeout
        idleTimeout = configuration.idleTimeout
        logger = configuration.logger
    }

    /// Counts a new connection (pending, and one more for `address`), or says why it is refused (counting nothing).
    func open(_ address: String) -> String? {
        state.withLockedValue { state in
            if state.perAddress[address, default: 0] >= maxPerAddress {
                return "too many connections from one address (at most \(maxPerAddress))"
            }
            if state.pending >= maxPending {
                return "too many connections waiting to become WebSockets (at most \(maxPending))"
            }
            state.perAddress[address, default: 0] += 1
            state.pending += 1
            return nil
        }
    }

    /// The connection became a WebSocket, or closed before.
    func pendingEnded() {
        state.withLockedValue { $0.pending -= 1 }
    }

    func closed(_ address: String) {
        state.withLockedValue { state in
            let left = state.perAddress[address, default: 1] - 1
            state.perAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections from `address` right now, and those not yet WebSockets.
    var counts: (pending: Int, addresses: Int) {
        state.withLockedValue { ($0.pending, $0.perAddress.count) }
    }
}

/// First in a connection's pipeline until it becomes a WebSocket (the WebSocket handler removes it): closes it when it
/// idles or dawdles over a request. It sees bytes only, so "a request" runs from its first byte to the first byte of
/// the answer, and "idle" from the end of an answer (or the accept) to the next byte.
final class RelayConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    static let name = "tiktok-live-relay.connection-guard"

    private enum Phase {
        case idle
        case receivingRequest
        case answering
    }

    private let limits: RelayConnectionLimits
    private let refusal: String?
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?
    private var counted: Bool
    private var started = false

    init(limits: RelayConnectionLimits, refusal: String?) {
        self.limits = limits
        self.refusal = refusal
        counted = refusal == nil
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    /// Once the connection is active (the pipeline is set up before that): the refusal, or the idle timer.
    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if let refusal {
            limits.logger.info("refused a connection", metadata: ["reason": "\(refusal)"])
            Self.answer(context, status: "503 Service Unavailable", body: refusal)
            return
        }
        schedule(context, after: limits.idleTimeout, "idle")
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if counted {
            counted = false
            limits.pendingEnded()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase != .receivingRequest {
            phase = .receivingRequest
            schedule(context, after: limits.requestTimeout, "request")
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if phase == .receivingRequest {
            phase = .answering
            timer?.cancel()
            timer = nil
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        if phase == .answering {
            phase = .idle
            schedule(context, after: limits.idleTimeout, "idle")
        }
        context.flush()
    }

    private func schedule(_ context: ChannelHandlerContext, after duration: Duration, _ what: String) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let logger = limits.logger
        timer = context.eventLoop.scheduleTask(in: TimeAmount(duration)) {
            logger.debug("closing a connection that is not a WebSocket", metadata: ["timeout": "\(what)"])
            loopBound.value.close(promise: nil)
        }
    }

    /// A whole HTTP/1.1 answer written under the HTTP encoder, then the close: for connections the HTTP layer cannot
    /// answer (refused ones, and requests it could not parse).
    static func answer(_ context: ChannelHandlerContext, status: String, body: String) {
        let bytes = Array(body.utf8)
        var buffer = context.channel.allocator.buffer(capacity: 128 + bytes.count)
        buffer.writeString(
            "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(bytes.count)\r\n\r\n")
        buffer.writeBytes(bytes)
        context.writeAndFlush(NIOAny(IOData.byteBuffer(buffer))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// Right after the HTTP request decoder: a request it cannot parse (not HTTP, an HTTP/2 preface, an oversized
/// header) gets `400` and a close, instead of a socket left open with nothing said.
final class RelayMalformedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard let guardContext = try? context.pipeline.syncOperations.context(name: RelayConnectionGuard.name) else {
            context.close(promise: nil)
            return
        }
        RelayConnectionGuard.answer(guardContext, status: "400 Bad Request", body: "not an HTTP/1.1 request")
    }
}
