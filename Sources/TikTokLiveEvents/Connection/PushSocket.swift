import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOWebSocket
import WebSocketKit

/// What a session's loop reacts to: the socket's frames and close, and the client's own timers and stop.
enum SessionInput: Sendable {
    case frame([UInt8])
    /// `reason` is set when this side closed for a reason of its own: a message past the frame limit.
    case closed(code: Int?, reason: String?)
    case stale
    case stop
}

/// Why a handshake did not produce a socket.
enum PushSocketConnectError: Error, Sendable {
    /// The server answered the upgrade with something other than 101; `headers` is its whole answer's head.
    case refused(
        status: Int, handshakeStatus: String?, handshakeMessage: String?, headers: [(name: String, value: String)] = [])
    case network(String)

    var isDeviceBlocked: Bool {
        guard case .refused(_, let status, let message, _) = self else { return false }
        return message?.uppercased().contains("DEVICE_BLOCKED") == true || status == "415"
    }

    /// Whether the refusal names a signature (`X-Gnarly`, "sign..."): what a socket that enforces one would say.
    var asksForSignature: Bool {
        guard case .refused(_, _, let message?, _) = self else { return false }
        let lowered = message.lowercased()
        return lowered.contains("sign") || lowered.contains("gnarly")
    }

    /// How a person is told where signing is configured.
    static let signerHint =
        "configure a socket signer (CLI: --signer URL or $TIKTOK_LIVE_SIGNER_URL; code: Configuration.socketSigner)"

    /// A sentence that says what happened, with the status and `Handshake-*` headers as received: this path
    /// is only fully testable by hand against TikTok, so the message is the diagnosis. `signed` says whether a
    /// signer signed the request, which changes the advice.
    func error(signed: Bool) -> TikTokLiveError {
        switch self {
        case .refused(let status, let handshakeStatus, let handshakeMessage, _):
            var detail = "HTTP \(status)"
            if let handshakeStatus { detail += ", Handshake-Status: \(handshakeStatus)" }
            if let handshakeMessage { detail += ", Handshake-Msg: \(handshakeMessage)" }
            if isDeviceBlocked {
                return TikTokLiveError(
                    .deviceBlocked,
                    "the push socket refused the handshake (\(detail)): TikTok flagged this device/ttwid; a fresh ttwid is minted for the next attempt"
                )
            }
            if asksForSignature {
                let advice =
                    signed
                    ? "the configured signer's signature was not accepted; check the signing service"
                    : "TikTok wants a signed socket URL: \(Self.signerHint)"
                return TikTokLiveError(
                    .signatureRequired, "the push socket refused the handshake (\(detail)): \(advice)")
            }
            let advice = signed ? "" : "; if TikTok now requires a signed socket, \(Self.signerHint)"
            return TikTokLiveError(
                .blocked,
                "the push socket refused the handshake (\(detail)); a fresh ttwid is minted for the next attempt\(advice)"
            )
        case .network(let message):
            return TikTokLiveError(.network, message)
        }
    }
}

/// A thin async face over a WebSocketKit client socket: binary frames in (through a session's input stream),
/// binary frames out. WebSocket pings are never sent: TikTok does not answer them.
final class PushSocket: Sendable {
    private let socket: WebSocket

    private init(socket: WebSocket) {
        self.socket = socket
    }

