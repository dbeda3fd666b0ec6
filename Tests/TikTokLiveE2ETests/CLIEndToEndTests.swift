import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The built `tiktok-live-events` binary, run as a subprocess against the fake edge.
@Suite struct CLIEndToEndTests {

    /// Runs the CLI with `arguments` (and extra `environment`); `whileRunning` gets the process once started.
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], limit: Duration = .seconds(20),
        whileRunning: ((Process) async -> Void)? = nil
    ) async throws -> Outcome {
        let process = try RunningCLI.makeProcess(arguments, environment: extra)
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = PipeReader(stdout.fileHandleForReading)
        let err = PipeReader(stderr.fileHandleForReading)
        if let whileRunning { await whileRunning(process) }
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            process.terminate()
            Issue.record("the CLI was still running after \(limit): \(arguments)")
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: await out.data(), as: UTF8.self),
            stderr: String(decoding: await err.data(), as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own: a blocking read on Swift's cooperative pool (2 threads
    /// on a 2-core machine) would starve the fake edge's script players and hang the suite.
    final class PipeReader: Sendable {
        private let result = LockedBox<Data?>(nil)

        init(_ handle: FileHandle) {
            let result = self.result
            Thread {
                let data = handle.readDataToEndOfFile()
                result.withLock { $0 = data }
            }.start()
        }

        func data() async -> Data {
            while true {
                if let data = result.withLock({ $0 }) { return data }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    static func endpointArguments(_ edge: FakeTikTokEdge) -> [String] {
        [
            "--web-url", edge.webURL.absoluteString, "--webcast-url", edge.webcastURL.absoluteString, "--ws-url",
            edge.wsURL.absoluteString,
        ]
    }

    static let showcaseRoom = Cast.room(script: [.batch(Cast.showcase), .batch([Cast.streamEnd()])])

    // MARK: - Output

    @Test func textModePrintsOneLinePerEvent() async throws {
        try await withEdge(rooms: [Self.showcaseRoom]) { edge in
            let outcome = try await Self.run(["watch", "@host"] + Self.endpointArguments(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(
                outcome.stdoutLines == [
                    "[chat]    ann: hello there",
                    "[gift]    bob.b -> Rose x3",
                    "[gift]    bob.b -> Rose x5",
                    "[like]    cat_3 liked x15 (room total 1200)",
                    "[join]    dan joined",
                    "[follow]  ann",
                    "[share]   cat_3",
                    "[roomUserSeq] 320 viewers (4567 total)",
                    "[streamEnd] stream ended",
                ])
            // Status lines go to stderr.
            let status = outcome.stderrLines
            #expect(status.first == "connecting to @host (\(edge.webURL))")
            #expect(status.contains("[connected] connected to @host, room \(Cast.roomId)"))
            #expect(status.last == "[disconnected] the stream ended")
        }
    }

    @Test func jsonModePrintsOnlyNDJSON() async throws {
        try await withEdge(rooms: [Self.showcaseRoom]) { edge in
            let outcome = try await Self.run(["watch", "host", "--json"] + Self.endpointArguments(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let objects = outcome.stdoutLines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
            #expect(objects.count == outcome.stdoutLines.count, "every stdout line is a JSON object")
            #expect(
                objects.compactMap { $0["type"] as? String } == [
                    "chat", "gift", "gift", "like", "join", "follow", "share", "roomUserSeq", "streamEnd",
                ])
            let chat = try #require(objects.first?["data"] as? [String: Any])
            #expect(chat["comment"] as? String == "hello there")
            #expect(chat["msgId"] as? String == "101")
            #expect(chat["roomId"] as? String == String(Cast.roomId))
            #expect((chat["user"] as? [String: Any])?["uniqueId"] as? String == "ann")
            let gift = try #require(objects[2]["data"] as? [String: Any])
            #expect(gift["repeatCount"] as? Int == 5)
            #expect(gift["repeatEnd"] as? Bool == true)
            #expect(gift["giftName"] as? String == "Rose")
            #expect(!outcome.stderr.isEmpty, "status lines still go to stderr")
        }
    }

    @Test func filterMatchesSpecificAndGenericNames() async throws {
        try await withEdge(rooms: [Self.showcaseRoom]) { edge in
            let outcome = try await Self.run(["watch", "host", "-f", "chat,social"] + Self.endpointArguments(edge))
            #expect(outcome.status == 0)
            #expect(outcome.stdoutLines == ["[chat]    ann: hello there", "[follow]  ann", "[share]   cat_3"])
        }
    }

    @Test func watchIsTheDefaultSubcommand() async throws {
        try await withEdge(rooms: [Self.showcaseRoom]) { edge in
            let outcome = try await Self.run(["host", "-f", "streamEnd"] + Self.endpointArguments(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdoutLines == ["[streamEnd] stream ended"])
        }
    }

    @Test func endpointsComeFromTheEnvironmentToo() async throws {
        try await withEdge(rooms: [Self.showcaseRoom]) { edge in
            let outcome = try await Self.run(
                ["watch", "host", "--filter", "streamEnd"],
                environment: [
                    "TIKTOK_LIVE_WEB_URL": edge.webURL.absoluteString,
                    "TIKTOK_LIVE_WEBCAST_URL": edge.webcastURL.absoluteString,
                    "TIKTOK_LIVE_WS_URL": edge.wsURL.absoluteString,
                ])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdout == "[streamEnd] stream ended\n")
        }
    }

    // MARK: - Exit statuses

    @Test func offlineUnknownAndInvalidUsernamesExitWithAReason() async throws {
        try await withEdge(rooms: [Cast.quiet]) { edge in
            let offline = try await Self.run(["watch", "quiet"] + Self.endpointArguments(edge))
            #expect(offline.status == ExitCode.offline.rawValue)
            #expect(offline.stderrLines.last == "error: @quiet is not live right now")
            #expect(offline.stdout.isEmpty)

            let unknown = try await Self.run(["watch", "nobody"] + Self.endpointArguments(edge))
            #expect(unknown.status == ExitCode.notFound.rawValue)
            #expect(unknown.stderrLines.last == "error: TikTok has no user @nobody")

            let requestsBefore = edge.httpRequests.count
            let invalid = try await Self.run(["watch", "no way!"] + Self.endpointArguments(edge))
            #expect(invalid.status == ExitCode.usage.rawValue)
            #expect(
                invalid.stderrLines == [
                    "error: \"no way!\" is not a TikTok username: use 2-24 letters, digits, '_' or '.', with or without a leading @"
                ])
            #expect(edge.httpRequests.count == requestsBefore, "nothing was sent for an invalid username")
        }
    }

    @Test func captchaExitsAsBlocked() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        try await withEdge(rooms: [Cast.room(script: [])], faults: faults) { edge in
            let outcome = try await Self.run(["watch", "host"] + Self.endpointArguments(edge))
            #expect(outcome.status == ExitCode.blocked.rawValue)
            #expect(
                outcome.stderrLines.last?.hasPrefix("error: TikTok answered the room lookup for @host with a captcha")
                    == true)
        }
    }

    @Test func badOptionsAreUsageErrors() async throws {
        let outcome = try await Self.run(["watch", "host", "--ws-url", "http://example.test/"])
        #expect(outcome.status == ExitCode.usage.rawValue)
        #expect(outcome.stderrLines == ["error: --ws-url must be a ws or wss URL, got \"http://example.test/\""])
        let filter = try await Self.run(["watch", "host", "--filter", "chat,nonsense"])
        #expect(filter.status == ExitCode.usage.rawValue)
        #expect(filter.stderr.contains("nonsense"))
    }

    @Test func interruptStopsCleanlyWithStatusZero() async throws {
        try await withEdge(rooms: [Cast.room(script: [.batch([Cast.chat(1, "still here")])])]) { edge in
            let outcome = try await Self.run(["watch", "host"] + Self.endpointArguments(edge)) { process in
                _ = await edge.waitUntil(timeout: .seconds(30)) {
                    edge.sentMessageIds.contains(1) && edge.openConnections == 1
                }
                try? await Task.sleep(for: .milliseconds(100))
                process.interrupt()
            }
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdoutLines == ["[chat]    ann: still here"])
            #expect(outcome.stderrLines.last == "[disconnected] stopped")
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
        }
    }

    // MARK: - In-process

    @Test func exitStatusesByKind() {
        #expect(WatchCommand.exitStatus(for: .offline).rawValue == 4)
        #expect(WatchCommand.exitStatus(for: .notFound).rawValue == 5)
        #expect(WatchCommand.exitStatus(for: .blocked).rawValue == 6)
        #expect(WatchCommand.exitStatus(for: .deviceBlocked).rawValue == 6)
        #expect(WatchCommand.exitStatus(for: .reconnectBudgetSpent).rawValue == 7)
        #expect(WatchCommand.exitStatus(for: .invalidUsername).rawValue == 2)
    }

    @Test func spentBudgetExitsWithConnectionFailed() async throws {
        try await withEdge(rooms: [Cast.room(script: [.goSilent, .goSilent, .goSilent])]) { edge in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: path.path + ".out", contents: nil)
            _ = FileManager.default.createFile(atPath: path.path + ".err", contents: nil)
            let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path.path + ".out"))
            let err = try FileHandle(forWritingTo: URL(fileURLWithPath: path.path + ".err"))
            defer {
                try? out.close()
                try? err.close()
                try? FileManager.default.removeItem(atPath: path.path + ".out")
                try? FileManager.default.removeItem(atPath: path.path + ".err")
            }
            let status = await WatchCommand.watch(
                username: "host", json: false, filter: nil,
                endpoints: .init(edge),
                output: OutputWriter(fd: out.fileDescriptor),
                errors: OutputWriter(fd: err.fileDescriptor, flushThreshold: 0)
            ) { configuration in
                configuration.maxReconnectAttempts = 1
                configuration.staleTimeout = .milliseconds(150)
                configuration.heartbeatInterval = .milliseconds(50)
                configuration.backoff = .init(base: .milliseconds(5), cap: .milliseconds(10))
            }
            #expect(status == .connectionFailed)
            let stderr = try String(contentsOfFile: path.path + ".err", encoding: .utf8)
            let lines = stderr.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("[reconnecting] attempt 1 in ") })
            #expect(
                lines.last?.hasPrefix("error: gave up after 1 reconnect attempt(s); last failure: nothing received")
                    == true)
        }
    }
}
