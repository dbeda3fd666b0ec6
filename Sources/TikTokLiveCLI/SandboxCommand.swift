public import ArgumentParser
import Foundation
import TikTokLiveEvents
import TikTokLiveTesting

/// `tiktok-live-events sandbox`: serve a simulated LIVE room on a fake TikTok edge, for developing bots offline.
public struct SandboxCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a simulated LIVE room on a fake TikTok edge on this machine, until Ctrl-C.",
        discussion: """
            The room never ends: chat in many languages, gift streaks and big gifts, likes, joins, \
            follows, shares, viewer counts, captions, a PK battle, a moderator deleting a comment and \
            a method nobody has catalogued yet, a few events per second. The same --seed gives the \
            same room. Nothing leaves this machine.

            It prints the username and the command that watches the room; point your own code at it \
            with the TIKTOK_LIVE_WEB_URL, TIKTOK_LIVE_WEBCAST_URL and TIKTOK_LIVE_WS_URL environment \
            variables it prints. To just look at it, `tiktok-live-events demo` does both in one process.

            Exit status: 0 after Ctrl-C (or SIGTERM); 1 when the port cannot be opened; 2 bad arguments.

            Examples:
              tiktok-live-events sandbox
              tiktok-live-events sandbox --port 0            # any free port
              tiktok-live-events sandbox --host 0.0.0.0 --port 9000 --username my_test_room
            """)

    /// The port when none is given: stable, so a bot configured for the sandbox keeps working across restarts.
    public static let defaultPort = 8089

    @Option(help: "The address to listen on.")
    public var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    public var port = SandboxCommand.defaultPort

    @Option(help: "The simulated host's username.")
    public var username = SandboxRoom.defaultUniqueId

    @Option(help: "Picks who says and sends what; the same seed gives the same room.")
    public var seed: UInt64 = 1

    @Option(help: "Plays the room this many times faster (0.5 is half as fast).")
    public var speed: Double = 1

    public init() {}

    public func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard speed > 0, speed <= 1_000 else { throw ValidationError("--speed must be above 0 and at most 1000") }
        do {
            _ = try TikTokLive.validateUsername(username)
        } catch {
            throw ValidationError(error.message)
        }
    }

    public func run() async throws {
        let waiter = await StopSignals.trap()
        let status = await Self.serve(
            host: host, port: port, username: username, seed: seed, speed: speed,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0), errors: .standardError
        ) {
            await waiter.wait()
        }
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing: serves until `until` returns.
    public static func serve(
        host: String, port: Int, username: String, seed: UInt64 = 1, speed: Double = 1, output: OutputWriter,
        errors: OutputWriter, until stop: @Sendable () async -> Void
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        let uniqueId = (try? TikTokLive.validateUsername(username)) ?? username
        let sandbox = SandboxRoom(uniqueId: uniqueId, seed: seed, speed: speed)
        let edge: FakeTikTokEdge
        do {
            var room = sandbox.room
            // An endless FLV stream for `record`; room info and the gift catalog come with every fake room.
            room.stream = .endless
            edge = try await FakeTikTokEdge.start(host: host, port: port, rooms: [room])
        } catch {
            errors.writeLine(
                "error: cannot listen on \(host):\(port): \(error). Try another --port, or --port 0 for any free one.")
            return ExitCode.failure
        }
        for line in instructions(uniqueId: uniqueId, edge: edge) {
            output.writeLine(line)
        }
        output.flush()
        await stop()
        try? await edge.shutdown()
        errors.writeLine("sandbox stopped")
        return ExitCode.success
    }

    /// This executable as a shell can run it from anywhere: its absolute path when it was started by a path (as
    /// `swift run` and `.build/debug/tiktok-live-events` start it, neither on PATH), else the name PATH found.
    static var invocation: String {
        let started = CommandLine.arguments.first ?? "tiktok-live-events"
        guard started.contains("/") else { return started }
        return URL(fileURLWithPath: started).standardizedFileURL.path
    }

    /// What the command prints: the username, the watch command and the environment for your own code.
    static func instructions(uniqueId: String, edge: FakeTikTokEdge) -> [String] {
        [
            "Sandbox room @\(uniqueId) is live on a fake TikTok edge at \(edge.webURL) (Ctrl-C stops it).",
            "",
            "Watch it:",
            "  \(invocation) \(uniqueId) --web-url \(edge.webURL) --webcast-url \(edge.webcastURL) "
                + "--ws-url \(edge.wsURL)",
            "",
            "Its room info, gift catalog and stream:",
            "  tiktok-live-events info \(uniqueId) --web-url \(edge.webURL) --webcast-url \(edge.webcastURL)",
            "  tiktok-live-events record \(uniqueId) --web-url \(edge.webURL) --webcast-url \(edge.webcastURL) "
                + "--duration 10",
            "",
            "Point your own code (or an example recipe) at it:",
            "  export TIKTOK_LIVE_WEB_URL=\(edge.webURL) TIKTOK_LIVE_WEBCAST_URL=\(edge.webcastURL) "
                + "TIKTOK_LIVE_WS_URL=\(edge.wsURL)",
            "  swift run chat-logger \(uniqueId)",
        ]
    }
}
