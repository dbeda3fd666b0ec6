import Foundation
import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension TikTokLive {
    /// Runs each step of connecting once, against the configured endpoints, and says how each went: reachability
    /// (DNS, TCP/TLS), the `ttwid` mint, the room lookup by each source, room info, the signer (when configured),
    /// the socket handshake with TikTok's answer, the first frame and the first event. Nothing is retried, and
    /// no event is delivered to handlers. What `tiktok-live-events doctor` prints. The steps are those of a direct
    /// connection, whatever ``Configuration/mode`` says: a relay does these steps itself.
    ///
    /// - Parameter timeout: how long to wait for the first frame, and then for the first event.
    public func diagnose(timeout: Duration = .seconds(15)) async -> ConnectionDiagnosis {
        await ConnectionDoctor(configuration: configuration, uniqueId: uniqueId, timeout: timeout).run()
    }
}

/// The steps behind ``TikTokLive/diagnose(timeout:)``, each through the same code the client connects with.
struct ConnectionDoctor: Sendable {
    let configuration: TikTokLive.Configuration
    let uniqueId: String
    let timeout: Duration

    func run() async -> ConnectionDiagnosis {
        let uniqueId: String
        do {
            uniqueId = try TikTokLive.validateUsername(self.uniqueId)
        } catch {
            return ConnectionDiagnosis(
                uniqueId: self.uniqueId,
                steps: [.init(name: .reachability, outcome: .failed, detail: error.message, errorKind: error.kind)])
        }
        let web = WebClient(configuration: configuration)
        let steps = await run(uniqueId: uniqueId, web: web)
        await web.shutdown()
        return ConnectionDiagnosis(uniqueId: uniqueId, steps: steps)
    }

    private func run(uniqueId: String, web: WebClient) async -> [ConnectionDiagnosis.Step] {
        var steps: [ConnectionDiagnosis.Step] = []
        let resolver = RoomResolver(web: web, configuration: configuration)

        // Reachability, host by host; a step that needs an unreachable host is skipped.
        let reachabilityStarted = ContinuousClock.now
        let (checked, failedHosts) = await reachabilityStep(web)
        var reachability = checked
        reachability.duration = ContinuousClock.now - reachabilityStarted
        steps.append(reachability)
        func skippedForHost(_ url: URL) -> String? {
            let key = Self.hostKey(url)
            return failedHosts.contains(key) ? "skipped: \(key) is unreachable" : nil
        }

        // ttwid.
        var ttwid: String?
        if let reason = skippedForHost(configuration.endpoints.webURL) {
            steps.append(.init(name: .ttwid, outcome: .skipped, detail: reason))
        } else {
            let (result, duration) = await timed { () async -> Result<String, TikTokLiveError> in
                do throws(TikTokLiveError) {
                    return .success(try await TTWIDMinter(web: web, configuration: configuration).mint(for: uniqueId))
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let value):
                ttwid = value
                steps.append(
                    .init(
                        name: .ttwid, outcome: .passed, duration: duration,
                        detail: "minted (value redacted, \(value.count) characters)"))
            case .failure(let error):
                steps.append(
                    .init(
                        name: .ttwid, outcome: .failed, duration: duration, detail: error.message,
                        errorKind: error.kind))
            }
        }

        // Room lookup, source by source.
        var room: ResolvedRoom?
        var candidate: ResolvedRoom?
        var decided = false
        if let known = configuration.knownRoomId(for: uniqueId) {
            room = ResolvedRoom(roomId: known, uniqueId: uniqueId)
            for name in [ConnectionDiagnosis.StepName.apiLive, .livePage, .roomInfoLookup] {
                steps.append(.init(name: name, outcome: .skipped, detail: "skipped: room id \(known) is known"))
            }
        } else {
            for (name, source) in [
                (ConnectionDiagnosis.StepName.apiLive, RoomLookupSource.apiLive), (.livePage, .livePage),
            ] {
                if let reason = skippedForHost(configuration.endpoints.webURL) {
                    steps.append(.init(name: name, outcome: .skipped, detail: reason))
                    continue
                }
                let (step, found) = await lookupStep(name, source, resolver: resolver, uniqueId: uniqueId)
                steps.append(step)
                // As the client does: the first source that knows (live, offline, no such user, 18+) decides; the
                // later ones are asked only to be reported.
                guard !decided, let found else { continue }
                switch found {
                case .live(let live):
                    room = live
                    decided = true
                case .offline, .notFound, .ageRestricted: decided = true
                case .roomIdOnly(let known): candidate = candidate ?? known
                case .challenged, .unusable: break
                }
            }
            if !decided, let candidate, skippedForHost(configuration.endpoints.webcastURL) == nil {
                let (step, found) = await lookupStep(
                    .roomInfoLookup, .roomInfo, resolver: resolver, uniqueId: uniqueId, roomId: candidate.roomId)
                steps.append(step)
                if case .live(let live)? = found { room = candidate.merged(with: live) }
            } else {
                steps.append(
                    .init(
                        name: .roomInfoLookup, outcome: .skipped,
                        detail: decided ? "skipped: an earlier source answered" : "skipped: no source gave a room id"))
            }
        }

        // Room info for the room found.
        if let room, skippedForHost(configuration.endpoints.webcastURL) == nil {
            let (step, _) = await lookupStep(
                .roomInfo, .roomInfo, resolver: resolver, uniqueId: uniqueId, roomId: room.roomId)
            steps.append(step)
        } else {
            steps.append(
                .init(
                    name: .roomInfo, outcome: .skipped,
                    detail: room == nil ? "skipped: no live room" : skippedForHost(configuration.endpoints.webcastURL)!)
            )
        }

        // The socket.
        steps += await socketSteps(
            room: room, ttwid: ttwid, hostProblem: skippedForHost(configuration.endpoints.wsURL))
        return steps
    }

