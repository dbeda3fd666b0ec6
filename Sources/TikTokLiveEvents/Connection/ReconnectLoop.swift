import Logging

/// How one connected session ended.
enum SessionEnd: Sendable {
    case streamEnded
    case stopped
    /// The socket closed or went stale; `healthy` when it lasted long enough, or delivered enough, to reset the
    /// failure count.
    case dropped(reason: String, healthy: Bool)
}

/// Why an attempt produced no session.
struct AttemptFailure: Error, Sendable {
    var error: TikTokLiveError
    /// Retrying cannot help (a relay's final close, a malformed configuration): the run ends with ``error``.
    var isFinal = false
}

/// One way of reaching a creator's events, driven attempt by attempt by ``ReconnectLoop``: straight to TikTok
/// (``DirectTransport``) or through a relay (``RelayTransport``). A transport keeps what spans attempts (the
/// `ttwid`, the de-duplication window) and knows nothing of the policy.
protocol SessionTransport: Sendable {
    /// Connects once and delivers events until the session ends.
    mutating func attempt() async throws(AttemptFailure) -> SessionEnd
    /// How the transport names what it connects to in a give-up message: `""` or `" to the relay"`.
    var target: String { get }
}

/// The reconnect policy, once for every transport:
/// - every failed attempt (a dropped or stale session, a refused handshake, a failed `ttwid` mint or signer, a
///   network error) counts against ``TikTokLive/Configuration/maxReconnectAttempts`` and is followed by an `error`
///   event (unless the session already said `disconnected`), `reconnecting` and a backoff of `min(base × 2ⁿ, cap)`;
/// - a healthy session resets the count;
/// - when the budget is spent, the run throws `reconnectBudgetSpent`, or the kind every failure of the final
///   streak shared when that kind says more (`deviceBlocked`, `signer`, `signatureRequired`).
struct ReconnectLoop: Sendable {
    let live: TikTokLive
    var configuration: TikTokLive.Configuration { live.configuration }

    /// Kinds that, repeated to the end, are the reason to report instead of a spent budget.
    /// Kinds that, repeated to the end, are the reason to report instead of a spent budget; with how the give-up
    /// message counts them.
    static let persistentKinds: [TikTokLiveError.Kind: String] = [
        .deviceBlocked: "DEVICE_BLOCKED refusal(s) in a row, each with a fresh ttwid",
        .signer: "signer failure(s) in a row",
        .signatureRequired: "refusal(s) in a row asking for a signed socket",
    ]

    func run<Transport: SessionTransport>(_ transport: inout Transport) async throws {
        let logger = configuration.logger
        var failures = 0
        var streak: (kind: TikTokLiveError.Kind, count: Int)?
        while !live.isStopRequested {
            let failure: TikTokLiveError
            // A dropped session was already told by `disconnected`; other failures become `error` events.
            var reported = false
            do {
                switch try await transport.attempt() {
                case .streamEnded, .stopped:
                    return
                case .dropped(let reason, let healthy):
                    if healthy { failures = 0 }
                    failure = TikTokLiveError(.network, reason)
                    reported = true
                }
            } catch {
                if error.isFinal { throw error.error }
                failure = error.error
            }
            streak = streak?.kind == failure.kind ? (failure.kind, streak!.count + 1) : (failure.kind, 1)
            guard !live.isStopRequested else { return }
            logger.warning("connection attempt\(transport.target) failed: \(failure.message)")
            guard configuration.autoReconnect else { throw failure }

            failures += 1
            if failures > configuration.maxReconnectAttempts {
                if let streak, let what = Self.persistentKinds[streak.kind] {
                    throw TikTokLiveError(
                        streak.kind, "gave up after \(streak.count) \(what); last: \(failure.message)")
                }
                throw TikTokLiveError(
                    .reconnectBudgetSpent,
                    "gave up after \(configuration.maxReconnectAttempts) reconnect attempt(s)\(transport.target); "
                        + "last failure: \(failure.message)")
            }
            await live.waitBeforeRetry(after: failure, attempt: failures, alreadyReported: reported)
        }
    }
}
