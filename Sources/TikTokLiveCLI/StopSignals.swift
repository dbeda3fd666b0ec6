import Foundation
import NIOConcurrencyHelpers
import UnixSignals

/// Ctrl-C (SIGINT) and SIGTERM for the commands that run until stopped, through swift-service-lifecycle's
/// `UnixSignalsSequence`. The first one asks the command to stop cleanly (its exit status is then the command's own,
/// 0 for most); any signal after it ends the process at once, with 130 for SIGINT (143 for SIGTERM), as a shell
/// expects of a second Ctrl-C.
final class StopSignals: Sendable {
    private struct State {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var listener: Task<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    private init() {}

    /// Traps SIGINT and SIGTERM; returns once they are trapped, so that none sent after it is missed.
    ///
    /// - Parameter onFirst: runs on the first signal (`watch` stops its client with it).
    static func trap(onFirst: @escaping @Sendable () -> Void = {}) async -> StopSignals {
        let signals = StopSignals()
        let sequence = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let listener = Task {
            for await signal in sequence {
                signals.received(signal, onFirst: onFirst)
            }
        }
        signals.state.withLockedValue { $0.listener = listener }
        return signals
    }

    /// Returns after the first SIGINT or SIGTERM (at once if one already came).
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLockedValue { state in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Whether SIGINT or SIGTERM has come: for loops that check between steps instead of waiting.
    var hasFired: Bool { state.withLockedValue { $0.fired } }

    /// Stops listening (the process keeps ignoring the two signals until it exits).
    func cancel() {
        state.withLockedValue { $0.listener }?.cancel()
    }

    private func received(_ signal: UnixSignal, onFirst: @Sendable () -> Void) {
        let waiters: [CheckedContinuation<Void, Never>]? = state.withLockedValue { state in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        guard let waiters else {
            exit(128 + signal.rawValue)
        }
        onFirst()
        for waiter in waiters {
            waiter.resume()
        }
    }
}