    // MARK: - Reachability

    /// `scheme://host:port`, how hosts are told apart.
    static func hostKey(_ url: URL) -> String {
        let scheme = (url.scheme ?? "https").lowercased()
        let secure = scheme == "https" || scheme == "wss"
        let port = url.port ?? (secure ? 443 : 80)
        return "\(url.host ?? "?"):\(port)"
    }

    /// DNS and one HTTP GET of `/` per distinct host; any HTTP answer means reachable. Returns the step and the
    /// host keys that failed.
    private func reachabilityStep(_ web: WebClient) async -> (ConnectionDiagnosis.Step, Set<String>) {
        var seen: [String] = []
        var lines: [String] = []
        var failed: Set<String> = []
        var kind: TikTokLiveError.Kind?
        let endpoints = configuration.endpoints
        for url in [endpoints.webURL, endpoints.webcastURL, endpoints.wsURL] {
            let key = Self.hostKey(url)
            guard !seen.contains(key), let host = url.host else { continue }
            seen.append(key)
            let scheme = (url.scheme ?? "https").lowercased()
            let secure = scheme == "https" || scheme == "wss"
            var line = key + ": "
            if configuration.proxy == nil {
                let (addresses, dnsTime) = await timed { await Self.resolve(host, timeout: configuration.httpTimeout) }
                switch addresses {
                case .success(let list):
                    line += "DNS \(dnsTime.milliseconds) ms (\(list.prefix(3).joined(separator: ", "))), "
                case .failure(let failure):
                    lines.append(line + "DNS failed after \(dnsTime.milliseconds) ms: \(failure.message)")
                    failed.insert(key)
                    kind = .network
                    continue
                }
            }
            let probe =
                "\(secure ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(url.port ?? (secure ? 443 : 80))/"
            let (answer, connectTime) = await timed { () async -> Result<Int, TikTokLiveError> in
                do throws(TikTokLiveError) {
                    return .success(try await web.get(probe, headers: [("User-Agent", configuration.userAgent)]).status)
                } catch {
                    return .failure(error)
                }
            }
            switch answer {
            case .success(let status):
                line +=
                    "\(secure ? "TCP+TLS" : "TCP")+HTTP \(status) in \(connectTime.milliseconds) ms"
                    + (configuration.proxy.map { " via proxy \($0.host):\($0.port)" } ?? "")
            case .failure(let error):
                line += "\(secure ? "TCP/TLS" : "TCP") failed after \(connectTime.milliseconds) ms: \(error.message)"
                failed.insert(key)
                kind = .network
            }
            lines.append(line)
        }
        let step = ConnectionDiagnosis.Step(
            name: .reachability, outcome: failed.isEmpty ? .passed : .failed, detail: lines.joined(separator: "; "),
            errorKind: kind)
        return (step, failed)
    }

