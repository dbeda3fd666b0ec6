public import ArgumentParser
import Foundation
import TikTokLiveEvents

/// The `tiktok-live-events` command line.
public struct RootCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tiktok-live-events",
        abstract: "Read a TikTok LIVE room's events: chat, gifts, likes, joins, follows, viewers and 80+ more.",
        usage: """
            tiktok-live-events <username> [--json] [-f|--filter chat,gift,...]
            tiktok-live-events <subcommand> [<options>]
            """,
        discussion: """
            With no subcommand, a username watches that room (`watch` is the default). No API key, \
            no account: the client talks to TikTok itself and decodes the events locally.

            Examples:
              tiktok-live-events demo                  a simulated room, no TikTok needed
              tiktok-live-events some_creator          watch a real room
              tiktok-live-events @some_creator --json -f chat,gift > events.ndjson
              tiktok-live-events replay session.bin    decode a capture offline
              tiktok-live-events sandbox               serve a simulated room to your bot
              tiktok-live-events serve                 a relay: WebSocket clients get JSON events
              tiktok-live-events doctor some_creator   which step of connecting fails, and why
              tiktok-live-events info some_creator     title, viewers, stream URLs
              tiktok-live-events gifts some_creator    gift names, diamonds, images
              tiktok-live-events live a b c            which creators are live
              tiktok-live-events record some_creator   the stream to an FLV file

            Events (--filter takes these names, comma-separated; the generic member, social, viewer, \
            control, barrage and envelope match their specific ones): \
            \(helpEventNames.joined(separator: ", ")), ... and every \
            other catalogued method by the rule "drop Webcast, drop Message, lower the first \
            letter" (WebcastGiftPanelUpdateMessage is giftPanelUpdate); unknown for a method nobody \
            has catalogued yet. Status lines (connected, reconnecting, disconnected, error) go to \
            standard error.

            Exit status: 0 done (the stream ended, a capture was read to its end, Ctrl-C, or the \
            output was closed early, as by `| head`); 1 other failure; 2 bad arguments; 3 an input \
            file could not be read, is not a capture, or record's file cannot be written; 4 the creator is not live; 5 no such user; \
            6 blocked by TikTok (captcha, blocked device, 18+ room, a signature required); 7 the connection failed and \
            reconnecting did not help; 8 the socket signer (--signer) kept failing. `doctor` has \
            statuses of its own, one per step (see `tiktok-live-events doctor --help`).

            Shell completions: tiktok-live-events --generate-completion-script bash|zsh|fish, \
            e.g. `tiktok-live-events --generate-completion-script zsh > ~/.zfunc/_tiktok-live-events`.
            """,
        version: "0.1.0",
        subcommands: [
            WatchCommand.self, ReplayCommand.self, SandboxCommand.self, DemoCommand.self, ServeCommand.self,
            DoctorCommand.self, InfoCommand.self, GiftsCommand.self, LiveCommand.self, RecordCommand.self,
            FleetCommand.self,
        ],
        defaultSubcommand: WatchCommand.self)

    /// The event names `--help` lists (each also a valid `--filter` name), generic names after their specific ones.
    public static var helpEventNames: [String] { EventCatalog.listedNames }

    public init() {}
}

/// The executable's entry point.
public enum CommandLineTool {
    public static func main() async {
        // A reader that goes away (`| head`) must not kill the process: writes then fail with EPIPE, which
        // OutputWriter reports through `isClosed`, and the commands stop cleanly.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try RootCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser's own usage errors exit with 64 (EX_USAGE); this tool documents 2 for bad arguments.
            if RootCommand.exitCode(for: error) == .validationFailure {
                OutputWriter.standardError.writeLine(RootCommand.fullMessage(for: error))
                exit(ExitCode.usage.rawValue)
            }
            RootCommand.exit(withError: error)
        }
        if standardOutputIsClosed() {
            OutputWriter.standardError.writeLine(
                "tiktok-live-events: standard output was closed (as by `| head`); stopped early.")
        }
    }

    /// Whether the reader of standard output has gone away (a pipe with no reader, or a closed descriptor).
    static func standardOutputIsClosed() -> Bool {
        var descriptor = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLERR | POLLNVAL) != 0
    }
}
