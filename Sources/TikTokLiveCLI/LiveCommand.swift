public import ArgumentParser
import Foundation
public import TikTokLiveEvents

/// `tiktok-live-events live USERNAME...`: which of these creators are live, without sockets.
public struct LiveCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Check which creators are live: a table of status, viewers, room and title.",
        discussion: """
            Reads each creator's own room status (api-live, then the live page), four at a time; an \
            HTTP 429 slows the whole batch down. --watch S checks again every S seconds until Ctrl-C \
            (TikTok blocks IPs polling ~20 creators every 5 s: keep S well above that). --json prints \
            NDJSON, one line per creator per check: uniqueId, state (live, offline, notFound, \
            blocked, error), roomId, title, viewerCount, error, checkedAt.

            Exit status (without --watch): 0 at least one creator is live; 4 none is live; otherwise \
            the status of the first creator's failure: 2 an invalid username, 5 no such user, 6 blocked \
            by TikTok, 7 network failure or rate limiting. With --watch: 0 after Ctrl-C.

            Examples:
              tiktok-live-events live creator_a creator_b creator_c
              tiktok-live-events live creator_a creator_b --watch 60
              tiktok-live-events live some_creator && tiktok-live-events record some_creator
            """)

    @Argument(help: "The creators' usernames, with or without @.")
    public var usernames: [String]

    @Flag(help: "Print NDJSON, one object per creator.")
    public var json = false

    @Option(help: ArgumentHelp("Check again every S seconds, until Ctrl-C.", valueName: "S"))
    public var watch: Double?

    @Option(help: "How many creators are looked up at once.")
    public var concurrency = 4

    @OptionGroup public var endpoints: EndpointArguments

    public init() {}

    public func validate() throws {
        guard !usernames.isEmpty else { throw ValidationError("name at least one creator") }
        if let watch, !(watch >= 1) { throw ValidationError("--watch must be at least 1 second") }
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 32") }
    }

    public func run() async throws {
        let waiter: StopSignals? = watch == nil ? nil : await StopSignals.trap()
        var stop: (@Sendable () async -> Void)?
        if let waiter { stop = { await waiter.wait() } }
        let interval: Duration? = watch.map { Duration.milliseconds(Int($0 * 1_000)) }
        let status = await Self.live(
            usernames: usernames, json: json, watch: interval,
            concurrency: concurrency, endpoints: endpoints.endpoints,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0), errors: .standardError,
            until: stop)
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing; with `watch`, checks until `until` returns (Ctrl-C).
    public static func live(
        usernames: [String], json: Bool, watch: Duration?, concurrency: Int = 4,
        endpoints: WatchCommand.EndpointOptions, output: OutputWriter, errors: OutputWriter,
        until stop: (@Sendable () async -> Void)? = nil,
        configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        guard let web = WebCommand.client(endpoints, configure: configure, errors: errors) else {
            return ExitCode.usage
        }
        let stopSignal = StopSignal(stop)
        while true {
            let statuses = await web.liveStatus(of: usernames, concurrency: concurrency)
            let checkedAt = Date()
            if json {
                for status in statuses {
                    output.writeLine(WebCommand.jsonLine(StatusLine(status, checkedAt: checkedAt)))
                }
            } else {
                for line in table(statuses) { output.writeLine(line) }
            }
            output.flush()
            guard let watch else { return exitStatus(statuses) }
            if !json { output.writeLine("") }
            if await stopSignal.wait(timeout: watch) { return ExitCode.success }
        }
    }

    /// 0 when someone is live, 4 when all who could be checked are offline, else the first failure's status.
    static func exitStatus(_ statuses: [LiveStatus]) -> ExitCode {
        if statuses.contains(where: \.isLive) { return ExitCode.success }
        if statuses.contains(where: { $0.state == .offline }) { return ExitCode.offline }
        guard let kind = statuses.first?.error?.kind else { return ExitCode.failure }
        return WatchCommand.exitStatus(for: kind)
    }

    static func table(_ statuses: [LiveStatus]) -> [String] {
        let rows =
            [["CREATOR", "STATUS", "VIEWERS", "ROOM", "TITLE"]]
            + statuses.map { status in
                switch status.state {
                case .live:
                    [
                        status.uniqueId, "live", status.viewerCount.map(String.init) ?? "-", status.roomId ?? "-",
                        status.title ?? "",
                    ]
                case .offline:
                    [status.uniqueId, "offline", "", "", ""]
                default:
                    [status.uniqueId, status.state.rawValue, "", "", status.error?.message ?? ""]
                }
            }
        return WebCommand.table(rows)
    }

    /// One `--json` line.
    struct StatusLine: Encodable {
        var uniqueId: String
        var state: LiveStatus.State
        var roomId: String?
        var title: String?
        var viewerCount: Int?
        var error: String?
        var checkedAt: Date

        init(_ status: LiveStatus, checkedAt: Date) {
            uniqueId = status.uniqueId
            state = status.state
            roomId = status.roomId
            title = status.title
            viewerCount = status.viewerCount
            error = status.error?.message
            self.checkedAt = checkedAt
        }
    }
}
