public import ArgumentParser
import Foundation
public import TikTokLiveEvents
import TikTokLiveStore

/// `tiktok-live-events watch USERNAME`: connect to a creator's room and print its events as they happen.
public struct WatchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Connect to a creator's LIVE room and print its events.",
        discussion: """
            Events go to standard output: one line each, or NDJSON with --json. Status lines \
            (connecting, connected, reconnecting, disconnected, decode errors) go to standard error. \
            Ctrl-C stops cleanly.

            Endpoints default to TikTok's, or to $TIKTOK_LIVE_WEB_URL, $TIKTOK_LIVE_WEBCAST_URL and \
            $TIKTOK_LIVE_WS_URL when set; the --*-url options win over both. --signer (or \
            $TIKTOK_LIVE_SIGNER_URL) has a signing service you run sign the socket URL; --room-id skips \
            the room lookup. When it cannot connect, `tiktok-live-events doctor USERNAME` says which step fails.

            Exit status: 0 when the stream ended or on Ctrl-C; 2 bad arguments (including an invalid \
            username); 4 the creator is not live; 5 no such user; 6 blocked by TikTok (captcha, blocked \
            device, a signature required); 7 the connection failed and reconnecting did not help; 8 the \
            signer kept failing; 1 anything else.

            Examples:
              tiktok-live-events watch some_creator
              tiktok-live-events watch @some_creator --json --filter chat,gift
              tiktok-live-events watch some_creator --relay ws://127.0.0.1:8080/
            """)

    @Argument(help: "The creator's username, with or without @.")
    public var username: String

    @OptionGroup public var eventOutput: EventOutputArguments

    @OptionGroup public var connection: EndpointArguments

    @OptionGroup public var signerArgument: SignerArgument

    @Option(
        name: .customLong("record"),
        help: ArgumentHelp(
            "Also write every raw frame received to this capture file; `replay FILE` prints the same events.",
            valueName: "file"))
    public var record: String?

    @Option(
        name: .customLong("relay"),
        help: ArgumentHelp(
            "Watch through a relay (`tiktok-live-events serve`) instead of TikTok; add ?apiKey=TOKEN if it needs one.",
            valueName: "ws-url"))
    public var relay: String?

    @Option(
        name: .customLong("room-id"),
        help: ArgumentHelp("The creator's room id, when known: skips the room lookup.", valueName: "id"))
    public var roomId: String?

    @OptionGroup public var storeOptions: StoreOptions

    public init() {}

    public func run() async throws {
        var options = ConnectionOptions(signer: signerArgument.signer)
        if let roomId {
            do throws(CLIError) {
                options.roomIds[username] = try ConnectionOptions.roomId(roomId)
            } catch {
                OutputWriter.standardError.writeLine("error: \(error.message)")
                throw ExitCode.usage
            }
        }
        let status = await Self.watch(
            username: username, json: eventOutput.json, filter: eventOutput.filter,
            endpoints: connection.endpoints, output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0),
            errors: .standardError, handleSignals: true, recordPath: record, relay: relay, connection: options,
            store: storeOptions.settings)
        if status != .success { throw status }
    }

    /// The `--*-url` options, applied over the environment's endpoints.
    public struct EndpointOptions: Sendable {
        public var webURL: String?
        public var webcastURL: String?
        public var wsURL: String?

        public init(webURL: String? = nil, webcastURL: String? = nil, wsURL: String? = nil) {
            self.webURL = webURL
            self.webcastURL = webcastURL
            self.wsURL = wsURL
        }

        func apply(to endpoints: inout TikTokLive.Endpoints) throws(CLIError) {
            if let webURL { endpoints.webURL = try Self.url(webURL, option: "--web-url", schemes: ["http", "https"]) }
            if let webcastURL {
                endpoints.webcastURL = try Self.url(webcastURL, option: "--webcast-url", schemes: ["http", "https"])
            }
            if let wsURL { endpoints.wsURL = try Self.url(wsURL, option: "--ws-url", schemes: ["ws", "wss"]) }
        }

        static func url(_ text: String, option: String, schemes: Set<String>) throws(CLIError) -> URL {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
                url.host?.isEmpty == false
            else {
                throw CLIError("\(option) must be a \(schemes.sorted().joined(separator: " or ")) URL, got \"\(text)\"")
            }
            return url
        }
    }

    /// The whole command, minus argument parsing: testable in-process.
    ///
    /// - Parameters:
    ///   - configure: a last say over the client's configuration (tests shrink delays with it).
    ///   - handleSignals: stop cleanly on SIGINT/SIGTERM (a second one exits at once, with 130 for SIGINT).
    ///   - store: `--store`: the events that pass the filter are also kept there; stopping writes what is queued.
    public static func watch(
        username: String, json: Bool, filter: String?, endpoints: EndpointOptions, output: OutputWriter,
        errors: OutputWriter, handleSignals: Bool = false, recordPath: String? = nil, relay: String? = nil,
        connection: ConnectionOptions = ConnectionOptions(),
        store storeSettings: StoreSettings? = nil,
        configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        let uniqueId: String
        let eventFilter: EventFilter
        var configuration = TikTokLive.Configuration()
        configuration.enrichGifts = true
        do {
            uniqueId = try TikTokLive.validateUsername(username)
        } catch {
            errors.writeLine("error: \(error.message)")
            return ExitCode.usage
        }
        do throws(CLIError) {
            eventFilter = try EventFilter(filter)
            try endpoints.apply(to: &configuration.endpoints)
            try connection.apply(to: &configuration)
            if let relay {
                configuration.mode = .relay(try EndpointOptions.url(relay, option: "--relay", schemes: ["ws", "wss"]))
                if recordPath != nil {
                    throw CLIError("--record needs TikTok's raw frames, which a relay does not pass on")
                }
            }
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        if let recordPath {
            guard let recorder = CaptureRecorder(path: recordPath) else {
                errors.writeLine("error: cannot write the capture file \(recordPath)")
                return ExitCode.input
            }
            configuration.frameRecorder = { recorder.write($0) }
        }
        configure?(&configuration)
        let store: EventStore?
        do {
            store = try await StoreSettings.open(storeSettings)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }

        let live = TikTokLive(uniqueId, configuration: configuration)
        let printer = EventPrinter(
            format: json ? .json : .text(color: EventPrinter.wantsColor(fd: STDOUT_FILENO)), filter: eventFilter,
            output: output)
        // The first SIGINT or SIGTERM stops the client (the run then ends with 0); a second Ctrl-C exits at once.
        let signals = handleSignals ? await StopSignals.trap { live.stop() } : nil
        defer { signals?.cancel() }

        if case .relay(let url) = configuration.mode {
            // Without the query: it may hold the relay's apiKey.
            errors.writeLine("connecting to @\(uniqueId) through the relay at \(LogText.url(url.absoluteString))")
        } else {
            errors.writeLine("connecting to @\(uniqueId) (\(configuration.endpoints.webURL.absoluteString))")
        }
        let status = await run(live, printer: printer, store: store, output: output, errors: errors)
        return await StoreSettings.close(store, status: status, errors: errors)
    }

    private static func run(
        _ live: TikTokLive, printer: EventPrinter, store: EventStore?, output: OutputWriter, errors: OutputWriter
    ) async -> ExitCode {
        let status = EventTextFormatter()
        do {
            for try await event in live.events {
                if event.isWireEvent {
                    printer.print(event)
                    if let store, printer.filter.allows(event) { try await store.store(event) }
                } else {
                    errors.writeLine(status.line(for: event))
                }
                if output.isClosed {
                    // The reader went away (`| head`): nothing more to do.
                    live.stop()
                    break
                }
            }
            return ExitCode.success
        } catch let error as EventStoreError {
            live.stop()
            errors.writeLine("error: --store: \(error.message)")
            return ExitCode.failure
        } catch let error as TikTokLiveError {
            output.flush()
            errors.writeLine("error: \(error.message)")
            return exitStatus(for: error.kind)
        } catch {
            output.flush()
            errors.writeLine("error: \(error)")
            return ExitCode.failure
        }
    }

    /// The exit status for a run that ended with an error of this kind.
    public static func exitStatus(for kind: TikTokLiveError.Kind) -> ExitCode {
        switch kind {
        case .invalidUsername: ExitCode.usage
        case .offline: ExitCode.offline
        case .notFound: ExitCode.notFound
        case .blocked, .deviceBlocked, .ageRestricted, .signatureRequired: ExitCode.blocked
        case .reconnectBudgetSpent, .network, .rateLimited: ExitCode.connectionFailed
        case .signer: ExitCode.signerFailed
        default: ExitCode.failure
        }
    }
}

/// Appends raw frames to a capture file (`--record`), in the layout `replay` reads.
final class CaptureRecorder: Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    /// Creates or truncates the file; `nil` when it cannot be opened for writing.
    init?(path: String) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        self.handle = handle
    }

    func write(_ frame: [UInt8]) {
        lock.withLock {
            // A full disk must not stop the watch; the capture just ends early.
            try? handle.write(contentsOf: CaptureWriter.record(frame))
        }
    }
}
