public import ArgumentParser
import TikTokLiveStore

/// `--store URL` on watch, replay and serve: open the store before the command starts, close it (which writes what is
/// queued) when it ends, and turn the store's errors into the CLI's messages and exit statuses.
public struct StoreOptions: ParsableArguments, Sendable {
    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "Also keep every event in a database: sqlite:FILE, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.",
            valueName: "url"))
    public var store: String?

    @Option(
        name: .customLong("store-flush-seconds"),
        help: "How long a partial batch waits before it is written: the store's delay in a quiet room.")
    public var flushSeconds: Double = 0.2

    public init() {}

    /// What the options asked for; `nil` without `--store`.
    public var settings: StoreSettings? {
        store.map { StoreSettings(url: $0, flushSeconds: flushSeconds) }
    }
}

/// `--store` and its tuning as plain values, for the commands' testable entry points.
public struct StoreSettings: Sendable {
    public var url: String
    public var flushSeconds: Double

    public init(url: String, flushSeconds: Double = 0.2) {
        self.url = url
        self.flushSeconds = flushSeconds
    }

    /// The open store, `nil` without settings; on failure the error is thrown with its exit status.
    static func open(_ settings: StoreSettings?) async throws(CLIError) -> EventStore? {
        guard let settings else { return nil }
        return try await settings.open()
    }

    private func open() async throws(CLIError) -> EventStore {
        guard flushSeconds >= 0, flushSeconds <= 86_400 else {
            throw CLIError("--store-flush-seconds must be between 0 and 86400")
        }
        do {
            let configuration = EventStore.Configuration(flushInterval: .milliseconds(Int64(flushSeconds * 1_000)))
            return try await EventStore.open(try StoreLocation(parsing: url), configuration: configuration)
        } catch {
            throw CLIError(
                "--store: \(error.message)",
                exitCode: error.kind == .invalidLocation ? ExitCode.usage : ExitCode.failure)
        }
    }

    /// Closes the store and returns the command's status: `status`, or a failure when events could not be written.
    static func close(_ store: EventStore?, status: ExitCode, errors: OutputWriter) async -> ExitCode {
        guard let store else { return status }
        do {
            try await store.close()
        } catch {
            errors.writeLine("error: --store: \(error.message)")
            return status == ExitCode.success ? ExitCode.failure : status
        }
        let statistics = store.statistics
        errors.writeLine(
            "stored \(statistics.stored) events in \(store.location)"
                + (statistics.duplicates > 0 ? " (\(statistics.duplicates) already there)" : "")
                + (statistics.rejected > 0
                    ? "; \(statistics.rejected) refused by the database: \(statistics.lastError ?? "")" : ""))
        return status
    }
}