    /// Opens the socket. Frames and the close are delivered to `inputs` from the moment of the upgrade, so
    /// none is lost between the handshake and the caller's first read; `lastReceived` is set on each frame.
    static func connect(
        _ request: PushSocketRequest, proxy: TikTokLive.Proxy?, maxFrameSize: Int, timeout: Duration,
        inputs: AsyncStream<SessionInput>.Continuation, lastReceived: NIOLockedValueBox<ContinuousClock.Instant>
    ) async throws(PushSocketConnectError) -> PushSocket {
        let group = HTTPClient.defaultEventLoopGroup
        var configuration = WebSocketClient.Configuration(maxFrameSize: max(maxFrameSize, 1 << 20))
        // WebSocketKit joins a message's continuation frames without a bound of its own (2.16: both limits default
        // to Int.max); the whole message is held to the frame limit, in a bounded number of fragments.
        configuration.maxAccumulatedFrameSize = maxFrameSize
        configuration.maxAccumulatedFrameCount = maxFragments
        let client = WebSocketClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
        var headers = HTTPHeaders()
        for (name, value) in request.headers {
            headers.add(name: name, value: value)
        }
        let once = OnceResult<WebSocket>()
        do {
            let socket = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WebSocket, any Error>) in
                    once.set(continuation)
                    // Resume from onUpgrade, not from the connect future: the future can complete before the
                    // WebSocket handler is in place.
                    let connected = client.connect(
                        scheme: request.scheme, host: request.host, port: request.port, path: request.path,
                        query: request.query, headers: headers, proxy: proxy?.host, proxyPort: proxy?.port
                    ) { socket in
                        let watch = OversizeWatch(maxFrameSize: maxFrameSize)
                        if let channel = Self.channel(of: socket) {
                            try? channel.pipeline.syncOperations.addHandler(watch)
                        }
                        socket.onBinary { _, buffer in
                            // Stamped on arrival, so a slow handler downstream never looks like a silent socket.
                            lastReceived.withLockedValue { $0 = .now }
                            inputs.yield(.frame(Array(buffer.readableBytesView)))
                        }
                        // TikTok sends binary frames only; a relay (managed mode) sends JSON text.
                        socket.onText { _, text in
                            lastReceived.withLockedValue { $0 = .now }
                            inputs.yield(.frame(Array(text.utf8)))
                        }
                        socket.onClose.whenComplete { _ in
                            inputs.yield(
                                .closed(
                                    code: socket.closeCode.map { Int(UInt16(webSocketErrorCode: $0)) },
                                    reason: watch.reason))
                        }
                        if !once.resume(.success(socket)) {
                            // The caller gave up (timeout) before the upgrade finished.
                            _ = socket.close(code: .goingAway)
                        }
                    }
                    connected.whenFailure { error in
                        once.resume(.failure(error))
                    }
                    group.any().scheduleTask(in: TimeAmount(timeout)) {
                        once.resume(
                            .failure(
                                PushSocketConnectError.network(
                                    "the socket handshake timed out after \(timeout.formattedSeconds)")))
                    }
                }
            } onCancel: {
                once.resume(.failure(PushSocketConnectError.network("the socket handshake was cancelled")))
            }
            return PushSocket(socket: socket)
        } catch let error as PushSocketConnectError {
            throw error
        } catch WebSocketClient.Error.invalidResponseStatus(let head) {
            throw .refused(
                status: Int(head.status.code), handshakeStatus: head.headers.first(name: "Handshake-Status"),
                handshakeMessage: head.headers.first(name: "Handshake-Msg"),
                headers: head.headers.map { (name: $0.name, value: $0.value) })
        } catch {
            throw .network("could not open the push socket at \(request.hostDescription): \(error)")
        }
    }

    /// Fragments one message may arrive in. TikTok sends each message as one frame; a sender that splits one
    /// finely is hostile or broken (each fragment pins a read buffer until the message is whole).
    static let maxFragments = 1024

    /// The socket's channel, which WebSocketKit (2.16) keeps internal: read by reflection, for the two things its
    /// API cannot do, watching for an oversized message and cutting a peer that never answers a close.
    static func channel(of socket: WebSocket) -> (any Channel)? {
        Mirror(reflecting: socket).children.first { $0.label == "channel" }?.value as? any Channel
    }

    func send(_ bytes: [UInt8]) async throws {
        try await socket.send(bytes)
    }

    /// Sends a close frame and waits up to two seconds for the peer's answer; a peer that never answers is left
    /// to the OS. Independent of task cancellation, so a stopping client still says goodbye.
    func close() async {
        guard !socket.isClosed else { return }
        let once = OnceResult<Void>()
        let socket = self.socket
        _ = try? await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            once.set(continuation)
            socket.close(code: .normalClosure, promise: nil)
            socket.onClose.whenComplete { _ in once.resume(.success(())) }
            socket.eventLoop.scheduleTask(in: .seconds(2)) {
                // The peer never answered: cut the connection, or a peer that keeps sending keeps it open.
                Self.channel(of: socket)?.close(promise: nil)
                once.resume(.success(()))
            }
        }
    }
}

/// Sits after WebSocketKit's handlers and notices a message past the frame limit: WebSocketKit answers it with a
/// close frame (1009) and waits for the peer's answer; this remembers why, and cuts the connection when the
/// answer does not come within a second (a peer that streams fragments forever never answers).
final class OversizeWatch: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame

    let maxFrameSize: Int
    private let why = NIOLockedValueBox<String?>(nil)

    init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    var reason: String? { why.withLockedValue { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? NIOWebSocketFrameAggregator.Error else {
            context.fireErrorCaught(error)
            return
        }
        let what: String
        switch error {
        case .accumulatedFrameSizeIsTooLarge:
            what = "a message larger than the \(maxFrameSize)-byte frame limit"
        case .tooManyFragments:
            what = "a message in more than \(PushSocket.maxFragments) fragments"
        default:
            what = "a malformed fragmented message (\(error))"
        }
        let first = why.withLockedValue { why in
            guard why == nil else { return false }
            why = "this side closed the socket: the server sent \(what)"
            return true
        }
        guard first else { return }
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
    }
}

/// A continuation resumed once, by whichever of several racing callbacks comes first (an early result, from a
/// cancellation before the continuation exists, is kept until it does).
package final class OnceResult<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var early: Result<Value, any Error>?
        var done = false
    }

    private let state = NIOLockedValueBox(State())

    package init() {}

    package func set(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLockedValue { state in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes the continuation unless something already did; returns whether this call did.
    @discardableResult
    package func resume(_ result: Result<Value, any Error>) -> Bool {
        let continuation: CheckedContinuation<Value, any Error>?? = state.withLockedValue { state in
            guard !state.done else { return .none }
            state.done = true
            guard let continuation = state.continuation else {
                state.early = result
                return .some(nil)
            }
            state.continuation = nil
            return .some(continuation)
        }
        switch continuation {
        case .none: return false
        case .some(nil): return true
        case .some(let continuation?):
            continuation.resume(with: result)
            return true
        }
    }
}
