public import ArgumentParser
import Foundation
import Logging
import TikTokLiveEvents
public import TikTokLiveRelay
import TikTokLiveStore

/// `tiktok-live-events serve`: a self-hosted relay ("managed mode") that watches creators for WebSocket clients.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a relay: WebSocket clients receive a creator's events as JSON, one TikTok session per creator.",
        discussion: """
            Clients connect to ws://HOST:PORT/?uniqueId=CREATOR (add &apiKey=TOKEN when a token is set) \
            and receive one text message per event: {"event":"<name>","data":{...}}, the names and data \
            of --json. All clients of a creator share one TikTok session, opened by the first and closed \
            --grace-period seconds after the last left. `tiktok-live-events CREATOR --relay ws://HOST:PORT/` \
            watches through a relay. GET /health answers {"status","creators","clients"}.

            Refusals: HTTP 401 without the token, 400 for an invalid username, 503 at --max-clients or \
            --max-creators. Close codes: 1000 the stream ended; 1001 the relay is stopping; 4000 the \
            creator could not be watched (offline, unknown, blocked; an "error" message with its kind \
            comes first); 4008 the client read too slowly (more than --client-queue events behind).

            The token can also come from $TIKTOK_LIVE_RELAY_TOKEN (keeps it out of `ps`). TikTok's \
            endpoints: as for watch (--web-url, --webcast-url, --ws-url, $TIKTOK_LIVE_*_URL), and \
            --signer / $TIKTOK_LIVE_SIGNER_URL as for watch. --room-id CREATOR=ID (repeatable) skips \
            that creator's room lookup.

            Exit status: 0 after Ctrl-C (or SIGTERM); 1 when the port cannot be opened; 2 bad arguments.

            Examples:
              tiktok-live-events serve
              TIKTOK_LIVE_RELAY_TOKEN=s3cret tiktok-live-events serve --host 0.0.0.0 --port 9000
            """)

    @Option(help: "The address to listen on (loopback by default; set a token before opening it to others).")
    public var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    public var port = 8080

    @Option(help: "A token clients must send as apiKey= (or Authorization: Bearer). Default: $TIKTOK_LIVE_RELAY_TOKEN.")
    public var token: String?

    @Option(name: .customLong("grace-period"), help: "Seconds a creator's session outlives its last client.")
    public var gracePeriod: Double = 30

    @Option(name: .customLong("max-clients"), help: "Clients at once, over all creators.")
    public var maxClients = 1_000

    @Option(name: .customLong("max-creators"), help: "Creators watched at once.")
    public var maxCreators = 100

    @Option(name: .customLong("client-queue"), help: "Events a client may fall behind before it is dropped.")
    public var clientQueue = 1_024

    @OptionGroup public var connection: EndpointArguments

    @OptionGroup public var signerArgument: SignerArgument

    @Option(
        name: .customLong("room-id"),
        help: ArgumentHelp("A creator's known room id, CREATOR=ID (repeatable): skips its lookup.", valueName: "pair"))
    public var roomIds: [String] = []

    @OptionGroup public var storeOptions: StoreOptions

    @Flag(name: .shortAndLong, help: "Log sessions, clients and drops to standard error.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard gracePeriod >= 0, gracePeriod <= 86_400 else {
            throw ValidationError("--grace-period must be between 0 and 86400 seconds")
        }
        guard maxClients > 0, maxCreators > 0, clientQueue > 0 else {
            throw ValidationError("--max-clients, --max-creators and --client-queue must be above 0")
        }
    }

    public func run() async throws {
        var configuration = RelayServer.Configuration(
            host: host, port: port,
            token: token
                ?? ProcessInfo.processInfo.environment["TIKTOK_LIVE_RELAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            gracePeriod: .milliseconds(Int64(gracePeriod * 1_000)), clientQueueLimit: clientQueue,
            maxClients: maxClients, maxCreators: maxCreators)
        // As when watching: gifts lacking a name, image or diamond value are filled from the room's catalog.
        configuration.upstream.enrichGifts = true
        if verbose {
            var logger = Logger(label: "tiktok-live-relay", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .info
            configuration.logger = logger
            configuration.upstream.logger = logger
        }
        let options: ConnectionOptions
        do throws(CLIError) {
            options = ConnectionOptions(
                signer: signerArgument.signer, roomIds: try ConnectionOptions.roomIds(pairs: roomIds))
        } catch {
            OutputWriter.standardError.writeLine("error: \(error.message)")
            throw ExitCode.usage
        }
        let waiter = await StopSignals.trap()
        let status = await Self.serve(
            configuration: configuration,
            endpoints: connection.endpoints, connection: options,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0), errors: .standardError,
            store: storeOptions.settings
        ) { _ in
            await waiter.wait()
        }
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing: serves until `until` returns.
    ///
    /// - Parameter storeSettings: `--store`: every creator's wire events are also kept there; stopping writes what is
    ///   queued.
    public static func serve(
        configuration: RelayServer.Configuration, endpoints: WatchCommand.EndpointOptions,
        connection: ConnectionOptions = ConnectionOptions(), output: OutputWriter, errors: OutputWriter,
        store storeSettings: StoreSettings? = nil,
        until stop: @Sendable (RelayServer) async -> Void
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        var configuration = configuration
        do {
            try endpoints.apply(to: &configuration.upstream.endpoints)
            try connection.apply(to: &configuration.upstream)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        let store: EventStore?
        do {
            store = try await StoreSettings.open(storeSettings)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        if let store {
            // `store` throws only once closed, which is after the relay has stopped.
            configuration.eventSink = { event in try? await store.store(event) }
        }
        let relay: RelayServer
        do {
            relay = try await RelayServer.start(configuration: configuration)
        } catch {
            errors.writeLine(
                "error: cannot listen on \(configuration.host):\(configuration.port): \(error). "
                    + "Try another --port, or --port 0 for any free one.")
            return await StoreSettings.close(store, status: ExitCode.failure, errors: errors)
        }
        let health = relay.url.absoluteString.replacingOccurrences(of: "ws://", with: "http://") + "health"
        output.writeLine("Relay listening on \(relay.url.absoluteString) (Ctrl-C stops it).")
        output.writeLine(
            "  clients: \(relay.url.absoluteString)?uniqueId=CREATOR"
                + (configuration.token == nil ? "" : "&apiKey=TOKEN"))
        output.writeLine("  health:  \(health)")
        output.writeLine("  watch:   tiktok-live-events CREATOR --relay \(relay.url.absoluteString)")
        output.writeLine("  TikTok:  \(configuration.upstream.endpoints.webURL.absoluteString)")
        output.flush()
        await stop(relay)
        await relay.shutdown()
        errors.writeLine("relay stopped")
        return await StoreSettings.close(store, status: ExitCode.success, errors: errors)
    }
}
