import Foundation
import Logging
import NIOConcurrencyHelpers

/// Straight to TikTok: mint a `ttwid` (kept across attempts until a handshake is refused), build the socket
/// request, have it signed when a ``SocketSigner`` is configured, then one socket from handshake to close:
/// decode, acknowledge, de-duplicate, deliver.
///
/// Message ids are remembered across attempts (a bounded window), so history that a new socket replays is not
/// delivered twice; the decoder lives as long, so the like total never goes backwards across reconnects.
struct DirectTransport: SessionTransport {
    let live: TikTokLive
    let room: ResolvedRoom
    let roomID: UInt64
    let uniqueId: String
    let minter: TTWIDMinter
    var ttwid: String?
    var deduplicator: MessageDeduplicator
    var decoder: FrameDecoder

    var configuration: TikTokLive.Configuration { live.configuration }
    var logger: Logger { live.configuration.logger }
    var target: String { "" }

    init(live: TikTokLive, room: ResolvedRoom, uniqueId: String, web: WebClient) throws(TikTokLiveError) {
        guard let roomID = UInt64(room.roomId) else {
            throw TikTokLiveError(
                .invalidInput, "room id \(LogText.quoted(room.roomId, limit: 40)) of @\(uniqueId) is not a number")
        }
        self.live = live
        self.room = room
        self.roomID = roomID
        self.uniqueId = uniqueId
        self.minter = TTWIDMinter(web: web, configuration: live.configuration)
        self.deduplicator = MessageDeduplicator(capacity: live.configuration.deduplicationWindow)
        self.decoder = FrameDecoder(limits: live.configuration.frameLimits)
    }

    mutating func attempt() async throws(AttemptFailure) -> SessionEnd {
        let request: PushSocketRequest
        do {
            let cookie: String
            if let ttwid {
                cookie = ttwid
            } else {
                cookie = try await minter.mint(for: uniqueId)
                ttwid = cookie
            }
            request = try await Self.socketRequest(configuration: configuration, roomId: room.roomId, ttwid: cookie)
        } catch {
            throw AttemptFailure(error: error, isFinal: error.kind == .invalidInput)
        }
        do {
            return try await session(request)
        } catch {
            // A refused handshake may mean a flagged ttwid: the next attempt mints a fresh one.
            if case .refused = error { ttwid = nil }
            throw AttemptFailure(error: error.error(signed: configuration.socketSigner != nil))
        }
    }

    /// The handshake request for this configuration, signed when a signer is configured.
    static func socketRequest(
        configuration: TikTokLive.Configuration, roomId: String, ttwid: String
    ) async throws(TikTokLiveError) -> PushSocketRequest {
        let request = try PushSocketRequest(configuration: configuration, roomId: roomId, ttwid: ttwid)
        guard let signer = configuration.socketSigner else { return request }
        return try await sign(request, with: signer, configuration: configuration, roomId: roomId)
    }

    /// Asks `signer` about `request` and applies its answer; whatever goes wrong is a `signer` error.
    static func sign(
        _ request: PushSocketRequest, with signer: any SocketSigner, configuration: TikTokLive.Configuration,
        roomId: String
    ) async throws(TikTokLiveError) -> PushSocketRequest {
        let signature: SocketSignature
        do {
            signature = try await signer.sign(
                request.signingRequest(userAgent: configuration.userAgent, roomId: roomId))
        } catch let error as TikTokLiveError where error.kind == .signer {
            throw error
        } catch {
            throw TikTokLiveError(.signer, "the socket signer failed: \(error)")
        }
        let signed = try request.signed(signature)
        configuration.logger.debug(
            "the socket request is signed",
            metadata: ["parameters": "\(signature.parameters.map(\.name))", "replacedURL": "\(signature.url != nil)"])
        return signed
    }

    /// One socket, from handshake to close.
    private mutating func session(_ request: PushSocketRequest) async throws(PushSocketConnectError) -> SessionEnd {
        let (inputs, continuation) = live.openSession()
        defer { live.closeSession(continuation) }
        logger.debug("opening the push socket", metadata: ["url": "\(LogText.url(request.url))"])
        let lastReceived = NIOLockedValueBox(ContinuousClock.now)
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

        lastReceived.withLockedValue { $0 = .now }
        let heartbeat = FrameEncoder.heartbeat(roomID: roomID)
        let interval = configuration.heartbeatInterval
        let staleTimeout = configuration.staleTimeout
        // Moved out for the session (and back after), so the window is never shared and copied on write.
        var decoder = FrameDecoder(limits: configuration.frameLimits)
        swap(&decoder, &self.decoder)
        var deduplicator = MessageDeduplicator(capacity: 1)
        swap(&deduplicator, &self.deduplicator)
        defer {
            self.decoder = decoder
            self.deduplicator = deduplicator
        }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.heartbeats(socket, frame: heartbeat, every: interval) }
            group.addTask {
                await Self.watchdog(lastReceived: lastReceived, inputs: continuation, timeout: staleTimeout)
            }
            defer { group.cancelAll() }
            return await read(
                inputs, socket: socket, lastReceived: lastReceived, decoder: &decoder, deduplicator: &deduplicator)
        }
    }

    /// The session's loop: decode, acknowledge, de-duplicate, deliver; end on close, staleness, stop or `streamEnd`.
    private func read(
        _ inputs: AsyncStream<SessionInput>, socket: PushSocket,
        lastReceived: NIOLockedValueBox<ContinuousClock.Instant>,
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
                        kind: .decode,
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
            case .closed(let code, let ownReason):
                let reason = ownReason ?? "the server closed the socket" + (code.map { " (code \($0))" } ?? "")
                await end(reason, code: code)
                return .dropped(reason: reason, healthy: healthy())
            case .stale:
                let silence = ContinuousClock.now - lastReceived.withLockedValue({ $0 })
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
    static func heartbeats(_ socket: PushSocket, frame: [UInt8], every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                try await socket.send(frame)
            } catch {
                return
            }
        }
    }

    /// Tells the loop when nothing arrived for the stale timeout; the loop checks again before acting.
    static func watchdog(
        lastReceived: NIOLockedValueBox<ContinuousClock.Instant>, inputs: AsyncStream<SessionInput>.Continuation,
        timeout: Duration
    ) async {
        let step = min(max(timeout / 4, .milliseconds(10)), .seconds(1))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: step)
            } catch {
                return
            }
            if ContinuousClock.now - lastReceived.withLockedValue({ $0 }) >= timeout {
                inputs.yield(.stale)
                // Give the loop time to act before saying it again.
                try? await Task.sleep(for: timeout / 2)
            }
        }
    }
}
