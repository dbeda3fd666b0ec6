public import ArgumentParser
import Foundation
public import TikTokLiveEvents

/// `tiktok-live-events gifts USERNAME`: the gift catalog of a creator's room.
public struct GiftsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gifts",
        abstract: "List the gifts of a creator's room: id, name, diamonds, streakable, image.",
        discussion: """
            Plain HTTP (gift/list), no socket. For a creator who is not live, the catalog of the \
            region. --json prints NDJSON, one gift per line: id, name, diamondCount, imageUrl, streakable.

            Exit status: 0 done; 2 bad arguments; 5 no such user; 6 blocked by TikTok; 7 network \
            failure or rate limiting; 1 anything else.

            Examples:
              tiktok-live-events gifts some_creator
              tiktok-live-events gifts some_creator --json | jq -r 'select(.diamondCount >= 1000) | .name'
            """)

    @Argument(help: "The creator's username, with or without @.")
    public var username: String

    @Flag(help: "Print NDJSON, one gift per line.")
    public var json = false

    @OptionGroup public var endpoints: EndpointArguments

    public init() {}

    public func run() async throws {
        let status = await Self.gifts(
            username: username, json: json, endpoints: endpoints.endpoints,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0), errors: .standardError)
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing.
    public static func gifts(
        username: String, json: Bool, endpoints: WatchCommand.EndpointOptions, output: OutputWriter,
        errors: OutputWriter, configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        await WebCommand.run(endpoints: endpoints, output: output, errors: errors, configure: configure) {
            web throws(TikTokLiveError) in
            try await web.giftCatalog(of: username)
        } print: { catalog in
            if json {
                for gift in catalog.gifts { output.writeLine(WebCommand.jsonLine(gift)) }
                return
            }
            let rows =
                [["ID", "NAME", "DIAMONDS", "STREAK", "IMAGE"]]
                + catalog.gifts.map { gift in
                    [
                        String(gift.id), gift.name, String(gift.diamondCount), gift.streakable ? "yes" : "no",
                        gift.imageUrl ?? "-",
                    ]
                }
            for line in WebCommand.table(rows) { output.writeLine(line) }
            errors.writeLine("\(catalog.gifts.count) gift(s)")
        }
    }
}
