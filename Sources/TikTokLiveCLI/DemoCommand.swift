public import ArgumentParser
import Foundation
import TikTokLiveEvents
public import TikTokLiveTesting

/// `tiktok-live-events demo`: watch a simulated room with the real client, all in one process, no TikTok needed.
public struct DemoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch a simulated LIVE room: the real client against a fake TikTok edge on loopback.",
        discussion: """
            Starts the sandbox room (see `tiktok-live-events sandbox --help`) on a free loopback port \
            and watches it exactly as `tiktok-live-events <username>` watches a real room: same \
            output, same --json and --filter. Nothing leaves this machine. The show plays once (about \
            30 seconds: chat, gift streaks, likes, joins, follows, a PK battle, captions, a deleted \
            comment, ...), the simulated host ends the stream, and a one-line summary follows on \
            stderr. --loop keeps it going until Ctrl-C; --duration ends it sooner.

            Exit status: 0 when the stream ended, on Ctrl-C, or when the output was closed early \
            (`| head`); 2 bad arguments; 1 anything else.

            Examples:
              tiktok-live-events demo
              tiktok-live-events demo --json --filter chat,gift | jq .
              tiktok-live-events demo -f battle,battleArmies --loop
            """)

    @OptionGroup public var eventOutput: EventOutputArguments

    @Option(help: "Stop after this many seconds (the simulated host ends the stream); default: when the show ends.")
    public var duration: Double?

    @Flag(help: "Play the show over and over until Ctrl-C (or --duration), instead of once.")
    public var loop = false

    @Option(help: "Picks who says and sends what; the same seed gives the same room.")
    public var seed: UInt64 = 1

    @Option(help: "Plays the room this many times faster than a real room's pace (3: one show in about 30 s).")
    public var speed: Double = 3

    public init() {}

    public func validate() throws {
        if let duration, !(duration > 0 && duration <= 31_536_000) {
            throw ValidationError("--duration must be a positive number of seconds")
        }
        guard speed > 0, speed <= 1_000 else { throw ValidationError("--speed must be above 0 and at most 1000") }
    }

    public func run() async throws {
        let status = await Self.demo(
            json: eventOutput.json, filter: eventOutput.filter,
            duration: duration.map { .milliseconds(Int64(($0 * 1000).rounded())) },
            loop: loop, seed: seed, speed: speed, output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0),
            errors: .standardError, handleSignals: true)
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing: testable in-process.
    public static func demo(
        json: Bool, filter: String?, duration: Duration?, loop: Bool = false, seed: UInt64 = 1, speed: Double = 3,
        output: OutputWriter, errors: OutputWriter, handleSignals: Bool = false
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        // A bad --filter is a usage error before anything starts.
        do {
            _ = try EventFilter(filter)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        let sandbox = SandboxRoom(seed: seed, speed: speed, ending: loop ? .loop : .streamEnd)
        let edge: FakeTikTokEdge
        do {
            edge = try await FakeTikTokEdge.start(host: "127.0.0.1", port: 0, rooms: [sandbox.room])
        } catch {
            errors.writeLine("error: cannot start the simulated room on loopback: \(error)")
            return ExitCode.failure
        }
        errors.writeLine("demo: a simulated room on a fake TikTok edge at \(edge.webURL); nothing leaves this machine")
        let ending = duration.map { duration in
            Task {
                try await Task.sleep(for: duration)
                edge.add(endOfStream(sandbox))
            }
        }
        let status = await WatchCommand.watch(
            username: sandbox.uniqueId, json: json, filter: filter,
            endpoints: .init(edge), output: output,
            errors: errors, handleSignals: handleSignals)
        ending?.cancel()
        try? await edge.shutdown()
        if status == ExitCode.success, !loop { errors.writeLine(summaryLine(sandbox.summary)) }
        return status
    }

    /// What one show holds, and where to go next: the last line a first run prints.
    static func summaryLine(_ summary: SandboxRoom.Summary) -> String {
        let battle = summary.battleWinner == nil ? "" : ", a PK battle"
        return "demo: the show is over: \(summary.messageCount) messages in about "
            + "\(summary.duration.components.seconds) s (\(summary.chatCount) chats in "
            + "\(summary.chatLanguages.count) languages, \(summary.giftMessageCount) gift messages worth "
            + "\(summary.totalDiamonds) diamonds, the like total up to \(summary.likeTotal), \(summary.joins) joins, "
            + "\(summary.follows) follows, \(summary.shares) shares\(battle)); --loop keeps it going, and "
            + "`tiktok-live-events <username>` watches a real room"
    }

    /// The sandbox room, its script replaced by the host ending the stream: the next thing its socket sends.
    static func endOfStream(_ sandbox: SandboxRoom) -> FakeRoom {
        var room = sandbox.room
        room.script = [.batch([.control(msgId: 7_431_999_000_000_000_001, roomId: room.roomId, action: 3)])]
        room.loopScript = false
        return room
    }
}

extension WatchCommand.EndpointOptions {
    /// A fake edge's endpoints, as the `--*-url` options would give them (`demo`, and tests of the commands).
    public init(_ edge: FakeTikTokEdge) {
        self.init(
            webURL: edge.webURL.absoluteString, webcastURL: edge.webcastURL.absoluteString,
            wsURL: edge.wsURL.absoluteString)
    }
}
