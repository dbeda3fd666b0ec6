import ArgumentParser
import Foundation
import NIOConcurrencyHelpers
import TikTokLiveEvents

/// What the web commands share: the configuration from the endpoint options, and one way to report a failure.
enum WebCommand {
    /// The default configuration with the options' endpoints, then the caller's last say (tests shrink delays).
    static func configuration(
        _ endpoints: WatchCommand.EndpointOptions, configure: (@Sendable (inout TikTokLive.Configuration) -> Void)?
    ) throws(CLIError) -> TikTokLive.Configuration {
        var configuration = TikTokLive.Configuration()
        try endpoints.apply(to: &configuration.endpoints)
        configure?(&configuration)
        return configuration
    }

    /// What `info` and `gifts` do: build the client, make one call, print its answer; any failure is one `error:`
    /// line and its exit status.
    static func run<Answer>(
        endpoints: WatchCommand.EndpointOptions, output: OutputWriter, errors: OutputWriter,
        configure: (@Sendable (inout TikTokLive.Configuration) -> Void)?,
        _ call: (TikTokWeb) async throws(TikTokLiveError) -> Answer, print: (Answer) -> Void
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        guard let web = client(endpoints, configure: configure, errors: errors) else { return ExitCode.usage }
        do throws(TikTokLiveError) {
            print(try await call(web))
            return ExitCode.success
        } catch {
            return fail(error, errors: errors)
        }
    }

    /// The client with the options' endpoints, or `nil` after an `error:` line when an option is bad (exit 2).
    static func client(
        _ endpoints: WatchCommand.EndpointOptions, configure: (@Sendable (inout TikTokLive.Configuration) -> Void)?,
        errors: OutputWriter
    ) -> TikTokWeb? {
        do throws(CLIError) {
            return TikTokWeb(configuration: try configuration(endpoints, configure: configure))
        } catch {
            errors.writeLine("error: \(error.message)")
            return nil
        }
    }

    /// One `error:` line, and the exit status of the README's table for the error's kind.
    static func fail(_ error: TikTokLiveError, errors: OutputWriter) -> ExitCode {
        errors.writeLine("error: \(error.message)")
        return WatchCommand.exitStatus(for: error.kind)
    }

    /// One compact JSON line of an `Encodable` value: sorted keys, ISO-8601 dates.
    static func jsonLine(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Pads `rows` into left-aligned columns two spaces apart; the last column is not padded.
    static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns - 1 {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index < row.count - 1 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

/// A stop request (Ctrl-C) that can be waited for with a timeout, any number of times.
///
/// `stop` runs in a task of its own: a signal wait ignores cancellation, so it cannot be a child of a task group
/// that should end when a timer does. A wait is woken by the stop, its timer or its task's cancellation, whichever
/// comes first; nothing polls.
final class StopSignal: Sendable {
    /// One ``wait(timeout:)`` in progress: its outcome may be known before its continuation is.
    private enum Waiter {
        case starting
        case suspended(CheckedContinuation<Bool, Never>)
        case resolved(Bool)
    }

    private struct State {
        var fired = false
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }

    private let state = NIOLockedValueBox(State())

    init(_ stop: (@Sendable () async -> Void)?) {
        guard let stop else { return }
        Task { [weak self] in
            await stop()
            self?.fire()
        }
    }

    var hasFired: Bool { state.withLockedValue { $0.fired } }

    private func fire() {
        let ids = state.withLockedValue { state in
            state.fired = true
            return Array(state.waiters.keys)
        }
        for id in ids { resolve(id, true) }
    }

    /// Settles one wait's outcome, once: the first of stop, timer and cancellation wins.
    private func resolve(_ id: Int, _ outcome: Bool) {
        let continuation: CheckedContinuation<Bool, Never>? = state.withLockedValue { state in
            switch state.waiters[id] {
            case .starting:
                state.waiters[id] = .resolved(outcome)
                return nil
            case .suspended(let continuation):
                state.waiters[id] = .resolved(outcome)
                return continuation
            case .resolved, nil:
                return nil
            }
        }
        continuation?.resume(returning: outcome)
    }

    /// Returns `true` once the stop came, `false` when `timeout` passed first (`nil`: no timeout) or the waiting
    /// task was cancelled.
    func wait(timeout: Duration?) async -> Bool {
        let id: Int? = state.withLockedValue { state in
            guard !state.fired else { return nil }
            state.nextWaiter += 1
            state.waiters[state.nextWaiter] = .starting
            return state.nextWaiter
        }
        guard let id else { return true }
        defer { _ = state.withLockedValue { $0.waiters.removeValue(forKey: id) } }
        let timer = timeout.map { timeout in
            Task { [weak self] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self?.resolve(id, false)
            }
        }
        defer { timer?.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let known: Bool? = state.withLockedValue { state in
                    if case .resolved(let outcome) = state.waiters[id] { return outcome }
                    state.waiters[id] = .suspended(continuation)
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        } onCancel: {
            resolve(id, false)
        }
    }
}
