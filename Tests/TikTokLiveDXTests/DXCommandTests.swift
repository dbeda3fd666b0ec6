import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `demo`, `sandbox`, `--help`, completions and a closed stdout, through the built `tiktok-live-events` binary.
@Suite struct DXCommandTests {
    /// The README's first command plays the show once, every message of it, and ends by itself with a summary.
    @Test func demoPlaysTheShowOnceThroughTheNormalPrinter() async throws {
        let outcome = try await runBinary("tiktok-live-events", ["demo", "--speed", "30"], limit: .seconds(180))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let summary = SandboxRoom(speed: 30).summary
        let lines = outcome.stdoutLines
        #expect(lines.count == summary.messageCount + 1, "one line per message of the show, then the stream end")
        #expect(lines.contains("[chat]    ann_en: hi everyone 👋"))
        #expect(lines.contains { $0.hasPrefix("[gift]    ") })
        #expect(lines.contains { $0.hasPrefix("[join]    ") })
        #expect(lines.last == "[streamEnd] stream ended")
        let status = outcome.stderrLines
        #expect(status.first?.hasPrefix("demo: a simulated room on a fake TikTok edge at http://127.0.0.1:") == true)
        #expect(status.contains { $0.hasPrefix("[connected] connected to @sandbox_creator") })
        #expect(
            status.last?.hasPrefix(
                "demo: the show is over: \(summary.messageCount) messages in about "
                    + "\(summary.duration.components.seconds) s (\(summary.chatCount) chats in ") == true)
    }

    @Test func demoSpeaksJSONAndFilters() async throws {
        let outcome = try await runBinary(
            "tiktok-live-events", ["demo", "--json", "-f", "social,chat", "--speed", "30"], limit: .seconds(180))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let types = outcome.stdoutLines.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String
        }
        #expect(types.count == outcome.stdoutLines.count, "every line is a JSON event")
        #expect(Set(types).isSubset(of: ["chat", "follow", "share", "social"]))
        #expect(types.contains("chat") && types.contains("follow"))
    }

    @Test func demoRejectsBadArguments() async throws {
        let filter = try await runBinary("tiktok-live-events", ["demo", "--filter", "chat,nonsense"])
        #expect(filter.status == ExitCode.usage.rawValue)
        #expect(filter.stderrLines.first?.hasPrefix("error: unknown event name(s) in --filter: nonsense") == true)
        let duration = try await runBinary("tiktok-live-events", ["demo", "--duration", "-1"])
        #expect(duration.status == ExitCode.usage.rawValue)
    }

    static let closedOutputNote = "tiktok-live-events: standard output was closed (as by `| head`); stopped early."

    /// `--loop` goes past the end of the show, and the like total goes on rising from pass to pass.
    @Test func demoLoopKeepsTheShowGoing() async throws {
        let summary = SandboxRoom(speed: 200).summary
        let demo = try Subprocess("tiktok-live-events", ["demo", "--loop", "--json", "-f", "like", "--speed", "200"])
        defer { demo.kill() }
        // A stalled demo is killed, which ends its output and so the loop below.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            demo.kill()
        }
        defer { watchdog.cancel() }
        var text = ""
        var totals: [Int64] = []
        while !totals.contains(where: { $0 > summary.likeTotal }) {
            let chunk = await demo.readStdoutChunk()
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            text = String(lines.last ?? "")
            for line in lines.dropLast() {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let data = object?["data"] as? [String: Any]
                if let total = (data?["totalLikes"] as? NSNumber)?.int64Value { totals.append(total) }
            }
        }
        #expect(demo.process.isRunning, "the looping demo does not end by itself")
        #expect(totals.contains { $0 > summary.likeTotal }, "the second pass raises the like total")
    }

    @Test func demoStopsWithExitZeroWhenStdoutIsClosed() async throws {
        let demo = try Subprocess("tiktok-live-events", ["demo", "--loop", "--speed", "20"])
        defer { demo.kill() }
        let errors = Task { await demo.readStderr() }
        // Read one chunk, then go away like `head` does.
        #expect(!(await demo.readStdoutChunk()).isEmpty)
        try demo.stdout.fileHandleForReading.close()
        // A bound, not a pause: it ends as soon as the demo notices the closed pipe (a loaded machine is slow to).
        #expect(await waitForExit(demo.process, limit: .seconds(60)))
        #expect(demo.process.terminationReason == .exit)
        #expect(demo.process.terminationStatus == 0)
        #expect(await errors.value.split(separator: "\n").last.map(String.init) == Self.closedOutputNote)
    }

    /// `cat capture | tiktok-live-events replay -` and Ctrl-C: the replay ends with exit 0 and what it printed, as
    /// the README's exit table says, not killed by the signal (130).
    @Test func replayFromStandardInputEndsWithExitZeroOnCtrlC() async throws {
        guard let binary = BuiltExecutables.url(named: "tiktok-live-events") else {
            throw MissingExecutable(name: "tiktok-live-events")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["replay", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try input.fileHandleForWriting.write(contentsOf: Self.bigCapture(frames: 1, messagesPerFrame: 10))
        // From a pipe, replay prints each event as it comes: once all ten are out, it is mid-replay, its Ctrl-C
        // handling in place.
        var printed = ""
        while printed.split(separator: "\n").count < 10 {
            let chunk = await offPool { output.fileHandleForReading.availableData }
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let lines = printed.split(separator: "\n")
        #expect(lines.count == 10 && lines.first == "[chat]    fan: message number 1")
        process.interrupt()
        // The writer of the pipe gets the same Ctrl-C and goes away.
        try input.fileHandleForWriting.close()
        #expect(await waitForExit(process, limit: .seconds(30)))
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func replayStopsWithExitZeroWhenStdoutIsClosed() async throws {
        // 1,000 frames of 10 distinct chat messages each: far more output than a pipe holds.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).bin")
        try Self.bigCapture(frames: 1_000, messagesPerFrame: 10).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }

        let replay = try Subprocess("tiktok-live-events", ["replay", path.path])
        defer { replay.kill() }
        let errors = Task { await replay.readStderr() }
        let first = String(decoding: await replay.readStdoutChunk(), as: UTF8.self)
        #expect(first.hasPrefix("[chat]    fan: message number 1\n[chat]    fan: message number 2\n"))
        try replay.stdout.fileHandleForReading.close()
        #expect(await waitForExit(replay.process, limit: .seconds(60)))
        #expect(replay.process.terminationReason == .exit)
        #expect(replay.process.terminationStatus == 0)
        #expect(await errors.value.split(separator: "\n").last.map(String.init) == Self.closedOutputNote)
    }

    @Test func sandboxServesTheRoomUntilInterrupted() async throws {
        let sandbox = try Subprocess(
            "tiktok-live-events", ["sandbox", "--port", "0", "--speed", "10", "--username", "my_test_room"])
        defer { sandbox.kill() }
        let errors = Task { await sandbox.readStderr() }

        let lines = await sandboxInstructions(sandbox)
        #expect(lines.first?.hasPrefix("Sandbox room @my_test_room is live on a fake TikTok edge at ") == true)
        let command = try #require(lines.first { $0.contains(" my_test_room --web-url ") })
        let words = command.split(separator: " ").map(String.init)
        // Printed as a shell runs it: this test starts the binary by its path, so the command names that path.
        #expect(words.first?.hasPrefix("/") == true && words.first?.hasSuffix("/tiktok-live-events") == true)
        func value(_ option: String) throws -> String {
            let index = try #require(words.firstIndex(of: option))
            return words[index + 1]
        }
        let web = try value("--web-url")
        let ws = try value("--ws-url")
        #expect(try value("--webcast-url") == web)
        #expect(web.hasPrefix("http://127.0.0.1:"))
        #expect(ws.hasPrefix("ws://127.0.0.1:") && ws.hasSuffix("/"))
        #expect(
            lines.contains(
                "  export TIKTOK_LIVE_WEB_URL=\(web) TIKTOK_LIVE_WEBCAST_URL=\(web) TIKTOK_LIVE_WS_URL=\(ws)"))

        // The printed command runs as printed and shows the room.
        let watch = try Subprocess(executable: URL(fileURLWithPath: words[0]), Array(words.dropFirst()))
        defer { watch.kill() }
        var watched = ""
        while !watched.contains("[chat]") {
            let chunk = await watch.readStdoutChunk()
            if chunk.isEmpty { break }
            watched += String(decoding: chunk, as: UTF8.self)
        }
        #expect(watched.contains("[chat]"), "the printed command watches the sandbox")
        watch.kill()

        // The printed endpoints work: the real client watches the room.
        let configuration = TikTokLive.Configuration(
            endpoints: .init(webURL: URL(string: web)!, webcastURL: URL(string: web)!, wsURL: URL(string: ws)!))
        let live = TikTokLive("my_test_room", configuration: configuration)
        let events = try await collectEvents(live) { $0.count >= 20 }
        live.stop()
        #expect(events.count >= 20)
        #expect(events.contains { $0.name == "chat" })

        sandbox.process.interrupt()
        #expect(await waitForExit(sandbox.process, limit: .seconds(60)))
        #expect(sandbox.process.terminationReason == .exit)
        #expect(sandbox.process.terminationStatus == 0)
        #expect(await errors.value.split(separator: "\n").last == "sandbox stopped")
    }

    @Test func sandboxRejectsBadArguments() async throws {
        let port = try await runBinary("tiktok-live-events", ["sandbox", "--port", "70000"])
        #expect(port.status == ExitCode.usage.rawValue)
        #expect(port.stderr.contains("--port must be between 0 and 65535"))
        let name = try await runBinary("tiktok-live-events", ["sandbox", "--username", "no way!"])
        #expect(name.status == ExitCode.usage.rawValue)
    }

    @Test func sandboxReportsAPortInUse() async throws {
        let busy = try await WebhookServer.start()
        let port = busy.port
        let outcome = try await runBinary("tiktok-live-events", ["sandbox", "--port", String(port)])
        await busy.shutdown()
        #expect(outcome.status == ExitCode.failure.rawValue)
        #expect(outcome.stderrLines.last?.hasPrefix("error: cannot listen on 127.0.0.1:\(port): ") == true)
        #expect(outcome.stderrLines.last?.hasSuffix("Try another --port, or --port 0 for any free one.") == true)
    }

    @Test func helpShowsExamplesEventNamesExitStatusesAndCompletions() async throws {
        let help = try await runBinary("tiktok-live-events", ["--help"])
        #expect(help.status == 0)
        for text in [
            "USAGE: tiktok-live-events <username> [--json]", "tiktok-live-events demo", "watch (default)", "replay",
            "sandbox", "Exit status: 0",
            "reconnecting did not help",
            "--generate-completion-script", "battleArmies", "giftPanelUpdate",
        ] {
            // Wrapped as ArgumentParser wraps it: a phrase may span two lines.
            #expect(help.stdout.replacingOccurrences(of: "\n", with: " ").contains(text), "\(text)")
        }
        #expect(help.stdoutLines.allSatisfy { $0.count <= 80 }, "no wrapped lines")
        for name in RootCommand.helpEventNames {
            #expect(EventCatalog.allEventNames.contains(name), "\(name)")
        }
        for command in ["demo", "sandbox"] {
            let sub = try await runBinary("tiktok-live-events", [command, "--help"])
            #expect(sub.status == 0)
            #expect(sub.stdout.contains("Exit status:") && sub.stdout.contains("Examples:"))
        }
        let completion = try await runBinary("tiktok-live-events", ["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.stdout.contains("sandbox") && completion.stdout.contains("demo"))
    }

    /// A capture (`[u32 LE length][PushFrame]...`) of uncompressed `msg` frames carrying distinct chat messages.
    static func bigCapture(frames: Int, messagesPerFrame: Int) -> Data {
        func varint(_ value: UInt64) -> [UInt8] {
            var value = value
            var bytes: [UInt8] = []
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7f) | 0x80)
                value >>= 7
            }
            return bytes + [UInt8(value)]
        }
        func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
            varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
        }
        let fan = FakeUser(id: 42, uniqueId: "fan", nickname: "Fan")
        var capture = Data()
        for frame in 0..<frames {
            var fetchResult: [UInt8] = []
            for index in 0..<messagesPerFrame {
                let id = Int64(frame * messagesPerFrame + index + 1)
                let chat = FakeMessage.chat(msgId: id, roomId: 7, user: fan, text: "message number \(id)")
                let inner =
                    field(1, Array(chat.method.utf8)) + field(2, chat.payload) + varint(3 << 3) + varint(UInt64(id))
                fetchResult += field(1, inner)
            }
            let pushFrame = field(7, Array("msg".utf8)) + field(8, fetchResult)
            withUnsafeBytes(of: UInt32(pushFrame.count).littleEndian) { capture.append(contentsOf: $0) }
            capture.append(contentsOf: pushFrame)
        }
        return capture
    }
}
