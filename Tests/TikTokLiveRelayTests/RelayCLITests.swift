import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The built `tiktok-live-events` binary: `watch --relay` prints what direct mode prints; `serve` serves.
@Suite struct RelayCLITests {

    static func endpointArguments(_ edge: FakeTikTokEdge) -> [String] {
        [
            "--web-url", edge.webURL.absoluteString, "--webcast-url", edge.webcastURL.absoluteString, "--ws-url",
            edge.wsURL.absoluteString,
        ]
    }

    static let script: [FakeScriptStep] = [.batch(Cast.showcase), .batch([Cast.streamEnd()])]

    /// Waits for a `serve` to print its URL, then watches `creator` through it to the end: the event names.
    static func eventNames(of creator: String, through serve: RunningCLI) async throws -> [String] {
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
        let direct = try RunningCLI(["watch", "host"] + options + Self.endpointArguments(directEdge))
        let directStatus = try await direct.wait()
        try await directEdge.shutdown()
        #expect(directStatus == 0, "\(direct.stderr)")
        #expect(direct.stdoutLines.count >= 2)

        try await withRelay(rooms: [Cast.room(script: Self.script)]) { _, relay in
            let relayed = try RunningCLI(["host", "--relay", relay.url.absoluteString] + options)
            #expect(try await relayed.wait() == 0, "\(relayed.stderr)")
            #expect(relayed.stdoutLines == direct.stdoutLines)
            #expect(relayed.stderr.hasPrefix("connecting to @host through the relay at \(relay.url.absoluteString)\n"))
            #expect(relayed.stderr.contains("[connected] connected to @host, room \(Cast.roomId)"))
        }
    }

    @Test func watchThroughARelayExitsWithTheUpstreamFailure() async throws {
        let quiet = Cast.room("quiet", roomId: Cast.roomId + 1, status: .offline)
        try await withRelay(rooms: [quiet]) { _, relay in
            let offline = try RunningCLI(["quiet", "--relay", relay.url.absoluteString])
            #expect(try await offline.wait() == 4, "exit status 4: not live, as in direct mode")
            #expect(offline.stderr.contains("error: @quiet is not live right now"))
            let bad = try RunningCLI(["quiet", "--relay", "http://127.0.0.1:1/"])
            #expect(try await bad.wait() == 2, "--relay takes ws:// or wss:// only")
        }
    }

    @Test func serveRunsARelayUntilInterrupted() async throws {
        let edge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)])
        let serve = try RunningCLI(["serve", "--port", "0", "--grace-period", "0.1"] + Self.endpointArguments(edge))
        // A client, by hand: the relay's URL as printed.
        let names = try await Self.eventNames(of: "host", through: serve)
        #expect(names.count == 12)
        #expect(names.last == "disconnected")

        serve.process.interrupt()
        #expect(try await serve.wait() == 0)
        #expect(serve.stderr.contains("relay stopped"))
        try await edge.shutdown()
    }

    @Test func serveTakesKnownRoomIdsAndASigner() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        faults.requireSignature = true
        let edge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)], faults: faults)
        let serve = try RunningCLI(
            [
                "serve", "--port", "0", "--grace-period", "0.1", "--room-id", "HOST=\(Cast.roomId)", "--signer",
                edge.signerURL.absoluteString,
            ]
                + Self.endpointArguments(edge))
        let names = try await Self.eventNames(of: "host", through: serve)
        #expect(names.contains("chat"), "\(names) \(serve.stderr)")
        #expect(!edge.httpRequests.contains { $0.path.hasPrefix("/api-live") }, "the known room is not looked up")
        #expect(edge.handshakes.map(\.accepted) == [true], "the upstream socket is signed")

        serve.process.interrupt()
        #expect(try await serve.wait() == 0)
        try await edge.shutdown()
    }
}
