import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `info`, `gifts`, `live` and `record`, run as the built binary against the fake edge.
@Suite struct WebCLITests {
    static func run(_ arguments: [String], _ edge: FakeTikTokEdge, environment: [String: String] = [:]) async throws
        -> Outcome
    {
        try await CLIEndToEndTests.run(arguments + CLIEndToEndTests.endpointArguments(edge), environment: environment)
    }

    static let rooms = [Cast.room(script: []), Cast.quiet]

    @Test func infoPrintsTheRoomAndItsStreams() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let text = try await Self.run(["info", "@host"], edge)
            #expect(text.status == 0, "\(text.stderr)")
            let lines = text.stdoutLines
            #expect(lines.first == "@host (Host)")
            #expect(lines.contains("  room        \(Cast.roomId)"))
            #expect(lines.contains("  status      live"))
            #expect(lines.contains("  title       Host is LIVE"))
            #expect(lines.contains("  viewers     123"))
            #expect(lines.contains("  hd flv      \(edge.webURL)/stream/\(Cast.roomId)/hd.flv"))

            let json = try await Self.run(["info", "host", "--json"], edge)
            #expect(json.status == 0)
            #expect(json.stdoutLines.count == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["roomId"] as? String == String(Cast.roomId))
            #expect(object["viewerCount"] as? Int == 123)
            #expect((object["owner"] as? [String: Any])?["userId"] as? String == String(Cast.hostId))
            let streams = try #require(object["streams"] as? [[String: Any]])
            #expect(streams.compactMap { $0["quality"] as? String } == ["origin", "hd", "sd", "ld"])
            #expect((object["startTime"] as? String)?.hasSuffix("Z") == true)
        }
    }

    @Test func infoFailuresHaveTheDocumentedStatuses() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let offline = try await Self.run(["info", "quiet"], edge)
            #expect(offline.status == 4)
            #expect(offline.stderrLines == ["error: @quiet is not live right now"])
            let unknown = try await Self.run(["info", "nobody_here"], edge)
            #expect(unknown.status == 5)
            let invalid = try await Self.run(["info", "no spaces allowed"], edge)
            #expect(invalid.status == 2)
            edge.updateFaults { $0.captcha = true }
            let blocked = try await Self.run(["info", "host"], edge)
            #expect(blocked.status == 6)
            #expect(blocked.stderrLines.count == 1)
        }
    }

    @Test func giftsPrintsTheCatalog() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let text = try await Self.run(["gifts", "host"], edge)
            #expect(text.status == 0, "\(text.stderr)")
            let lines = text.stdoutLines
            #expect(lines.first?.hasPrefix("ID    NAME             DIAMONDS  STREAK  IMAGE") == true, "\(lines)")
            #expect(lines.count == FakeGift.standardCatalog.count + 1)
            #expect(lines.contains { $0.hasPrefix("6369  Lion             29999     no      https://") })
            #expect(text.stderrLines.last == "\(FakeGift.standardCatalog.count) gift(s)")

            let json = try await Self.run(["gifts", "quiet", "--json"], edge)
            #expect(json.status == 0, "an offline creator gets the region's catalog")
            let gifts = try json.stdoutLines.map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(gifts.compactMap { $0["name"] as? String } == FakeGift.standardCatalog.map(\.name))
            #expect(gifts.first?["diamondCount"] as? Int == 1)
            #expect(gifts.first?["streakable"] as? Bool == true)
            #expect(gifts.first?["imageUrl"] as? String == FakeGift.imageURL(id: 5655))

            edge.updateFaults { $0.captcha = true }
            let blocked = try await Self.run(["gifts", "host"], edge)
            #expect(blocked.status == 6)
        }
    }

    @Test func liveTabulatesEveryCreatorAndExitsByTheBestOutcome() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let mixed = try await Self.run(["live", "host", "quiet", "nobody_here"], edge)
            #expect(mixed.status == 0, "\(mixed.stderr)")
            let lines = mixed.stdoutLines
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("CREATOR"))
            #expect(lines[1].hasPrefix("host") && lines[1].contains(" live ") && lines[1].contains("Host is LIVE"))
            #expect(lines[1].contains(String(Cast.roomId)))
            #expect(lines[2].hasPrefix("quiet") && lines[2].hasSuffix("offline"))
            #expect(lines[3].hasPrefix("nobody_here") && lines[3].contains("notFound"))

            let none = try await Self.run(["live", "quiet", "nobody_here"], edge)
            #expect(none.status == 4)
            let unknown = try await Self.run(["live", "nobody_here"], edge)
            #expect(unknown.status == 5)

            let json = try await Self.run(["live", "host", "quiet", "--json"], edge)
            let objects = try json.stdoutLines.map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.compactMap { $0["state"] as? String } == ["live", "offline"])
            #expect(objects.first?["roomId"] as? String == String(Cast.roomId))
            #expect(objects.allSatisfy { $0["checkedAt"] is String })

            let noNames = try await Self.run(["live"], edge)
            #expect(noNames.status == 2)
        }
    }

    @Test func liveWatchRefreshesUntilCtrlC() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let outcome = try await CLIEndToEndTests.run(
                ["live", "host", "quiet", "--watch", "1"] + CLIEndToEndTests.endpointArguments(edge),
                limit: .seconds(60)
            ) { process in
                // Two rounds are two api-live requests for host.
                _ = await edge.waitUntil(timeout: .seconds(40)) {
                    edge.httpRequests.filter { $0.query["uniqueId"] == "host" }.count >= 2
                }
                _ = await edge.waitUntil(timeout: .seconds(40)) {
                    edge.httpRequests.filter { $0.query["uniqueId"] == "quiet" }.count >= 2
                }
                // Give the second table a moment to be printed, then Ctrl-C.
                try? await Task.sleep(for: .milliseconds(300))
                kill(process.processIdentifier, SIGINT)
            }
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdoutLines.filter { $0.hasPrefix("CREATOR") }.count >= 1)
        }
    }

    @Test func recordRefusesAnUnknownQualityAndMp4WithoutFFmpeg() async throws {
        try await withEdge(rooms: Self.rooms) { edge in
            let quality = try await Self.run(["record", "host", "--quality", "4k"], edge)
            #expect(quality.status == 2)
            #expect(quality.stderr.contains("4k"))
            let mp4 = try await Self.run(
                ["record", "host", "--mp4"], edge, environment: ["PATH": "/nonexistent-bin"])
            #expect(mp4.status == 2)
            #expect(mp4.stderrLines.last?.hasPrefix("error: --mp4 needs ffmpeg on PATH") == true, "\(mp4.stderr)")
            #expect(edge.httpRequests.isEmpty)
        }
    }

    @Test func recordWritesAPlayableFileAndNoProgressLineOffATerminal() async throws {
        let path = RecordingTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [RecordingTests.room()]) { edge in
            let outcome = try await Self.run(["record", "host", path, "--quality", "hd"], edge)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("\r"))
            #expect(outcome.stderrLines.first == "recording @host (hd) to \(path); Ctrl-C stops")
            #expect(try FLVFile.read(path).media.count == 40)
        }
    }
}
