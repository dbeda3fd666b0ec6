import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// What the WebSocket upgrader decided for this connection's handshake, read by the HTTP handler when the
/// upgrade was refused (NIO hands a refused upgrade request to the normal HTTP handler).
final class HandshakeOutcome: Sendable {
    let decision = NIOLockedValueBox<HandshakeDecision?>(nil)
}

/// Serves the plain HTTP routes, and answers refused WebSocket handshakes with TikTok's non-101 response.
final class EdgeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let name = "fake-edge-http"

    private let core: EdgeCore
    private let outcome: HandshakeOutcome
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// No route reads more than this (a signing request is a few kilobytes).
    static let maxBodyBytes = 1 << 20

    init(core: EdgeCore, outcome: HandshakeOutcome) {
        self.core = core
        self.outcome = outcome
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            if body.count + buffer.readableBytes <= Self.maxBodyBytes {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head, body: body)
            body = []
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, body: [UInt8]) {
        let request = EdgeRequest(
            method: head.method.rawValue, uri: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) },
            body: body)
        let response: EdgeResponse
        if let decision = outcome.decision.withLockedValue({ value in
            defer { value = nil }; return value
        }),
            let refusal = decision.refusal
        {
            response = EdgeCore.refusalResponse(status: refusal.status, message: refusal.message)
        } else {
            response = core.respond(to: request)
        }
        if let plan = response.stream {
            // The FLV stream is written over time by a task of its own (EdgeStreamServer.swift).
            EdgeStreamServer.start(plan, channel: context.channel, version: head.version, core: core)
            return
        }
        guard response.delayMilliseconds == 0 else {
            // Lookups held back (`FakeEdgeFaults.lookupDelay`) are counted in flight until answered.
            let isLookup = request.path.hasPrefix("/api-live/")
            if isLookup { core.lookupStarted() }
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(response.delayMilliseconds))) {
                if isLookup { self.core.lookupFinished() }
                guard context.channel.isActive else { return }
                self.write(response, for: head, context: context)
            }
            return
        }
        write(response, for: head, context: context)
    }

    private func write(_ response: EdgeResponse, for head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Server", value: "fake-tiktok-edge")
        let keepAlive = head.isKeepAlive
        if !keepAlive {
            headers.replaceOrAdd(name: "Connection", value: "close")
        }
        let responseHead = HTTPResponseHead(
            version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(Self.wrapOutboundOut(.head(responseHead)), promise: nil)
        if head.method != .HEAD, !response.body.isEmpty {
            context.write(
                Self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
                promise: nil)
        }
        let done = context.writeAndFlush(Self.wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A refused or malformed upgrade is reported here before NIO hands the request on to `channelRead`,
        // which answers it; closing now would swallow the refusal.
        if error is NIOWebSocketUpgradeError { return }
        // Anything else (a malformed request): this connection is done, the edge is not.
        context.close(promise: nil)
    }
}
