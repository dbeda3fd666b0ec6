import Foundation
import NIOConcurrencyHelpers

extension TikTokWeb {
    /// Checks which of `usernames` are live, reading each creator's own room status (api-live, then the live
    /// page), never a batch endpoint: `room/check_alive` has answered "alive" for every room id since 2026-07.
    ///
    /// At most `concurrency` creators are looked up at once. An HTTP 429 pauses every lookup of the batch for the
    /// configured ``TikTokLive/Configuration/backoff`` (growing with each 429 in a row) and retries that creator,
    /// up to ``TikTokLive/Configuration/httpRetries`` times. TikTok is known to block IPs that poll more than
    /// about 20 creators every 5 seconds; keep batches and `--watch` intervals above that.
    ///
    /// - Returns: one status per username, in the order given; a failure costs that creator only.
    public func liveStatus(of usernames: [String], concurrency: Int = 4) async -> [LiveStatus] {
        // Retries of a 429 happen here, for the whole batch, not inside each lookup.
        var lookupConfiguration = configuration
        lookupConfiguration.httpRetries = 0
        let web = WebClient(configuration: configuration)
        let gate = RateLimitGate(backoff: configuration.backoff)
        let next = NIOLockedValueBox(0)
        let results = NIOLockedValueBox([LiveStatus?](repeating: nil, count: usernames.count))
        let resolver = RoomResolver(web: web, configuration: lookupConfiguration)
        let retries = max(configuration.httpRetries, 0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(max(concurrency, 1), max(usernames.count, 1)) {
                group.addTask {
                    while true {
                        let index = next.withLockedValue { value -> Int? in
                            guard value < usernames.count else { return nil }
                            defer { value += 1 }
                            return value
                        }
                        guard let index else { return }
                        let status = await Self.check(
                            usernames[index], resolver: resolver, gate: gate, retries: retries)
                        results.withLockedValue { $0[index] = status }
                    }
                }
            }
        }
        await web.shutdown()
        return results.withLockedValue({ $0 }).enumerated().map { index, status in
            status ?? LiveStatus(uniqueId: usernames[index], state: .error)
        }
    }

    /// Same as ``liveStatus(of:concurrency:)`` on a client with this configuration.
    public static func liveStatus(
        of usernames: [String], concurrency: Int = 4,
        configuration: TikTokLive.Configuration = TikTokLive.Configuration()
    ) async -> [LiveStatus] {
        await TikTokWeb(configuration: configuration).liveStatus(of: usernames, concurrency: concurrency)
    }

    static func check(_ username: String, resolver: RoomResolver, gate: RateLimitGate, retries: Int) async
        -> LiveStatus
    {
        let uniqueId: String
        do {
            uniqueId = try TikTokLive.validateUsername(username)
        } catch {
            return LiveStatus(uniqueId: username, state: .error, error: error)
        }
        var attempt = 0
        while true {
            await gate.wait()
            do {
                let room = try await resolver.resolve(uniqueId: uniqueId)
                await gate.succeeded()
                return LiveStatus(
                    uniqueId: uniqueId, state: .live, roomId: room.roomId, title: room.title,
                    viewerCount: room.viewerCount)
            } catch {
                switch error.kind {
                case .rateLimited where attempt < retries:
                    attempt += 1
                    await gate.rateLimited()
                    continue
                case .offline: return LiveStatus(uniqueId: uniqueId, state: .offline, error: error)
                case .notFound: return LiveStatus(uniqueId: uniqueId, state: .notFound, error: error)
                case .blocked, .deviceBlocked, .ageRestricted:
                    return LiveStatus(uniqueId: uniqueId, state: .blocked, error: error)
                default: return LiveStatus(uniqueId: uniqueId, state: .error, error: error)
                }
            }
        }
    }
}

/// One pause shared by every lookup of a batch: a 429 anywhere holds them all back, longer with each 429 in a
/// row, so that a rate-limited batch slows down instead of hammering TikTok from four tasks at once.
actor RateLimitGate {
    let backoff: TikTokLive.Backoff
    private var resumeAt: ContinuousClock.Instant?
    private var strikes = 0

    init(backoff: TikTokLive.Backoff) {
        self.backoff = backoff
    }

    /// Returns once no pause is in force (at once when there is none).
    func wait() async {
        while let resumeAt, ContinuousClock.now < resumeAt {
            do {
                try await Task.sleep(until: resumeAt, clock: .continuous)
            } catch {
                return
            }
        }
    }

    func rateLimited() {
        strikes += 1
        let until = ContinuousClock.now + backoff.delay(forAttempt: strikes)
        resumeAt = max(resumeAt ?? until, until)
    }

    func succeeded() {
        strikes = 0
    }
}
