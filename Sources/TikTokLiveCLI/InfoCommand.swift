public import ArgumentParser
import Foundation
public import TikTokLiveEvents

/// `tiktok-live-events info USERNAME`: a live room's title, owner, counts, start time and stream URLs.
public struct InfoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a live room's title, host, viewers, likes, start time and stream URLs.",
        discussion: """
            Plain HTTP (api-live, then room/info), no socket. --json prints one JSON object: roomId, \
            status, title, owner, viewerCount, likeCount, totalViewers, startTime and streams \
            (quality, flv, hls).

            Exit status: 0 done; 2 bad arguments; 4 the creator is not live; 5 no such user; 6 blocked \
            by TikTok (captcha, 18+ room); 7 network failure or rate limiting; 1 anything else.

            Examples:
              tiktok-live-events info some_creator
              tiktok-live-events info @some_creator --json | jq -r '.streams[0].flv'
            """)

    @Argument(help: "The creator's username, with or without @.")
    public var username: String

    @Flag(help: "Print one JSON object.")
    public var json = false

    @OptionGroup public var endpoints: EndpointArguments

    public init() {}

    public func run() async throws {
        let status = await Self.info(
            username: username, json: json, endpoints: endpoints.endpoints,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0), errors: .standardError)
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing.
    public static func info(
        username: String, json: Bool, endpoints: WatchCommand.EndpointOptions, output: OutputWriter,
        errors: OutputWriter, configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        await WebCommand.run(endpoints: endpoints, output: output, errors: errors, configure: configure) {
            web throws(TikTokLiveError) in
            try await web.roomInfo(of: username)
        } print: { info in
            if json {
                output.writeLine(WebCommand.jsonLine(info))
            } else {
                for line in lines(info, username: username) { output.writeLine(line) }
            }
        }
    }

    static func lines(_ info: RoomInfo, username: String) -> [String] {
        let handle = info.owner?.uniqueId ?? ((try? TikTokLive.validateUsername(username)) ?? username)
        let name = info.owner?.nickname.map { " (\($0))" } ?? ""
        let state =
            switch info.status {
            case 2: "live"
            case 3: "live, paused"
            case 4: "ended"
            default: "status \(info.status)"
            }
        var rows: [[String]] = [
            ["room", info.roomId],
            ["status", state],
            ["title", info.title ?? "-"],
            ["viewers", info.viewerCount.map(String.init) ?? "-"],
            ["likes", info.likeCount.map(String.init) ?? "-"],
            ["started", info.startTime.map { ISO8601DateFormatter().string(from: $0) } ?? "-"],
        ]
        if info.streams.isEmpty { rows.append(["streams", "none listed"]) }
        for stream in info.streams {
            rows.append(["\(stream.quality.rawValue) flv", stream.flv?.absoluteString ?? "-"])
            rows.append(["\(stream.quality.rawValue) hls", stream.hls?.absoluteString ?? "-"])
        }
        return ["@\(handle)\(name)"] + WebCommand.table(rows).map { "  " + $0 }
    }
}
