import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The Examples/ recipes, built and run as subprocesses against a sandbox room that ends after one fast pass.
@Suite(.serialized) struct RecipeTests {
    static let sandbox = SandboxRoom(speed: 40, ending: .streamEnd)

    static func temporaryFile(_ contents: String? = nil) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recipe-\(UUID().uuidString)").path
        if let contents { _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8)) }
        return path
    }

    /// The README's first program is `Examples/first-bot` word for word, and it runs: every chat of the sandbox
    /// printed, then a clean end; a creator who does not exist is a printed error, not a crash.
    @Test func theReadmeBotIsFirstBotAndRunsAsWritten() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(
            contentsOf: root.appendingPathComponent("Examples/first-bot/main.swift"), encoding: .utf8)
        let code = example.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("//") }
            .joined(separator: "\n")
        #expect(readme.contains("```swift\n" + code + "```\n"), "README's first code block is Examples/first-bot")

        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary("first-bot", [], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdoutLines.count == Self.sandbox.summary.chatCount)
            #expect(outcome.stdoutLines.first == "ann_en: hi everyone 👋")

            let missing = try await runBinary("first-bot", ["nobody_here"], environment: endpointEnvironment(edge))
            #expect(missing.status == 0, "stderr: \(missing.stderr)")
            #expect(missing.stdoutLines.count == 1)
            #expect(missing.stdoutLines.first?.hasPrefix("stopped: ") == true)
            #expect(missing.stdoutLines.first?.contains("nobody_here") == true)
        }
    }

    @Test func chatLoggerPrintsAndAppendsEveryComment() async throws {
        let log = Self.temporaryFile("an earlier line\n")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary(
                "chat-logger", [Self.sandbox.uniqueId, log], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let lines = outcome.stdoutLines
            #expect(lines.count == Self.sandbox.summary.chatCount)
            let pattern = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ [a-z0-9_.]+: .+$"#)
            #expect(lines.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(lines.prefix(3))")
            #expect(lines.first?.hasSuffix(" ann_en: hi everyone 👋") == true)
            #expect(lines.contains { $0.hasSuffix(" free_coins_4u: 🎁 FREE COINS at totally-legit.example 🎁") })
            let file = try String(contentsOfFile: log, encoding: .utf8)
            #expect(file == "an earlier line\n" + lines.map { $0 + "\n" }.joined())
        }
    }

    @Test func giftLeaderboardCountsTheSandboxDiamondsOnce() async throws {
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary(
                "gift-leaderboard", [Self.sandbox.uniqueId], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let lines = outcome.stdoutLines
            let start = try #require(lines.firstIndex(of: "Final leaderboard (diamonds):"))
            var board: [String: Int] = [:]
            var order: [Int] = []
            for (rank, line) in lines[(start + 1)...].enumerated() {
                let parts = line.split(separator: " ")
                try #require(parts.count == 3 && parts[0] == "\(rank + 1).", "\(line)")
                board[String(parts[1])] = Int(parts[2])
                order.append(Int(parts[2]) ?? -1)
            }
            #expect(board == Self.sandbox.summary.diamondsBySender)
            #expect(order == order.sorted(by: >))
            #expect(lines.contains { $0.contains(" sent Lion x1: top 3: ") })
        }
    }

    @Test func pkMvpFollowsTheBattle() async throws {
        let summary = Self.sandbox.summary
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary("pk-mvp", [Self.sandbox.uniqueId], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let lines = outcome.stdoutLines
            #expect(lines.first == "Battle started: sandbox_creator vs rival_host")
            let scores = lines.filter { $0.contains("(MVP ") }
            #expect(scores.count >= 10)
            let expected = ["sandbox_creator", "rival_host"].map { host in
                "\(host) \(summary.battleScores[host] ?? -1) (MVP \(summary.battleMVPs[host] ?? "?"))"
            }
            #expect(scores.last == expected.joined(separator: " | "))
            let outcomes = ["sandbox_creator", "rival_host"].map { host in
                let result =
                    summary.battleWinner == nil ? "draw" : summary.battleWinner == host ? "won" : "lost"
                return "\(host) \(summary.battleScores[host] ?? -1) \(result)"
            }
            #expect(lines.last == "Battle over: " + outcomes.joined(separator: " | "))
        }
    }

    @Test func captionsToFileKeepsOnlyFinalCaptions() async throws {
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary(
                "captions-to-file", [Self.sandbox.uniqueId, path], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let expected = Self.sandbox.summary.finalCaptions.map { "[en] \($0)" }
            #expect(outcome.stdoutLines == expected)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == expected.map { $0 + "\n" }.joined())
        }
        let usage = try await runBinary("captions-to-file", ["only_a_name"])
        #expect(usage.status == 2)
        #expect(usage.stderrLines == ["usage: captions-to-file <username> <file>"])
    }

    @Test func webhookRelayPostsChatAndGiftJSON() async throws {
        let server = try await WebhookServer.start()
        defer { Task { await server.shutdown() } }
        let summary = Self.sandbox.summary
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary(
                "webhook-relay", [Self.sandbox.uniqueId, server.url], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stderr.isEmpty)
            let requests = server.requests
            #expect(requests.count == summary.chatCount + summary.giftMessageCount)
            #expect(requests.allSatisfy { $0.method == "POST" && $0.path == "/hook" })
            let types = requests.compactMap { request -> String? in
                let object = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
                return object?["type"] as? String
            }
            #expect(types.count == requests.count, "every body is a JSON event")
            #expect(types.filter { $0 == "chat" }.count == summary.chatCount)
            #expect(types.filter { $0 == "gift" }.count == summary.giftMessageCount)
            #expect(outcome.stdoutLines.count == requests.count)
            #expect(outcome.stdoutLines.allSatisfy { $0.hasPrefix("posted chat ") || $0.hasPrefix("posted gift ") })
        }
    }

    @Test func webhookRelaySurvivesADownURL() async throws {
        // A port that was just free: nothing listens there.
        let closed = try await WebhookServer.start()
        let deadURL = closed.url
        await closed.shutdown()
        let summary = Self.sandbox.summary
        try await withEdge(rooms: [Self.sandbox.room]) { edge in
            let outcome = try await runBinary(
                "webhook-relay", [Self.sandbox.uniqueId, deadURL], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
            let errors = outcome.stderrLines
            #expect(errors.count == summary.chatCount + summary.giftMessageCount)
            #expect(
                errors.allSatisfy {
                    $0.hasPrefix("webhook-relay: POST of chat ") || $0.hasPrefix("webhook-relay: POST of gift ")
                })
            #expect(errors.allSatisfy { $0.contains(" failed: ") })
        }
    }
}
