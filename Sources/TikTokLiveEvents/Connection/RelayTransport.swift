import Foundation
import Logging
import NIOConcurrencyHelpers

/// Managed mode: one WebSocket to a relay server (`tiktok-live-events serve`) that watches the creator and sends each
/// event as a JSON text message, `{"event":"<name>","data":{...}}` (``RelayEnvelope``). The events are delivered as
/// if they had been decoded here, lifecycle events included: the relay forwards its own upstream's `connected`,
/// `reconnecting`, `disconnected` and `error` events.
///
/// The relay's close code says how its side ended (``RelayCloseCode``): 1000 the stream ended (the run
/// returns); 4000, 4400 and 4401 a final failure, whose `error` message just before is what the run throws (the same
/// kinds as direct mode: `offline`, `notFound`, ..., and `invalidUsername`, `unauthorized`); anything else (the relay
/// restarting, a dropped connection, a client dropped as too slow, a full relay) is retried like a dropped socket in
/// direct mode, with the same backoff and budget.
struct RelayTransport: SessionTransport {
    let live: TikTokLive
    let request: PushSocketRequest
    let uniqueId: String
    /// The relay's upstream de-duplicates already; this only covers a reconnect to a relay that replays.
    var deduplicator: MessageDeduplicator
    var configuration: TikTokLive.Configuration { live.configuration }
    var logger: Logger { live.configuration.logger }
    var target: String { " to the relay" }

    init(live: TikTokLive, url: URL, uniqueId: String) throws(TikTokLiveError) {
        self.live = live
        self.uniqueId = uniqueId
        self.request = try PushSocketRequest(relay: url, uniqueId: uniqueId, userAgent: live.configuration.userAgent)
        self.deduplicator = MessageDeduplicator(capacity: live.configuration.deduplicationWindow)
    }

    mutating func attempt() async throws(AttemptFailure) -> SessionEnd {
        var window = MessageDeduplicator(capacity: 1)
        swap(&window, &deduplicator)
        defer { swap(&window, &deduplicator) }
        do {
            return try await session(request, uniqueId: uniqueId, deduplicator: &window)
        } catch let error as PushSocketConnectError {
            throw AttemptFailure(error: error.relayError(request))
        } catch let error as TikTokLiveError {
            throw AttemptFailure(error: error, isFinal: true)
        } catch {
            throw AttemptFailure(error: TikTokLiveError(.network, "\(error)"))
        }
    }

    /// One relay connection, from handshake to close. Throws ``TikTokLiveError`` for a final failure and
    /// ``PushSocketConnectError`` when the handshake fails.
    private func session(
        _ request: PushSocketRequest, uniqueId: String, deduplicator: inout MessageDeduplicator
    ) async throws -> SessionEnd {
        let (inputs, continuation) = live.openSession()
        defer { live.closeSession(continuation) }
        logger.debug("opening the relay socket", metadata: ["url": "\(LogText.url(request.url))"])
        let socket = try await PushSocket.connect(
            request, proxy: nil, maxFrameSize: configuration.frameLimits.maxFrameBytes,
            timeout: configuration.httpTimeout, inputs: continuation,
            lastReceived: NIOLockedValueBox(ContinuousClock.now))
        logger.debug("the relay socket is open")

        var received = false
        // An `error` message is held until the next message: followed by a final close, it is what the run throws
        // (as direct mode throws it rather than sending it as an event); followed by anything else, it is an event.
        var heldError: ErrorEvent?
        func releaseHeldError() async {
            if let error = heldError {
                heldError = nil
                await live.emit(.error(error), wireMessage: false)
            }
        }

        for await input in inputs {
            switch input {
            case .frame(let bytes):
                received = true
                let event: LiveEvent
                do {
                    event = try RelayEnvelope.decode(bytes)
                } catch {
                    logger.debug("undecodable relay message: \(error.message)")
                    await live.emit(.error(ErrorEvent(error)), wireMessage: false)
                    continue
                }
                await releaseHeldError()
                switch event {
                case .error(let error):
                    heldError = error
                    continue
                case .connected:
                    live.setConnected(true)
                case .disconnected:
                    live.setConnected(false)
                default:
                    break
                }
                if event.isWireEvent, !deduplicator.insert(event) {
                    continue
                }
                await live.emit(event, wireMessage: event.isWireEvent)
            case .closed(let code, let ownReason):
                logger.debug("the relay closed the socket", metadata: ["code": "\(code.map(String.init) ?? "none")"])
                let closeCode = code.flatMap(UInt16.init(exactly:)).map(RelayCloseCode.init(rawValue:))
                if ownReason == nil, let code, closeCode?.isFinal == true {
                    let kind = heldError?.kind ?? .network
                    throw TikTokLiveError(kind, heldError?.message ?? "the relay closed the connection (code \(code))")
                }
                await releaseHeldError()
                if ownReason == nil, closeCode == .streamEnded {
                    // The relay forwarded `streamEnd` and `disconnected` already.
                    return .streamEnded
                }
                let reason = ownReason ?? "the relay closed the connection" + (code.map { " (code \($0))" } ?? "")
                live.setConnected(false)
                await live.emit(
                    .disconnected(DisconnectedEvent(uniqueId: uniqueId, code: code, reason: reason)),
                    wireMessage: false)
                return .dropped(reason: reason, healthy: received)
            case .stale:
                // The relay pings us; silence is its business.
                continue
            case .stop:
                await socket.close()
                await releaseHeldError()
                await live.emit(
                    .disconnected(DisconnectedEvent(uniqueId: uniqueId, reason: "stopped")), wireMessage: false)
                return .stopped
            }
        }
        // The input ends only when the run's task is cancelled.
        await socket.close()
        await live.emit(.disconnected(DisconnectedEvent(uniqueId: uniqueId, reason: "stopped")), wireMessage: false)
        return .stopped
    }
}

extension PushSocketRequest {
    /// The handshake to a relay: its URL with `uniqueId=` added to the query, and a User-Agent. No cookies: the
    /// relay has its own TikTok session.
    init(relay url: URL, uniqueId: String, userAgent: String) throws(TikTokLiveError) {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let host = components.host, !host.isEmpty
        else {
            throw TikTokLiveError(.invalidInput, "the relay URL \(url.absoluteString) has no host")
        }
        switch (components.scheme ?? "ws").lowercased() {
        case "ws", "http": scheme = "ws"
        case "wss", "https": scheme = "wss"
        default: throw TikTokLiveError(.invalidInput, "the relay URL \(url.absoluteString) is not ws:// or wss://")
        }
        self.host = host
        port = components.port ?? (scheme == "wss" ? 443 : 80)
        path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let ours = FormEncoding.query([("uniqueId", uniqueId)])
        if let existing = components.percentEncodedQuery, !existing.isEmpty {
            query = existing + "&" + ours
        } else {
            query = ours
        }
        headers = [("User-Agent", userAgent)]
    }
}

extension PushSocketConnectError {
    /// What a failed handshake to a relay means.
    func relayError(_ request: PushSocketRequest) -> TikTokLiveError {
        switch self {
        case .refused(let status, _, _, _):
            return TikTokLiveError(
                .network,
                "the relay at \(request.hostDescription)\(request.path) refused the handshake (HTTP \(status))")
        case .network(let message):
            return TikTokLiveError(.network, message)
        }
    }
}
