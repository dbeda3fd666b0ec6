import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `--signer`, `$TIKTOK_LIVE_SIGNER_URL` and `--room-id` on the command line, and `doctor` as a person runs it.
@Suite struct CLIConnectionOptionsTests {
    static let room = Cast.room(script: [.batch([Cast.chat(1, "via the cli")]), .batch([Cast.streamEnd()])])

    static var signingFaults: FakeEdgeFaults {
        var faults = FakeEdgeFaults()
        faults.requireSignature = true
        return faults
    }

    @Test func watchSignsWithTheSignerOption() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingFaults) { edge in
            let outcome = try await CLIEndToEndTests.run(
                ["host", "--signer", edge.signerURL.absoluteString] + CLIEndToEndTests.endpointArguments(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(outcome.stdoutLines.first == "[chat]    ann: via the cli")
            #expect(edge.handshakes.map(\.accepted) == [true])
        }
    }

    @Test func theSignerCanComeFromTheEnvironment() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingFaults) { edge in
            let outcome = try await CLIEndToEndTests.run(
                ["watch", "host"] + CLIEndToEndTests.endpointArguments(edge),
                environment: [ConnectionOptions.signerVariable: edge.signerURL.absoluteString])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(edge.httpRequests.contains { $0.path == "/sign" })
        }
    }

    @Test func roomIdSkipsTheLookup() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let outcome = try await CLIEndToEndTests.run(
                ["watch", "host", "--room-id", String(Cast.roomId)] + CLIEndToEndTests.endpointArguments(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            #expect(!edge.httpRequests.contains { $0.path.hasPrefix("/api-live") })
        }
    }

    @Test func badSignerAndRoomIdAreBadArguments() async throws {
        let signer = try await CLIEndToEndTests.run(["watch", "host", "--signer", "ftp://x/"])
        #expect(signer.status == ExitCode.usage.rawValue)
        #expect(signer.stderr.contains("--signer must be a http or https URL"))
        let environment = try await CLIEndToEndTests.run(
            ["watch", "host"], environment: [ConnectionOptions.signerVariable: "not a url"])
        #expect(environment.status == ExitCode.usage.rawValue)
        #expect(environment.stderr.contains("$TIKTOK_LIVE_SIGNER_URL must be"))
        let roomId = try await CLIEndToEndTests.run(["watch", "host", "--room-id", "12ab"])
        #expect(roomId.status == ExitCode.usage.rawValue)
        #expect(roomId.stderr.contains("--room-id must be a room id"))
        let serve = try await CLIEndToEndTests.run(["serve", "--port", "0", "--room-id", "host"])
        #expect(serve.status == ExitCode.usage.rawValue)
        #expect(serve.stderr.contains("--room-id takes CREATOR=ROOM_ID"))
        #expect(try ConnectionOptions.roomIds(pairs: ["@Host=7", "b.b=8"]) == ["Host": "7", "b.b": "8"])
    }

    @Test func anUnsignedWatchOfASigningEdgeExitsBlockedNamingTheOption() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingFaults) { edge in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("unsigned-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: path.path, contents: nil)
            let err = try FileHandle(forWritingTo: path)
            defer {
                try? err.close()
                try? FileManager.default.removeItem(at: path)
            }
            let status = await WatchCommand.watch(
                username: "host", json: false, filter: nil,
                endpoints: .init(edge),
                output: OutputWriter(fd: FileHandle.nullDevice.fileDescriptor),
                errors: OutputWriter(fd: err.fileDescriptor, flushThreshold: 0)
            ) { configuration in
                configuration.maxReconnectAttempts = 1
                configuration.backoff = .init(base: .milliseconds(5), cap: .milliseconds(10))
            }
            #expect(status == .blocked)
            let stderr = try String(contentsOf: path, encoding: .utf8)
            #expect(stderr.split(separator: "\n").last?.hasPrefix("error: gave up after 2 refusal(s) in a row") == true)
            #expect(stderr.contains("--signer URL"))
        }
    }

    @Test func exitStatusesOfTheNewKinds() {
        #expect(WatchCommand.exitStatus(for: .signer).rawValue == 8)
        #expect(WatchCommand.exitStatus(for: .signatureRequired).rawValue == 6)
    }

    @Test func doctorHelpListsEveryExitStatus() async throws {
        let help = try await CLIEndToEndTests.run(["doctor", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for status in [
            "0 every step", "4 the creator is not live", "5 no such user", "10 a host is unreachable",
            "11 no ttwid", "12 the room lookup failed", "13 room info failed", "14 the socket handshake",
            "15 the signer failed", "16 the socket sent no frame", "17 frames but no event",
        ] {
            #expect(text.contains(status), "doctor --help lacks \"\(status)\"")
        }
        let root = try await CLIEndToEndTests.run(["--help"])
        #expect(root.stdout.contains("doctor"))
    }

    @Test func doctorAsAPersonRunsIt() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingFaults) { edge in
            let unsigned = try await CLIEndToEndTests.run(
                ["doctor", "host", "--json"] + CLIEndToEndTests.endpointArguments(edge))
            #expect(unsigned.status == DoctorCommand.Status.handshakeRefused.rawValue)
            let root = try #require(
                try JSONSerialization.jsonObject(with: Data(unsigned.stdout.utf8)) as? [String: Any])
            #expect(root["failedStep"] as? String == "handshake")
            let signed = try await CLIEndToEndTests.run(
                ["doctor", "host", "--signer", edge.signerURL.absoluteString] + CLIEndToEndTests.endpointArguments(edge)
            )
            #expect(signed.status == 0, "\(signed.stdout)")
            #expect(signed.stdoutLines.last == "result: every step passed (exit 0)")
        }
    }
}
