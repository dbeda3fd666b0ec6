import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `Configuration.enrichGifts`: gifts without a name, image or diamond value are filled from the room's catalog.
@Suite struct GiftEnrichmentTests {
    static func bareGift(_ msgId: Int64, giftId: Int64) -> FakeMessage {
        .gift(
            msgId: msgId, roomId: Cast.roomId, user: Cast.bob, giftId: giftId, name: "", diamonds: 0, repeatCount: 1,
            repeatEnd: true, groupId: UInt64(msgId), streakable: false, bare: true)
    }

    /// Two bare gifts, a drop (so the client reconnects), a bare gift the catalog does not know, a complete gift.
    static let room = Cast.room(script: [
        .batch([bareGift(201, giftId: 6369), bareGift(202, giftId: 5487)]),
        .dropConnection(),
        .batch([
            bareGift(203, giftId: 424_242),
            .gift(
                msgId: 204, roomId: Cast.roomId, user: Cast.cat, giftId: 5655, name: "Rose", diamonds: 1,
                repeatCount: 1, repeatEnd: true, groupId: 204, streakable: true),
        ]),
        .batch([Cast.streamEnd()]),
    ])

    static func gifts(_ recorder: Recorder) -> [GiftPayload] {
        recorder.wire.compactMap { if case .gift(let gift) = $0 { gift.payload } else { nil } }
    }

    @Test func bareGiftsGetNameImageAndDiamondsFromTheCatalogFetchedOncePerRoom() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.enrichGifts = true })
            let recorder = Recorder(live)
            try await runToEnd(live)
            let gifts = Self.gifts(recorder)
            #expect(gifts.map(\.giftId) == [6369, 5487, 424_242, 5655])
            #expect(gifts[0].giftName == "Lion" && gifts[0].diamondCount == 29_999)
            #expect(gifts[0].giftPictureUrl == FakeGift.imageURL(id: 6369))
            #expect(gifts[1].giftName == "Finger Heart" && gifts[1].diamondCount == 5)
            #expect(gifts[2].giftName == nil && gifts[2].diamondCount == 0, "not in the catalog: as sent")
            #expect(gifts[3].giftName == "Rose" && gifts[3].giftPictureUrl == FakeGift.imageURL(id: 5655))
            #expect(recorder.reconnects.count == 1)
            #expect(recorder.errors.isEmpty)
            let lists = edge.httpRequests.filter { $0.path == "/webcast/gift/list/" }
            #expect(lists.count == 1, "once per room, across the reconnect")
            #expect(lists.first?.query["room_id"] == String(Cast.roomId))
        }
    }

    @Test func withoutEnrichmentGiftsStayAsSentAndNoCatalogIsFetched() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(Self.gifts(recorder).prefix(2).allSatisfy { $0.giftName == nil && $0.diamondCount == 0 })
            #expect(!edge.httpRequests.contains { $0.path == "/webcast/gift/list/" })
        }
    }

    @Test func aFailedCatalogFetchCostsOneWarningAndNoGift() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            edge.updateFaults { $0.giftListErrors = [500, 500] }
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.enrichGifts = true; $0.httpRetries = 1
                })
            let recorder = Recorder(live)
            try await runToEnd(live)
            let gifts = Self.gifts(recorder)
            #expect(gifts.map(\.giftId) == [6369, 5487, 424_242, 5655])
            #expect(gifts[0].giftName == nil)
            #expect(gifts[3].giftName == "Rose")
            let warnings = recorder.errors.filter { $0.message.contains("gift catalog") }
            #expect(warnings.count == 1)
            #expect(warnings.first?.message.contains("HTTP 500") == true)
            #expect(recorder.errors.count == 1)
        }
    }

    @Test func aSlowCatalogNeverHoldsGiftsBackForLong() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            // Far longer than the client waits: gifts must not wait for it.
            edge.updateFaults { $0.giftListDelay = .seconds(30) }
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.enrichGifts = true; $0.httpTimeout = .seconds(6)
                })
            let recorder = Recorder(live)
            let order = LockedBox<[String]>([])
            live.on("gift") { _ in order.withLock { $0.append("gift") } }
            live.on("error") { _ in order.withLock { $0.append("error") } }
            try await runToEnd(live)
            let gifts = Self.gifts(recorder)
            #expect(gifts.map(\.giftId) == [6369, 5487, 424_242, 5655])
            #expect(gifts[0].giftName == nil, "delivered as sent")
            // The fetch fails only after its 6 s read timeout; gifts waited for it 2 s at most, so none came after a
            // warning.
            #expect(order.withLock { $0 }.first == "gift")
        }
    }
}
