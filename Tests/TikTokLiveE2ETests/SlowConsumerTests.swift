import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// Memory stays bounded when the consumer is slower than the room, and when the room sends a message that never ends.
@Suite("Slow consumers and endless messages")
struct SlowConsumerTests {
    /// 30 likes, then 3 chats and 2 gifts, in one batch; then the stream's end.
    static let burst: [FakeScriptStep] = [
        .batch(
            (1...30).map { .like(msgId: Int64($0), roomId: Cast.roomId, user: Cast.cat, count: 1, total: Int64($0)) }
                + (31...33).map { Cast.chat(Int64($0), "chat \($0)") }
                + (34...35).map {
                    .gift(
                        msgId: Int64($0), roomId: Cast.roomId, user: Cast.bob, giftId: 5655, name: "Rose", diamonds: 1,
                        repeatCount: 1, repeatEnd: true, groupId: UInt64($0), streakable: false)
                }),
        .batch([Cast.streamEnd()]),
    ]

    @Test func aStalledEventsLoopKeepsTheValuableEventsAndCountsWhatWasDropped() async throws {
        try await withEdge(rooms: [Cast.room(script: Self.burst)]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.eventBufferCapacity = 10 })
            let ended = LockedBox(false)
            live.on("disconnected") { _ in ended.withLock { $0 = true } }
            var iterator = live.events.makeAsyncIterator()
            #expect(try await iterator.next()?.name == "connected")
            // The loop stalls until the run is over: everything after `connected` waits in its buffer of 10.
            #expect(await eventually(timeout: .seconds(30)) { ended.withLock { $0 } })
            var names: [String] = []
            var overflows: [ErrorEvent] = []
            while let event = try await iterator.next() {
                names.append(event.name)
                if case .error(let error) = event { overflows.append(error) }
            }
            // 28 of the 30 likes went, oldest first; the notice sits where the first one was dropped.
            #expect(
                names == [
                    "roomInfo", "error", "like", "like", "chat", "chat", "chat", "gift", "gift", "streamEnd",
                    "disconnected",
                ])
            #expect(overflows.count == 1, "one notice for the burst")
            #expect(overflows.first?.kind == .overflow)
            #expect(overflows.first?.dropped == ["like": 28])
            #expect(overflows.first?.message.contains("28 event(s) dropped") == true)
        }
    }

    @Test func slowHandlersAreBoundedTooAndSeeEverythingValuable() async throws {
        try await withEdge(rooms: [Cast.room(script: Self.burst)]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.eventBufferCapacity = 10 })
            let gate = LockedBox(false)
            let seen = LockedBox<[LiveEvent]>([])
            live.on("event") { event in
                // Held until the run's last event has been emitted: the handlers fall a whole burst behind.
                while !gate.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
                seen.withLock { $0.append(event) }
            }
            live.on("error") { event in seen.withLock { $0.append(event) } }
            // An events loop of its own sees `disconnected` and opens the gate; it ends only after the handlers
            // have seen everything queued for them.
            for try await event in live.events {
                if case .disconnected = event { gate.withLock { $0 = true } }
            }
            let events = seen.withLock { $0 }
            let names = events.map(\.name)
            #expect(names.filter { $0 == "chat" }.count == 3)
            #expect(names.filter { $0 == "gift" }.count == 2)
            #expect(names.contains("streamEnd"))
            let overflow = events.compactMap { if case .error(let e) = $0, e.kind == .overflow { e } else { nil } }
            #expect(overflow.count == 1)
            let droppedLikes = overflow.first?.dropped?["like"] ?? 0
            #expect(droppedLikes > 0)
            #expect(overflow.first?.dropped?.keys.sorted() == ["like"], "only likes were dropped")
            #expect(names.filter { $0 == "like" }.count + droppedLikes == 30, "every like delivered or counted")
        }
    }

    @Test(arguments: [true, false])
    func aMessageThatNeverEndsIsCutAtTheFrameLimit(edgeAnswersClose: Bool) async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "before")]), .endlessFragments(bytes: 64 << 10, answersClose: edgeAnswersClose),
            .batch([Cast.chat(2, "after")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive(
                "host", configuration: fastConfiguration(edge) { $0.frameLimits.maxFrameBytes = 1 << 20 })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["before", "after"])
            let cut = try #require(recorder.disconnects.first)
            #expect(
                cut.reason
                    == "this side closed the socket: the server sent a message larger than the 1048576-byte frame limit"
            )
            #expect(edge.handshakes.filter(\.accepted).count == 2, "a reconnect after the cut")
            #expect(recorder.reconnects.count == 1)
        }
    }
}
