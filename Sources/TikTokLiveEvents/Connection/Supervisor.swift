import Foundation
import Logging

/// One run of a client: look the room up once, then connect, read, and reconnect until the stream ends,
/// the client is stopped, or the reconnect budget is spent.
///
/// Reconnect policy:
/// - every failed attempt (a dropped or stale session, a refused handshake, a failed `ttwid` mint, a network
///   error) counts against ``TikTokLive/Configuration/maxReconnectAttempts`` and is followed by
///   `reconnecting` and a backoff of `min(base × 2ⁿ, cap)`;
/// - a session is healthy, and resets the count, once it delivered a batch of messages or stayed open for
///   ``TikTokLive/Configuration/healthySessionDuration`` (30 s by default);
/// - a refused handshake discards the `ttwid`, so the next attempt mints a fresh one; a dropped session keeps it;
/// - message ids are remembered across reconnects (a bounded window), so replayed history is not delivered twice.
struct Supervisor: Sendable {
    let live: TikTokLive
    var configuration: TikTokLive.Configuration { live.configuration }
    var logger: Logger { live.configuration.logger }

    /// How a connected session ended.
    enum SessionEnd {
        case streamEnded
        case stopped
        case dropped(reason: String, healthy: Bool)
    }

    func run() async throws {
        guard !live.isStopRequested else { return }
        let uniqueId = try TikTokLive.validateUsername(live.uniqueId)
        if case .relay(let url) = configuration.mode {
            try await RelayTransport(live: live, url: url).run(uniqueId: uniqueId)
            return
        }
        let web = WebClient(configuration: configuration)
        do {
            try await supervise(uniqueId: uniqueId, web: web)
            await web.shutdown()
        } catch {
            await web.shutdown()
            throw error
        }
    }

    private func supervise(uniqueId: String, web: WebClient) async throws {
        logger.info("looking up the room of @\(uniqueId)")
        let room = try await RoomResolver(web: web, configuration: configuration).resolve(uniqueId: uniqueId)
        guard let roomID = UInt64(room.roomId) else {
            throw TikTokLiveError(.invalidInput, "room id \(room.roomId) of @\(uniqueId) is not a number")
        }
        logger.info("@\(uniqueId) is live", metadata: ["roomId": "\(room.roomId)"])
        let minter = TTWIDMinter(web: web, configuration: configuration)
        var ttwid: String?
        // Both live for the whole run: the window spans reconnects, and the decoder keeps the like total from
        // going backwards across them.
        var deduplicator = MessageDeduplicator(capacity: configuration.deduplicationWindow)
        var decoder = FrameDecoder(limits: configuration.frameLimits)
        var failures = 0
        var refusalsInARow = 0

        while !live.isStopRequested {
            let failure: TikTokLiveError
            // A dropped session was already told by `disconnected`; other failures become `error` events.
            var reported = false
            do {
                let cookie: String
                if let ttwid {
                    cookie = ttwid
                } else {
                    cookie = try await minter.mint(for: uniqueId)
                    ttwid = cookie
                }
                let request = try PushSocketRequest(configuration: configuration, roomId: room.roomId, ttwid: cookie)
                switch try await session(
                    request, roomID: roomID, uniqueId: uniqueId, decoder: &decoder, deduplicator: &deduplicator)
                {
                case .streamEnded, .stopped:
                    return
                case .dropped(let reason, let healthy):
                    if healthy { failures = 0 }
                    failure = TikTokLiveError(.network, reason)
                    reported = true
                }
            } catch let error as PushSocketConnectError {
                if case .refused = error { ttwid = nil }
                failure = error.error
            } catch let error as TikTokLiveError where error.kind != .invalidInput {
                failure = error
            }
            refusalsInARow = failure.kind == .deviceBlocked ? refusalsInARow + 1 : 0
            guard !live.isStopRequested else { return }
            logger.warning("connection attempt failed: \(failure.message)")
            guard configuration.autoReconnect else { throw failure }

            failures += 1
            if failures > configuration.maxReconnectAttempts {
                // The block persisted to the end: say so, rather than only that the budget is spent.
                if refusalsInARow > 0 {
                    throw TikTokLiveError(
                        .deviceBlocked,
                        "gave up after \(refusalsInARow) DEVICE_BLOCKED refusal(s) in a row, each with a fresh ttwid; "
                            + "last: \(failure.message)")
                }
                throw TikTokLiveError(
                    .reconnectBudgetSpent,
                    "gave up after \(configuration.maxReconnectAttempts) reconnect attempt(s); last failure: \(failure.message)"
                )
            }
            await live.waitBeforeRetry(after: failure, attempt: failures, alreadyReported: reported)
        }
    }

