public import ArgumentParser
import Foundation
import Logging
import TikTokLiveEvents
import TikTokLiveFleet
import TikTokLiveStore

/// `tiktok-live-events fleet`: workers that share creators through leases in PostgreSQL and keep their events there.
public struct FleetCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Watch many creators from several machines: leases and events in one PostgreSQL database.",
        discussion: """
            `fleet add` puts creators on the list; each `fleet run` (the default) is a worker that leases up \
            to --max-rooms of them, watches them, and writes their events to the live_events table. Leases \
            expire unless renewed, so the rooms of a worker that dies are taken by the others; a creator \
            who is offline is checked again later, waiting longer each time. Consumers follow new events \
            with LISTEN live_events (the payload is the highest new id).

            The database URL can also come from $TIKTOK_LIVE_POSTGRES_URL (keeps a password out of `ps`).

            Examples:
              tiktok-live-events fleet add some_creator other_creator --postgres postgres://me@db/live
              tiktok-live-events fleet --postgres postgres://me@db/live --max-rooms 200
              tiktok-live-events fleet list --postgres postgres://me@db/live
            """,
        subcommands: [Run.self, Add.self, Remove.self, List.self],
        defaultSubcommand: Run.self)

    public init() {}

    /// `--postgres`, shared by every subcommand.
    public struct DatabaseOptions: ParsableArguments {
        @Option(
            name: .customLong("postgres"),
            help: ArgumentHelp(
                "The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE. Default: "
                    + "$TIKTOK_LIVE_POSTGRES_URL.", valueName: "url"))
        public var postgres: String?

        public init() {}

        func address() throws(CLIError) -> PostgresAddress {
            guard let text = postgres ?? ProcessInfo.processInfo.environment["TIKTOK_LIVE_POSTGRES_URL"] else {
                throw CLIError("fleet needs a database: --postgres postgres://USER@HOST/DATABASE")
            }
            do {
                guard case .postgres(let address) = try StoreLocation(parsing: text) else {
                    throw CLIError("--postgres must be a postgres:// URL (the fleet's leases live in PostgreSQL)")
                }
                return address
            } catch let error as EventStoreError {
                throw CLIError("--postgres: \(error.message)")
            } catch {
                throw error as? CLIError ?? CLIError("\(error)")
            }
        }

        func leases() async throws(CLIError) -> CreatorLeases {
            let address = try address()
            do {
                return try await CreatorLeases.open(address, logger: Logger(label: "tiktok-live-fleet"))
            } catch {
                throw CLIError(error.message, exitCode: ExitCode.failure)
            }
        }
    }

    /// Runs `body` with the leases open; prints a failure as one `error:` line with its exit status.
    static func withLeases(_ options: DatabaseOptions, _ body: (CreatorLeases) async throws -> Void) async throws {
        let leases: CreatorLeases
        do {
            leases = try await options.leases()
        } catch {
            OutputWriter.standardError.writeLine("error: \(error.message)")
            throw error.exitCode
        }
        do {
            try await body(leases)
            await leases.close()
        } catch {
            await leases.close()
            OutputWriter.standardError.writeLine("error: \(PostgresSession.reason(error))")
            throw ExitCode.failure
        }
    }

    public struct Add: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Add creators to the fleet's list.")
        @OptionGroup public var database: DatabaseOptions
        @Argument(help: "Usernames, with or without @.") public var usernames: [String]
        public init() {}

        public func run() async throws {
            let uniqueIds = try FleetCommand.validated(usernames)
            try await FleetCommand.withLeases(database) { leases in
                let added = try await leases.add(uniqueIds)
                print("added \(added) creator(s)" + (added < uniqueIds.count ? " (the others were there)" : ""))
            }
        }
    }

    public struct Remove: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Remove creators; the worker watching one stops at its next renewal.")
        @OptionGroup public var database: DatabaseOptions
        @Argument(help: "Usernames, with or without @.") public var usernames: [String]
        public init() {}

        public func run() async throws {
            let uniqueIds = try FleetCommand.validated(usernames)
            try await FleetCommand.withLeases(database) { leases in
                print("removed \(try await leases.remove(uniqueIds)) creator(s)")
            }
        }
    }

    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the creators: who watches each, or when it is checked next.")
        @OptionGroup public var database: DatabaseOptions
        public init() {}

        public func run() async throws {
            try await FleetCommand.withLeases(database) { leases in
                for creator in try await leases.list() {
                    let state =
                        creator.leasedBy.map { "watched by \($0)" }
                        ?? (creator.nextCheckIn > 0 ? "next check in \(creator.nextCheckIn)s" : "waiting for a worker")
                    print(
                        "\(creator.uniqueId)\t\(state)"
                            + (creator.offlineChecks > 0 ? "\toffline \(creator.offlineChecks)x" : "")
                            + (creator.lastError.map { "\t\($0)" } ?? ""))
                }
            }
        }
    }

    public struct Run: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Be a worker: lease creators, watch them, store their events (the default).")
        @OptionGroup public var database: DatabaseOptions

        @Option(name: .customLong("max-rooms"), help: "Rooms this worker watches at once.")
        public var maxRooms = 50

        @Option(name: .customLong("lease-seconds"), help: "How long a lease lasts unless renewed.")
        public var leaseSeconds: Double = 30

        @Option(name: .customLong("poll-seconds"), help: "How often leases are renewed and free creators looked for.")
        public var pollSeconds: Double = 5

        @Option(
            name: .customLong("offline-backoff"), help: "Seconds before an offline creator is checked again (doubling)."
        )
        public var offlineBackoff: Double = 60

        @Option(name: .customLong("metrics-host"), help: "The address of GET /metrics and GET /health.")
        public var metricsHost = "127.0.0.1"

        @Option(name: .customLong("metrics-port"), help: "Their port; 0 picks a free one.")
        public var metricsPort = 9464

        @Option(name: .customLong("worker-id"), help: "This worker's name in the leases (default: host-pid).")
        public var workerID: String?

        @OptionGroup public var endpointArguments: EndpointArguments

        @OptionGroup public var signerArgument: SignerArgument

        @Flag(name: .shortAndLong, help: "Log leases and rooms to standard error.")
        public var verbose = false

        public init() {}

        public func validate() throws {
            guard maxRooms > 0 else { throw ValidationError("--max-rooms must be above 0") }
            guard leaseSeconds >= 1, pollSeconds > 0, pollSeconds < leaseSeconds else {
                throw ValidationError("--poll-seconds must be above 0 and below --lease-seconds (at least 1)")
            }
            guard (0...65_535).contains(metricsPort) else {
                throw ValidationError("--metrics-port must be between 0 and 65535")
            }
        }

        public func run() async throws {
            let errors = OutputWriter.standardError
            var configuration = FleetWorker.Configuration()
            configuration.maxRooms = maxRooms
            configuration.leaseDuration = .milliseconds(Int64(leaseSeconds * 1_000))
            configuration.pollInterval = .milliseconds(Int64(pollSeconds * 1_000))
            configuration.offlineBackoff = .milliseconds(Int64(offlineBackoff * 1_000))
            if let workerID { configuration.workerID = workerID }
            if verbose {
                var logger = Logger(label: "tiktok-live-fleet", factory: { StreamLogHandler.standardError(label: $0) })
                logger.logLevel = .info
                configuration.logger = logger
                configuration.store.logger = logger
            }
            let address: PostgresAddress
            let leases: CreatorLeases
            let store: EventStore
            do throws(CLIError) {
                try endpointArguments.endpoints.apply(to: &configuration.client.endpoints)
                try ConnectionOptions(signer: signerArgument.signer).apply(to: &configuration.client)
                address = try database.address()
                leases = try await database.leases()
                do {
                    store = try await EventStore.open(.postgres(address), configuration: configuration.store)
                } catch {
                    throw CLIError(error.message, exitCode: ExitCode.failure)
                }
            } catch {
                errors.writeLine("error: \(error.message)")
                throw error.exitCode
            }
            let metrics = FleetMetrics()
            let worker = FleetWorker(leases: leases, store: store, configuration: configuration, metrics: metrics)
            let server: FleetHTTPServer
            do {
                server = try await FleetHTTPServer.start(
                    host: metricsHost, port: metricsPort, metrics: metrics, health: { worker.health })
            } catch {
                errors.writeLine(
                    "error: cannot listen on \(metricsHost):\(metricsPort): \(error). Try --metrics-port 0 for any free one."
                )
                throw ExitCode.failure
            }
            // Trapped before the first line: a supervisor that stops the worker as soon as it is up must not kill it.
            let signals = await StopSignals.trap { worker.stop() }
            defer { signals.cancel() }
            let output = OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0)
            output.writeLine("worker \(configuration.workerID): up to \(maxRooms) rooms from \(address)")
            output.writeLine("  metrics: http://\(metricsHost):\(server.port)/metrics")
            output.writeLine("  health:  http://\(metricsHost):\(server.port)/health")
            await worker.run()
            await server.shutdown()
            errors.writeLine("worker stopped; its creators are free for the others")
        }
    }

    static func validated(_ usernames: [String]) throws -> [String] {
        var uniqueIds: [String] = []
        for username in usernames {
            do {
                uniqueIds.append(try TikTokLive.validateUsername(username))
            } catch {
                OutputWriter.standardError.writeLine("error: \(error.message)")
                throw ExitCode.usage
            }
        }
        return uniqueIds
    }
}