    /// The host's addresses by the system resolver (`getaddrinfo`), on a thread of its own, with a deadline.
    static func resolve(_ host: String, timeout: Duration) async -> Result<[String], DNSFailure> {
        let once = OnceResult<[String]>()
        do {
            let addresses = try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<[String], any Error>) in
                once.set(continuation)
                Thread {
                    switch lookUpAddresses(host) {
                    case .success(let list): once.resume(.success(list))
                    case .failure(let error): once.resume(.failure(error))
                    }
                }.start()
                Task {
                    try? await Task.sleep(for: timeout)
                    once.resume(.failure(DNSFailure(message: "no answer within \(timeout.formattedSeconds)")))
                }
            }
            return .success(addresses)
        } catch let error as DNSFailure {
            return .failure(error)
        } catch {
            return .failure(DNSFailure(message: "\(error)"))
        }
    }

    struct DNSFailure: Error {
        var message: String
    }

    private static func lookUpAddresses(_ host: String) -> Result<[String], DNSFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(DNSFailure(message: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var name = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                current.pointee.ai_addr, current.pointee.ai_addrlen, &name, socklen_t(name.count), nil, 0,
                NI_NUMERICHOST) == 0
            {
                let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(DNSFailure(message: "no addresses")) : .success(addresses)
    }

    // MARK: - Lookups

    private func lookupStep(
        _ name: ConnectionDiagnosis.StepName, _ source: RoomLookupSource, resolver: RoomResolver, uniqueId: String,
        roomId: String = ""
    ) async -> (ConnectionDiagnosis.Step, RoomLookupAnswer?) {
        let (outcome, duration) = await timed { () async -> RoomResolver.Outcome in
            do throws(TikTokLiveError) {
                return try await resolver.ask(source, uniqueId: uniqueId, roomId: roomId)
            } catch {
                return .failure(error, tries: 1)
            }
        }
        let label = source == .roomInfo ? "\(source.rawValue) for room \(roomId)" : source.rawValue
        switch outcome {
        case .answer(let answer, _):
            let passed: Bool
            let kind: TikTokLiveError.Kind?
            var detail = "\(label): \(answer.summary)"
            switch answer {
            case .live(let room):
                passed = true
                kind = nil
                if let title = room.title { detail += ", \"\(title)\"" }
                if let viewers = room.viewerCount { detail += ", \(viewers) viewers" }
            case .offline: (passed, kind) = (false, .offline)
            case .notFound: (passed, kind) = (false, .notFound)
            case .ageRestricted: (passed, kind) = (false, .ageRestricted)
            case .roomIdOnly: (passed, kind) = (false, nil)
            case .challenged: (passed, kind) = (false, .blocked)
            case .unusable: (passed, kind) = (false, .network)
            }
            return (
                .init(
                    name: name, outcome: passed ? .passed : .failed, duration: duration, detail: detail,
                    errorKind: kind), answer
            )
        case .status(let status, let tries):
            let kind: TikTokLiveError.Kind = status == 429 ? .rateLimited : status == 403 ? .blocked : .network
            return (
                .init(
                    name: name, outcome: .failed, duration: duration,
                    detail: "\(label): HTTP \(status)\(RoomResolver.tries(tries))", errorKind: kind), nil
            )
        case .failure(let error, _):
            return (
                .init(
                    name: name, outcome: .failed, duration: duration, detail: "\(label): \(error.message)",
                    errorKind: error.kind), nil
            )
        }
    }

    // MARK: - The socket

    private func socketSteps(room: ResolvedRoom?, ttwid: String?, hostProblem: String?) async
        -> [ConnectionDiagnosis.Step]
    {
        var steps: [ConnectionDiagnosis.Step] = []
        func skipRest(_ reason: String, from names: [ConnectionDiagnosis.StepName]) {
            for name in names { steps.append(.init(name: name, outcome: .skipped, detail: reason)) }
        }
        let after: [ConnectionDiagnosis.StepName] = [.handshake, .firstFrame, .firstEvent]
        let skipReason: String? =
            if let hostProblem { hostProblem } else if room == nil { "skipped: no live room" } else if ttwid == nil {
                "skipped: no ttwid"
            } else { nil }
        guard skipReason == nil, let room, let ttwid, let roomID = UInt64(room.roomId) else {
            if configuration.socketSigner != nil { skipRest(skipReason ?? "skipped", from: [.signer]) }
            skipRest(skipReason ?? "skipped: the room id is not a number", from: after)
            return steps
        }
        var request: PushSocketRequest
        do {
            request = try PushSocketRequest(configuration: configuration, roomId: room.roomId, ttwid: ttwid)
        } catch {
            skipRest("skipped: \(error.message)", from: after)
            return steps
        }
        if let signer = configuration.socketSigner {
            let unsigned = request
            let (signed, duration) = await timed { () async -> Result<PushSocketRequest, TikTokLiveError> in
                do throws(TikTokLiveError) {
                    return .success(
                        try await DirectTransport.sign(
                            unsigned, with: signer, configuration: configuration, roomId: room.roomId))
                } catch {
                    return .failure(error)
                }
            }
            switch signed {
            case .success(let value):
                request = value
                let added = value.query.count - unsigned.query.count
                steps.append(
                    .init(
                        name: .signer, outcome: .passed, duration: duration,
                        detail: "signed (the query changed by \(added) characters)"))
            case .failure(let error):
                steps.append(
                    .init(
                        name: .signer, outcome: .failed, duration: duration, detail: error.message,
                        errorKind: error.kind))
                skipRest("skipped: the signer failed", from: after)
                return steps
            }
        }

        let (inputs, continuation) = AsyncStream<SessionInput>.makeStream()
        let lastReceived = NIOLockedValueBox(ContinuousClock.now)
        let started = ContinuousClock.now
        let socket: PushSocket
        do {
            socket = try await PushSocket.connect(
                request, proxy: configuration.proxy, maxFrameSize: configuration.frameLimits.maxFrameBytes,
                timeout: configuration.httpTimeout, inputs: continuation, lastReceived: lastReceived)
        } catch {
            let failure = error.error(signed: configuration.socketSigner != nil)
            var headers: [(name: String, value: String)] = []
            if case .refused(_, _, _, let answer) = error { headers = Self.redacted(answer) }
            steps.append(
                .init(
                    name: .handshake, outcome: .failed, duration: ContinuousClock.now - started,
                    detail: failure.message, errorKind: failure.kind, headers: headers))
            skipRest("skipped: no socket", from: [.firstFrame, .firstEvent])
            return steps
        }
        steps.append(
            .init(
                name: .handshake, outcome: .passed, duration: ContinuousClock.now - started,
                detail: "HTTP 101, socket open at \(request.hostDescription)"))
        defer { continuation.finish() }
        do {
            try await socket.send(FrameEncoder.heartbeat(roomID: roomID))
            try await socket.send(FrameEncoder.enterRoom(roomID: Int64(bitPattern: roomID)))
        } catch {
            await socket.close()
            steps.append(
                .init(
                    name: .firstFrame, outcome: .failed, detail: "the socket closed before the room could be entered",
                    errorKind: .network))
            skipRest("skipped: no socket", from: [.firstEvent])
            return steps
        }
        steps += await firstFrameAndEvent(inputs, continuation, socket: socket, roomID: roomID)
        await socket.close()
        return steps
    }

    /// Reads until the first frame, then until the first decoded event, each within ``timeout``.
    private func firstFrameAndEvent(
        _ inputs: AsyncStream<SessionInput>, _ continuation: AsyncStream<SessionInput>.Continuation,
        socket: PushSocket, roomID: UInt64
    ) async -> [ConnectionDiagnosis.Step] {
        let heartbeat = FrameEncoder.heartbeat(roomID: roomID)
        let interval = configuration.heartbeatInterval
        let timeout = self.timeout
        let heartbeats = Task { await DirectTransport.heartbeats(socket, frame: heartbeat, every: interval) }
        defer { heartbeats.cancel() }
        // The current wait (for the first frame, then for the first event) started here; `.stale` ends it.
        let waitStarted = NIOLockedValueBox(ContinuousClock.now)
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
                if ContinuousClock.now - waitStarted.withLockedValue({ $0 }) >= timeout {
                    continuation.yield(.stale)
                    return
                }
            }
        }
        defer { watchdog.cancel() }

        var steps: [ConnectionDiagnosis.Step] = []
        var decoder = FrameDecoder(limits: configuration.frameLimits)
        let started = ContinuousClock.now
        var frameAt: ContinuousClock.Instant?
        var frames = 0
        for await input in inputs {
            switch input {
            case .frame(let bytes):
                frames += 1
                let decoded = try? decoder.decode(bytes)
                if frameAt == nil {
                    frameAt = .now
                    waitStarted.withLockedValue { $0 = .now }
                    let kind = decoded.map { "a \"\($0.payloadType)\" frame" } ?? "an undecodable frame"
                    steps.append(
                        .init(
                            name: .firstFrame, outcome: .passed, duration: frameAt! - started,
                            detail: "\(kind) of \(bytes.count) bytes"))
                }
                if let event = decoded?.events.first {
                    steps.append(
                        .init(
                            name: .firstEvent, outcome: .passed, duration: .now - frameAt!,
                            detail: "\(event.name) (after \(frames) frame(s))"))
                    return steps
                }
            case .closed(let code, let ownReason):
                let reason = ownReason ?? "the socket closed" + (code.map { " (code \($0))" } ?? "")
                return steps + missing(frameAt: frameAt, started: started, reason: reason, kind: .network)
            case .stale:
                return steps
                    + missing(
                        frameAt: frameAt, started: started,
                        reason: "nothing within \(timeout.formattedSeconds)"
                            + (frameAt == nil ? "" : " of the first frame"),
                        kind: .network)
            case .stop:
                return steps
            }
        }
        return steps + missing(frameAt: frameAt, started: started, reason: "the socket ended", kind: .network)
    }

    private func missing(
        frameAt: ContinuousClock.Instant?, started: ContinuousClock.Instant, reason: String, kind: TikTokLiveError.Kind
    ) -> [ConnectionDiagnosis.Step] {
        if let frameAt {
            return [
                .init(
                    name: .firstEvent, outcome: .failed, duration: .now - frameAt,
                    detail: "frames arrived but no event: \(reason)", errorKind: kind)
            ]
        }
        return [
            .init(
                name: .firstFrame, outcome: .failed, duration: .now - started,
                detail: "the socket accepted the room but sent nothing: \(reason)", errorKind: kind),
            .init(name: .firstEvent, outcome: .skipped, detail: "skipped: no frame"),
        ]
    }

    // MARK: - Helpers

    /// Header values with cookies replaced: `Set-Cookie: name=<redacted>; attributes`, `Cookie: name=<redacted>`.
    static func redacted(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.map { header in
            let name = header.name.lowercased()
            guard name == "set-cookie" || name == "cookie" else { return header }
            let separator = name == "cookie" ? ";" : "\u{0}"
            let redacted = header.value.components(separatedBy: separator).map { part -> String in
                var pieces = part.components(separatedBy: ";")
                if let equals = pieces[0].firstIndex(of: "=") {
                    pieces[0] = pieces[0][..<equals] + "=<redacted>"
                }
                return pieces.joined(separator: ";")
            }
            return (header.name, redacted.joined(separator: separator))
        }
    }

    private func timed<T>(_ body: () async -> T) async -> (T, Duration) {
        let start = ContinuousClock.now
        let value = await body()
        return (value, ContinuousClock.now - start)
    }

}

extension Duration {
    /// Whole milliseconds, for reports.
    package var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
