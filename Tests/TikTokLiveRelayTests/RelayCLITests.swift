import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The built `tiktok-live-events` binary: `watch --relay` prints what direct mode prints; `serve` serves.
@Suite struct RelayCLITests {

    /// A running CLI whose output is collected as it comes.
    final class Running: Sendable {
        let process: Process
        private let out = LockedBox(Data())
        private let err = LockedBox(Data())

        init(_ arguments: [String]) throws {
            let binary = try #require(BuiltExecutables.cli, "tiktok-live-events binary not found next to the tests")
            process = Process()
            process.executableURL = binary
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIKTOK_LIVE_") }
            environment["NO_COLOR"] = "1"
            process.environment = environment
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = FileHandle.nullDevice
            stdout.fileHandleForReading.readabilityHandler = { [out] handle in
                let data = handle.availableData
                out.withLock { $0.append(data) }
            }
            stderr.fileHandleForReading.readabilityHandler = { [err] handle in
                let data = handle.availableData
                err.withLock { $0.append(data) }
            }
            try process.run()
        }

        var stdout: String { String(decoding: out.withLock { $0 }, as: UTF8.self) }
        var stderr: String { String(decoding: err.withLock { $0 }, as: UTF8.self) }
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

        /// Waits for the exit (terminating the process after `limit`); the exit status.
        func wait(limit: Duration = .seconds(20)) async -> Int32 {
            let deadline = ContinuousClock.now + limit
            while process.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if process.isRunning {
                Issue.record("still running after \(limit): \(process.arguments ?? [])")
                process.terminate()
            }
            process.waitUntilExit()
            // Let the readability handlers take the last bytes.
            try? await Task.sleep(for: .milliseconds(50))
            return process.terminationStatus
        }
    }

    static func endpointArguments(_ edge: FakeTikTokEdge) -> [String] {
        ["--web-url", edge.webURL, "--webcast-url", edge.webcastURL, "--ws-url", edge.wsURL]
    }

    static let script: [FakeScriptStep] = [.batch(Cast.showcase), .batch([Cast.streamEnd()])]

    /// Waits for a `serve` to print its URL, then watches `creator` through it to the end: the event names.
    static func eventNames(of creator: String, through serve: Running) async throws -> [String] {
        #expect(await eventually { serve.stdout.contains("Relay listening on ws://127.0.0.1:") })
        let line = try #require(serve.stdoutLines.first)
        let port = try #require(
            Int(line.split(separator: ":").last?.prefix { $0.isNumber } ?? ""), "no port in \(line)")
        let configuration = TikTokLive.Configuration(mode: .relay(URL(string: "ws://127.0.0.1:\(port)/")!))
        var names: [String] = []
        for try await event in TikTokLive(creator, configuration: configuration).events {
            names.append(event.name)
        }
        return names
    }

    @Test(arguments: [[], ["--json"], ["-f", "social,viewer"]])
    func watchThroughARelayPrintsWhatDirectModePrints(options: [String]) async throws {
        let directEdge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)])
        let direct = try Running(["watch", "host"] + options + Self.endpointArguments(directEdge))
        let directStatus = await direct.wait()
        try await directEdge.shutdown()
        #expect(directStatus == 0, "\(direct.stderr)")
        #expect(direct.stdoutLines.count >= 2)

        try await withRelay(rooms: [Cast.room(script: Self.script)]) { _, relay in
            let relayed = try Running(["host", "--relay", relay.url.absoluteString] + options)
            #expect(await relayed.wait() == 0, "\(relayed.stderr)")
            #expect(relayed.stdoutLines == direct.stdoutLines)
            #expect(relayed.stderr.hasPrefix("connecting to @host through the relay at \(relay.url.absoluteString)\n"))
            #expect(relayed.stderr.contains("[connected] connected to @host, room \(Cast.roomId)"))
        }
    }

    @Test func watchThroughARelayExitsWithTheUpstreamFailure() async throws {
        let quiet = Cast.room("quiet", roomId: Cast.roomId + 1, status: .offline)
        try await withRelay(rooms: [quiet]) { _, relay in
            let offline = try Running(["quiet", "--relay", relay.url.absoluteString])
            #expect(await offline.wait() == 4, "exit status 4: not live, as in direct mode")
            #expect(offline.stderr.contains("error: @quiet is not live right now"))
            let bad = try Running(["quiet", "--relay", "http://127.0.0.1:1/"])
            #expect(await bad.wait() == 2, "--relay takes ws:// or wss:// only")
        }
    }

    @Test func serveRunsARelayUntilInterrupted() async throws {
        let edge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)])
        let serve = try Running(["serve", "--port", "0", "--grace-period", "0.1"] + Self.endpointArguments(edge))
        // A client, by hand: the relay's URL as printed.
        let names = try await Self.eventNames(of: "host", through: serve)
        #expect(names.count == 12)
        #expect(names.last == "disconnected")

        serve.process.interrupt()
        #expect(await serve.wait() == 0)
        #expect(serve.stderr.contains("relay stopped"))
        try await edge.shutdown()
    }

    @Test func serveTakesKnownRoomIdsAndASigner() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        faults.requireSignature = true
        let edge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)], faults: faults)
        let serve = try Running(
            [
                "serve", "--port", "0", "--grace-period", "0.1", "--room-id", "HOST=\(Cast.roomId)", "--signer",
                edge.signerURL,
            ]
                + Self.endpointArguments(edge))
        let names = try await Self.eventNames(of: "host", through: serve)
        #expect(names.contains("chat"), "\(names) \(serve.stderr)")
        #expect(!edge.httpRequests.contains { $0.path.hasPrefix("/api-live") }, "the known room is not looked up")
        #expect(edge.handshakes.map(\.accepted) == [true], "the upstream socket is signed")

        serve.process.interrupt()
        #expect(await serve.wait() == 0)
        try await edge.shutdown()
    }
}
