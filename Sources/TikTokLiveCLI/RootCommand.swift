public import ArgumentParser

/// The `tiktok-live-events` command line.
public struct RootCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tiktok-live-events",
        abstract: "Read a TikTok LIVE room's events: chat, gifts, likes, joins, follows, viewers and 80+ more.",
        version: "0.1.0",
        subcommands: [ReplayCommand.self])

    public init() {}
}

/// The executable's entry point.
public enum CommandLineTool {
    public static func main() async {
        await RootCommand.main()
    }
}
