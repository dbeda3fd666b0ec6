import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `TikTokLive` in managed mode (`.relay(URL)`) against a relay in front of the fake edge.
@Suite struct RelayTransportTests {
    static let script: [FakeScriptStep] = [.batch(Cast.showcase), .batch([Cast.streamEnd()])]

    /// Every event a client delivers, in order, and the NDJSON line of each wire event.
    static func collect(_ live: TikTokLive) async throws -> (names: [String], lines: [String]) {
        var names: [String] = []
        var lines: [String] = []
        for try await event in live.events {
            names.append(event.name)
            if event.isWireEvent { lines.append(EventJSONEncoder().line(for: event)) }
        }
        return (names, lines)
    }

    static func relayConfiguration(_ relay: RelayServer, query: String = "") -> TikTokLive.Configuration {
        TikTokLive.Configuration(
            maxReconnectAttempts: 2, backoff: .init(base: .milliseconds(5), cap: .milliseconds(20)),
            httpTimeout: .seconds(5), mode: .relay(URL(string: relay.url.absoluteString + query)!))
    }

    @Test func theRelayTransportDeliversTheSameEventsAsDirectMode() async throws {
        // The same room on two edges: one watched directly, one through the relay.
        let directEdge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: Self.script)])
        let direct = try await Self.collect(TikTokLive("host", configuration: fastConfiguration(directEdge)))
        try await directEdge.shutdown()

        try await withRelay(rooms: [Cast.room(script: Self.script)]) { edge, relay in
            let live = TikTokLive("@host", configuration: Self.relayConfiguration(relay))
            let chats = LockedBox<[String]>([])
            let social = LockedBox<[String]>([])
            live.on(.chat) { chat in chats.withLock { $0.append(chat.comment) } }
            live.on("social") { event in social.withLock { $0.append(event.name) } }
            let relayed = try await Self.collect(live)

            #expect(relayed.names == direct.names)
            #expect(
                relayed.names == [
                    "connected", "roomInfo", "chat", "gift", "gift", "like", "join", "follow", "share", "roomUserSeq",
                    "streamEnd", "disconnected",
                ])
            #expect(relayed.lines == direct.lines, "the same NDJSON, byte for byte")
            // Handlers work as in direct mode, generic names included.
            #expect(chats.withLock { $0 } == ["hello there"])
            #expect(social.withLock { $0 } == ["follow", "share"])
            #expect(!live.isConnected)
            #expect(edge.handshakes.filter(\.accepted).count == 1)
        }
    }

    @Test func aFinalFailureIsThrownWithItsKindAsInDirectMode() async throws {
        let quiet = Cast.room("quiet", roomId: Cast.roomId + 1, status: .offline)
        try await withRelay(rooms: [quiet]) { _, relay in
            for (uniqueId, kind) in [("quiet", TikTokLiveError.Kind.offline), ("nobody_here", .notFound)] {
                let live = TikTokLive(uniqueId, configuration: Self.relayConfiguration(relay))
                let errors = LockedBox<[ErrorEvent]>([])
                live.on(.error) { error in errors.withLock { $0.append(error) } }
                do {
                    try await live.run()
                    Issue.record("run() of @\(uniqueId) returned")
                } catch let error as TikTokLiveError {
                    #expect(error.kind == kind)
                    #expect(error.message.contains("@\(uniqueId)"))
                }
                #expect(errors.withLock { $0 }.isEmpty, "thrown, not sent as an event, as in direct mode")
            }
        }
    }

    @Test func theRelaysTokenGoesInTheURL() async throws {
        try await withRelay(rooms: [Cast.room(script: Self.script)], configure: { $0.token = "k3y" }) { _, relay in
            do {
                try await TikTokLive("host", configuration: Self.relayConfiguration(relay)).run()
                Issue.record("accepted without the token")
            } catch let error as TikTokLiveError {
                #expect(error.kind == .unauthorized)
            }
            let live = TikTokLive("host", configuration: Self.relayConfiguration(relay, query: "?apiKey=k3y"))
            #expect(try await Self.collect(live).lines.count == 9)
        }
    }

    @Test func stopEndsTheRunAndLeavesTheRelay() async throws {
        try await withRelay(rooms: [Cast.room()]) { _, relay in
            let live = TikTokLive("host", configuration: Self.relayConfiguration(relay))
            let names = LockedBox<[String]>([])
            live.on("disconnected") { event in names.withLock { $0.append(event.name) } }
            async let run: Void = live.run()
            #expect(await eventually { live.isConnected })
            #expect(relay.health.clients == 1)
            live.stop()
            try await run
            #expect(names.withLock { $0 } == ["disconnected"])
            #expect(await eventually { relay.health.clients == 0 })
        }
    }

    @Test func aLostRelayIsRetriedThenGivenUp() async throws {
        try await withRelay(rooms: [Cast.room()]) { _, relay in
            let live = TikTokLive("host", configuration: Self.relayConfiguration(relay))
            let names = LockedBox<[String]>([])
            for name in ["connected", "disconnected", "reconnecting", "error"] {
                live.on(name) { event in names.withLock { $0.append(event.name) } }
            }
            async let run: Void = live.run()
            #expect(await eventually { live.isConnected })
            await relay.shutdown()
            do {
                try await run
                Issue.record("run() returned")
            } catch let error as TikTokLiveError {
                #expect(error.kind == .reconnectBudgetSpent)
            }
            let seen = names.withLock { $0 }
            #expect(seen.first == "connected")
            #expect(seen.contains("disconnected"))
            #expect(seen.filter { $0 == "reconnecting" }.count == 2)
        }
    }
}
