import Foundation
import Testing
@_spi(Benchmarks) import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport

/// What a decoder keeps is bounded whatever the wire says: messages per batch, and the per-room like totals.
@Suite("Decoder bounds")
struct DecoderBoundsTests {
    typealias W = WireBuilder

    static func like(_ msgId: Int64, total: Int64, room: Int64 = W.roomId) -> Webcast_InnerMessage {
        var m = Webcast_LikeMessage()
        m.common = W.common("WebcastLikeMessage", msgId: msgId)
        m.common.roomID = room
        m.count = 1
        m.total = total
        return W.inner("WebcastLikeMessage", m)
    }

    static func chat(_ msgId: Int64) -> Webcast_InnerMessage {
        var m = Webcast_ChatMessage()
        m.common = W.common("WebcastChatMessage", msgId: msgId)
        m.content = "message \(msgId)"
        return W.inner("WebcastChatMessage", m)
    }

    static func totals(_ events: [LiveEvent]) -> [Int64] {
        events.compactMap { if case .like(let like) = $0 { like.totalLikes } else { nil } }
    }

    @Test("a batch past the message limit: the first messages are delivered, one error says how many were dropped")
    func batchPastTheMessageLimit() throws {
        var decoder = FrameDecoder(limits: FrameLimits(maxMessagesPerBatch: 10))
        let frame = W.frame((1...25).map { Self.chat(Int64($0)) })
        let events = try decoder.decode(frame).events
        let chats = events.compactMap { if case .chat(let chat) = $0 { chat.comment } else { nil } }
        #expect(chats == (1...10).map { "message \($0)" })
        #expect(events.count == 11)
        guard case .error(let error) = events.last else {
            Issue.record("the last event is \(events.last?.name ?? "missing"), not an error")
            return
        }
        #expect(error.kind == TikTokLiveError.Kind.decode)
        #expect(error.message == "a batch of 25 messages exceeds the 10-message limit: the last 15 were dropped")

        // A batch at the limit is whole, with no error.
        let whole = try decoder.decode(W.frame((1...10).map { Self.chat(Int64($0)) })).events
        #expect(whole.count == 10)
        #expect(!whole.contains { $0.name == "error" })
    }

    @Test("a small gzip frame of 40,000 tiny messages costs the limit's events, not one per message")
    func tinyMessageBomb() throws {
        // The shape of a 75 KB frame that inflates to over a million messages (Benchmarks/memory-bounds.sh replays
        // one): the same few bytes again and again.
        let message = W.bytes(W.inner("WebcastLikeMessage", [UInt8]()))
        var batch: [UInt8] = []
        batch.reserveCapacity(40_000 * (message.count + 2))
        for _ in 0..<40_000 {
            batch.append(0x0a)  // field 1, length-delimited
            batch.append(UInt8(message.count))
            batch.append(contentsOf: message)
        }
        let frame = W.frame(batch)
        #expect(frame.count < batch.count / 100, "compresses like the hostile frame")
        var decoder = FrameDecoder(limits: FrameLimits(maxMessagesPerBatch: 1_000))
        let events = try decoder.decode(frame).events
        #expect(events.count == 1_001)
        guard case .error(let error) = events.last else {
            Issue.record("no error event at the end")
            return
        }
        #expect(error.message.contains("the last 39000 were dropped"))
    }

    @Test("the room's like total never goes backwards while ever new room ids come and go")
    func likeTotalsAmongManyRooms() throws {
        var decoder = FrameDecoder()
        var totals: [Int64] = []
        var msgId: Int64 = 0
        for round in 0..<100 {
            // The connected room's total, jumping backwards every other round, among 10 rooms seen once each.
            msgId += 1
            var messages = [Self.like(msgId, total: 10_000 + Int64(round) * (round.isMultiple(of: 2) ? 10 : -10))]
            for other in 0..<10 {
                msgId += 1
                messages.append(Self.like(msgId, total: 5, room: 1_000_000 + Int64(round * 10 + other)))
            }
            let events = try decoder.decode(W.frame(messages)).events
            totals.append(Self.totals(events)[0])
        }
        #expect(totals == totals.sorted(), "the connected room's total never decreased")
        let highest: Int64 = 10_000 + 98 * 10
        #expect(totals.last == highest)
    }

    @Test("a room unseen for 64 other rooms is forgotten: its next total is taken as it comes")
    func oldRoomsAreForgotten() throws {
        var decoder = FrameDecoder()
        let room: Int64 = 42
        _ = try decoder.decode(W.frame([Self.like(1, total: 1_000, room: room)]))
        let lower = try decoder.decode(W.frame([Self.like(2, total: 900, room: room)])).events
        #expect(Self.totals(lower) == [1_000], "remembered while recent")

        let others = (0..<64).map { Self.like(Int64(100 + $0), total: 5, room: 5_000 + Int64($0)) }
        _ = try decoder.decode(W.frame(others))
        let afterOthers = try decoder.decode(W.frame([Self.like(3, total: 900, room: room)])).events
        #expect(Self.totals(afterOthers) == [900], "forgotten after 64 other rooms")
    }
}
