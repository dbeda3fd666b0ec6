import ArgumentParser
import Foundation
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
/// that should end when a timer does.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false

    init(_ stop: (@Sendable () async -> Void)?) {
        guard let stop else { return }
        Task { [weak self] in
            await stop()
            self?.fire()
        }
    }

    var hasFired: Bool { lock.withLock { fired } }

    private func fire() { lock.withLock { fired = true } }

    /// Returns `true` once the stop came, `false` when `timeout` passed first (`nil`: no timeout) or the waiting
    /// task was cancelled. Checks every 50 ms.
    func wait(timeout: Duration?) async -> Bool {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while !hasFired {
            if let deadline, ContinuousClock.now >= deadline { return false }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                return hasFired
            }
        }
        return true
    }
}