    /// One socket, from handshake to close.
    private func session(
        _ request: PushSocketRequest, roomID: UInt64, uniqueId: String, decoder: inout FrameDecoder,
        deduplicator: inout MessageDeduplicator
    ) async throws(PushSocketConnectError) -> SessionEnd {
        let (inputs, continuation) = AsyncStream<SessionInput>.makeStream()
        live.attachSession(continuation)
        defer {
            live.attachSession(nil)
            live.setConnected(false)
            continuation.finish()
        }
        logger.debug("opening the push socket", metadata: ["url": "\(request.url)"])
        let lastReceived = Locked(ContinuousClock.now)
        let socket = try await PushSocket.connect(
            request, proxy: configuration.proxy, maxFrameSize: configuration.frameLimits.maxFrameBytes,
            timeout: configuration.httpTimeout, inputs: continuation, lastReceived: lastReceived)
        do {
            try await socket.send(FrameEncoder.heartbeat(roomID: roomID))
            try await socket.send(FrameEncoder.enterRoom(roomID: Int64(bitPattern: roomID)))
        } catch {
            await socket.close()
            throw .network("the push socket closed before the room could be entered: \(error)")
        }
        live.setConnected(true)
        let roomId = String(roomID)
        logger.info("connected", metadata: ["roomId": "\(roomId)", "host": "\(request.hostDescription)"])
        await live.emit(.connected(ConnectedEvent(uniqueId: uniqueId, roomId: roomId)), wireMessage: false)
        await live.emit(
            .roomInfo(
                RoomInfoEvent(
                    roomId: roomId, wsHost: request.hostDescription,
                    connectedAt: ISO8601DateFormatter().string(from: Date()))),
            wireMessage: false)

        lastReceived.withLock { $0 = .now }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await heartbeats(socket, roomID: roomID) }
            group.addTask { await watchdog(lastReceived: lastReceived, inputs: continuation) }
            defer { group.cancelAll() }
            return await read(
                inputs, socket: socket, uniqueId: uniqueId, lastReceived: lastReceived, decoder: &decoder,
                deduplicator: &deduplicator)
        }
    }

    /// The session's loop: decode, acknowledge, de-duplicate, deliver; end on close, staleness, stop or `streamEnd`.
    private func read(
        _ inputs: AsyncStream<SessionInput>, socket: PushSocket, uniqueId: String,
        lastReceived: Locked<ContinuousClock.Instant>,
        decoder: inout FrameDecoder, deduplicator: inout MessageDeduplicator
    ) async -> SessionEnd {
        let started = ContinuousClock.now
        var deliveredBatch = false
        func healthy() -> Bool {
            deliveredBatch || ContinuousClock.now - started >= configuration.healthySessionDuration
        }
        func end(_ reason: String, code: Int? = nil) async {
            await socket.close()
            live.setConnected(false)
            await live.emit(
                .disconnected(DisconnectedEvent(uniqueId: uniqueId, code: code, reason: reason)), wireMessage: false)
        }

        for await input in inputs {
            switch input {
            case .frame(let bytes):
                configuration.frameRecorder?(bytes)
                let frame: DecodedFrame
                do {
                    frame = try decoder.decode(bytes)
                } catch {
                    logger.debug("undecodable frame: \(error.message)")
                    let event = ErrorEvent(
                        kind: TikTokLiveError.Kind.decode.rawValue,
                        message: "a frame could not be decoded: \(error.message)")
                    await live.emit(.error(event), wireMessage: false)
                    continue
                }
                if let ack = frame.ack {
                    try? await socket.send(FrameEncoder.ack(ack))
                }
                if frame.payloadType == "msg" && !frame.events.isEmpty {
                    deliveredBatch = true
                }
                var streamEnded = false
                for event in frame.events {
                    if !deduplicator.insert(event) {
                        logger.trace("dropped a repeated message", metadata: ["msgId": "\(event.msgId ?? "")"])
                        continue
                    }
                    await live.emit(event, wireMessage: true)
                    if case .streamEnd = event { streamEnded = true }
                }
                if streamEnded {
                    await end("the stream ended")
                    return .streamEnded
                }
            case .closed(let code):
                let reason = "the server closed the socket" + (code.map { " (code \($0))" } ?? "")
                await end(reason, code: code)
                return .dropped(reason: reason, healthy: healthy())
            case .stale:
                let silence = ContinuousClock.now - lastReceived.current
                guard silence >= configuration.staleTimeout else { continue }
                let reason =
                    "nothing received for \(silence.formattedSeconds) (stale timeout \(configuration.staleTimeout.formattedSeconds))"
                await end(reason)
                return .dropped(reason: reason, healthy: healthy())
            case .stop:
                await end("stopped")
                return .stopped
            }
        }
        // The input ends only when the run's task is cancelled.
        await end("stopped")
        return .stopped
    }

    /// A heartbeat every interval; the first one went out with the enter-room frame.
    private func heartbeats(_ socket: PushSocket, roomID: UInt64) async {
        let frame = FrameEncoder.heartbeat(roomID: roomID)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.heartbeatInterval)
                try await socket.send(frame)
            } catch {
                return
            }
        }
    }

    /// Tells the loop when nothing arrived for the stale timeout; the loop checks again before acting.
    private func watchdog(lastReceived: Locked<ContinuousClock.Instant>, inputs: AsyncStream<SessionInput>.Continuation)
        async
    {
        let timeout = configuration.staleTimeout
        let step = min(max(timeout / 4, .milliseconds(10)), .seconds(1))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: step)
            } catch {
                return
            }
            if ContinuousClock.now - lastReceived.current >= timeout {
                inputs.yield(.stale)
                // Give the loop time to act before saying it again.
                try? await Task.sleep(for: timeout / 2)
            }
        }
    }
}
