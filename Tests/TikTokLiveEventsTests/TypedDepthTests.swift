import Foundation
import Testing
import TikTokLiveProto
import TikTokLiveTestSupport

@_spi(Benchmarks) @testable import TikTokLiveEvents

/// Fields users read as fields: messages written by hand with the field numbers of an independent public schema
/// (docs/PROTOCOL.md#message-fields), with random values, fields out of order, repeated and truncated.
@Suite("Typed depth")
struct TypedDepthTests {
    typealias W = WireBuilder

    /// Random values, the same on every run.
    struct Values {
        var state: UInt64

        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }

        /// A positive 63-bit number, so that the wire's varint and the event's Int64 agree.
        mutating func id() -> Int64 { Int64(next() >> 1) | 1 }
        mutating func small() -> Int64 { Int64(next() % 1_000) + 1 }
        mutating func word() -> String {
            String((0..<8).map { _ in Character(UnicodeScalar(UInt8(97 + next() % 26))) })
        }
    }

    static func common(
        _ method: String?, msgId: Int64, roomId: Int64? = W.roomId, createTime: Int64? = 1_764_000_000_000
    )
        -> [UInt8]
    {
        var raw = RawProto()
        if let method { raw.string(1, method) }
        raw.varint(2, UInt64(bitPattern: msgId))
        if let roomId { raw.varint(3, UInt64(bitPattern: roomId)) }
        if let createTime { raw.varint(4, UInt64(bitPattern: createTime)) }
        return raw.bytes
    }

    static func user(_ id: Int64, _ handle: String, _ nickname: String) -> [UInt8] {
        var raw = RawProto()
        raw.string(38, handle)
        raw.string(3, nickname)
        raw.varint(1, UInt64(bitPattern: id))
        return raw.bytes
    }

    /// A gift message as the wire carries it, fields out of order.
    static func gift(_ v: inout Values, msgId: Int64, sender: (Int64, String, String), name: String) -> [UInt8] {
        var definition = RawProto()
        definition.string(16, name)
        definition.varint(12, 5)
        definition.varint(11, 1)
        var raw = RawProto()
        raw.bytes(15, definition.bytes)
        raw.bytes(7, user(sender.0, sender.1, sender.2))
        raw.varint(2, 5655)
        raw.bytes(1, common("WebcastGiftMessage", msgId: msgId))
        raw.varint(5, 3)
        raw.varint(9, 1)
        return raw.bytes
    }

    /// The event the library gives for one message, through a whole frame.
    static func event(_ method: String, _ bytes: [UInt8], msgId: Int64 = 5) throws -> LiveEvent {
        let events = try W.events([W.inner(method, bytes, msgId: msgId)])
        try #require(events.count == 1, "one wire message, one event: \(events)")
        return events[0]
    }

    /// The same message through the generated decoder only.
    static func generated(_ method: String, _ bytes: [UInt8]) throws -> LiveEvent {
        try bytes.withUnsafeBytes { raw in
            var mapper = EventMapper()
            mapper.usesFastPath = false
            return try mapper.event(
                EventMapper.Context(method: method, envelopeMsgId: 5, receivedAt: 1_000, bytes: raw))
        }
    }

    static func data(_ event: LiveEvent) -> [String: Any] {
        W.json(event)["data"] as! [String: Any]
    }

    // MARK: - roomPin

    @Test("a pinned gift is the gift with its sender, nested in the roomPin; the pin's id is 35, the gift's is its own")
    func pinnedGift() throws {
        var v = Values(seed: 1)
        let giftId = v.id()
        let pinId = v.id()
        let sender = (v.id(), v.word(), v.word())
        let giftName = v.word()
        let pinTime = v.small() + 1_700_000_000_000
        var pin = RawProto()
        pin.varint(35, UInt64(pinId))
        pin.string(30, "WebcastGiftMessage")
        pin.bytes(4, Self.gift(&v, msgId: giftId, sender: sender, name: giftName))
        pin.varint(33, 1)
        pin.bytes(1, Self.common("WebcastRoomPinMessage", msgId: pinId))
        pin.varint(31, UInt64(pinTime))
        pin.varint(34, 60_000)
        pin.bytes(32, Self.user(v.id(), "moderator", "Mod"))
        let event = try Self.event("WebcastRoomPinMessage", pin.bytes)
        guard case .roomPin(let e) = event else {
            Issue.record("expected roomPin, got \(event)")
            return
        }
        #expect(e.msgId == String(pinId))
        #expect(e.pinId == String(pinId))
        #expect(e.pinnedMsgId == String(giftId))
        #expect(e.pinnedMethod == "WebcastGiftMessage")
        #expect(e.pinTime == pinTime)
        #expect(e.displayDurationMs == 60_000)
        #expect(e.operator?.uniqueId == "moderator")
        #expect(e.user?.userId == String(sender.0))
        #expect(e.comment == nil)
        guard case .gift(let gift) = e.pinned else {
            Issue.record("expected a pinned gift, got \(String(describing: e.pinned))")
            return
        }
        #expect(gift.msgId == String(giftId))
        #expect(gift.giftName == giftName)
        #expect(gift.diamondCount == 5)
        #expect(gift.repeatCount == 3)
        #expect(gift.user?.uniqueId == sender.1)
        #expect(gift.user?.nickname == sender.2)
        #expect(e.extras.isEmpty)
        // The same event whichever decoder reads the pinned gift.
        #expect(try Self.generated("WebcastRoomPinMessage", pin.bytes) == event)

        let data = Self.data(event)
        #expect(data["pinId"] as? String == String(pinId))
        #expect(data["pinnedMsgId"] as? String == String(giftId))
        let pinned = try #require(data["pinned"] as? [String: Any])
        #expect(pinned["type"] as? String == "gift")
        let pinnedData = try #require(pinned["data"] as? [String: Any])
        #expect(pinnedData["giftName"] as? String == giftName)
        #expect(pinnedData["msgId"] as? String == String(giftId))
        #expect((pinnedData["user"] as? [String: Any])?["uniqueId"] as? String == sender.1)
        // Written and read back, the nested event survives.
        let line = EventJSONEncoder().data(for: event)
        #expect(try JSONDecoder().decode(LiveEvent.self, from: line) == event)
    }

    @Test("the gift a batch carries and its pin are two events: the pinned copy is not de-duplicated or counted")
    func pinAfterGift() throws {
        var v = Values(seed: 2)
        let giftId = v.id()
        let gift = Self.gift(&v, msgId: giftId, sender: (v.id(), "ana", "Ana"), name: "Rose")
        var pin = RawProto()
        pin.bytes(1, Self.common("WebcastRoomPinMessage", msgId: v.id()))
        pin.bytes(4, gift)
        pin.string(30, "WebcastGiftMessage")
        pin.varint(33, 1)
        let events = try W.events([
            W.inner("WebcastGiftMessage", gift, msgId: giftId), W.inner("WebcastRoomPinMessage", pin.bytes, msgId: 9),
        ])
        #expect(events.map(\.name) == ["gift", "roomPin"])
        var dedup = MessageDeduplicator()
        #expect(events.filter { dedup.insert($0) }.count == 2)
    }

    @Test("a pin without a method takes the first message set; a method naming an absent field does too")
    func pinnedFallbacks() throws {
        var v = Values(seed: 3)
        var chat = RawProto()
        chat.string(3, "welcome all")
        chat.bytes(2, Self.user(v.id(), "host", "Host"))
        chat.bytes(1, Self.common(nil, msgId: 42, createTime: nil))
        for method in [nil, "WebcastGiftMessage"] as [String?] {
            var pin = RawProto()
            pin.bytes(1, Self.common("WebcastRoomPinMessage", msgId: 7))
            pin.bytes(2, chat.bytes)
            if let method { pin.string(30, method) }
            pin.varint(33, 1)
            guard case .roomPin(let e) = try Self.event("WebcastRoomPinMessage", pin.bytes) else {
                Issue.record("expected roomPin")
                continue
            }
            #expect(e.pinned?.name == "chat")
            #expect(e.comment == "welcome all")
            #expect(e.user?.uniqueId == "host")
            #expect(e.pinnedMsgId == "42")
            // A nested message without a create time falls back to the receive time.
            #expect(e.pinned?.wireBase?.timestamp == 1_000)
        }
    }

    @Test("the last method wins when field 30 repeats, as protobuf has it")
    func repeatedMethod() throws {
        var v = Values(seed: 4)
        var chat = RawProto()
        chat.string(3, "hi")
        var pin = RawProto()
        pin.string(30, "WebcastChatMessage")
        pin.bytes(2, chat.bytes)
        pin.bytes(4, Self.gift(&v, msgId: 11, sender: (v.id(), "bo", "Bo"), name: "Lion"))
        pin.string(30, "WebcastGiftMessage")
        guard case .roomPin(let e) = try Self.event("WebcastRoomPinMessage", pin.bytes) else {
            Issue.record("expected roomPin")
            return
        }
        #expect(e.pinnedMethod == "WebcastGiftMessage")
        #expect(e.pinned?.name == "gift")
        #expect(e.comment == nil)
    }

    @Test("an unpin, and a pinned message that does not decode: the roomPin stays, only `pinned` is lost")
    func unpinAndBrokenPinned() throws {
        var v = Values(seed: 5)
        let gift = Self.gift(&v, msgId: 12, sender: (v.id(), "cy", "Cy"), name: "Rose")
        var pin = RawProto()
        pin.bytes(1, Self.common("WebcastRoomPinMessage", msgId: 8))
        // Cut inside the gift's definition: the outer length is right, the inner message is not.
        pin.bytes(4, Array(gift.prefix(6)))
        pin.string(30, "WebcastGiftMessage")
        pin.varint(33, 2)
        pin.varint(35, 99)
        let event = try Self.event("WebcastRoomPinMessage", pin.bytes)
        guard case .roomPin(let e) = event else {
            Issue.record("expected roomPin, got \(event)")
            return
        }
        #expect(e.action == 2)
        #expect(e.pinId == "99")
        #expect(e.pinned == nil)
        #expect(e.pinnedMsgId == nil)
        #expect(Self.data(event)["pinned"] == nil)
        #expect(EventTextFormatter().body(for: event).hasPrefix("unpinned"))

        // The roomPin itself cut short (inside field 35's key) is a decode error for that message only.
        let truncated = try Self.event("WebcastRoomPinMessage", Array(pin.bytes.dropLast(2)))
        #expect(truncated.name == "error")
    }

    // MARK: - liveIntro

    @Test("liveIntro's roomId is its own room id when the common block has none")
    func liveIntroRoomId() throws {
        var v = Values(seed: 6)
        let room = v.id()
        var intro = RawProto()
        intro.string(4, "cooking tonight")
        intro.varint(2, UInt64(room))
        intro.bytes(1, Self.common("WebcastLiveIntroMessage", msgId: 3, roomId: nil))
        let event = try Self.event("WebcastLiveIntroMessage", intro.bytes)
        #expect(event.wireBase?.roomId == String(room))
        #expect(Self.data(event)["roomId"] as? String == String(room))

        intro.bytes(1, Self.common("WebcastLiveIntroMessage", msgId: 3, roomId: 77))
        #expect(try Self.event("WebcastLiveIntroMessage", intro.bytes).wireBase?.roomId == "77")
    }

    // MARK: - Declared fields now shown

    @Test("a gift's fan tickets, log id, send type and first-send flag, on both decoders and in JSON")
    func giftFields() throws {
        var v = Values(seed: 7)
        for _ in 0..<20 {
            let tickets = v.small()
            let logId = v.word()
            let sendType = v.small()
            var raw = RawProto(bytes: Self.gift(&v, msgId: v.id(), sender: (v.id(), "dee", "Dee"), name: "Rose"))
            raw.varint(17, UInt64(sendType))
            raw.varint(3, 1)
            raw.string(16, "stale")
            raw.varint(25, 1)
            // Repeated scalars: the last value wins.
            raw.varint(3, UInt64(tickets))
            raw.string(16, logId)
            let event = try Self.event("WebcastGiftMessage", raw.bytes)
            #expect(try Self.generated("WebcastGiftMessage", raw.bytes) == event)
            guard case .gift(let gift) = event else {
                Issue.record("expected gift, got \(event)")
                return
            }
            #expect(gift.fanTicketCount == tickets)
            #expect(gift.logId == logId)
            #expect(gift.sendType == sendType)
            #expect(gift.isFirstSent == true)
            #expect(gift.extras.isEmpty)
            let data = Self.data(event)
            #expect(data["fanTicketCount"] as? Int == Int(tickets))
            #expect(data["logId"] as? String == logId)
            #expect(data["sendType"] as? Int == Int(sendType))
            #expect(data["isFirstSent"] as? Bool == true)
            // The direct writer and the Codable road agree.
            let encoder = EventJSONEncoder()
            var tree = JSONWriter()
            tree.write(encoder.value(for: event))
            #expect(
                String(decoding: encoder.bytes(for: event), as: UTF8.self)
                    == String(decoding: tree.bytes, as: UTF8.self))
        }
    }

    @Test("battleArmies' channel and gift counts, a contributor's diamonds, and a battle's armies")
    func battleFields() throws {
        var v = Values(seed: 8)
        let channel = v.id()
        let (count, diamonds, streak) = (v.small(), v.small(), v.small())
        var contributor = RawProto()
        contributor.varint(2, 40)
        contributor.string(3, "Ann")
        contributor.varint(5, 400)
        contributor.varint(1, 321)
        var armies = RawProto()
        armies.bytes(1, contributor.bytes)
        armies.varint(2, 40)
        var entry = RawProto()
        entry.varint(1, 555)
        entry.bytes(2, armies.bytes)
        var raw = RawProto()
        raw.varint(13, UInt64(streak))
        raw.bytes(3, entry.bytes)
        raw.varint(4, UInt64(channel))
        raw.varint(10, UInt64(count))
        raw.varint(12, UInt64(diamonds))
        raw.varint(2, 9)
        raw.bytes(1, Self.common("WebcastLinkMicArmies", msgId: 1))
        let event = try Self.event("WebcastLinkMicArmies", raw.bytes)
        guard case .battleArmies(let e) = event else {
            Issue.record("expected battleArmies, got \(event)")
            return
        }
        #expect(e.channelId == String(channel))
        #expect(e.giftCount == Int(count))
        #expect(e.totalDiamondCount == Int(diamonds))
        #expect(e.repeatCount == Int(streak))
        #expect(e.hosts.first?.contributors.first?.diamondScore == 400)
        let data = Self.data(event)
        #expect(data["channelId"] as? String == String(channel))
        #expect(data["giftCount"] as? Int == Int(count))
        #expect(data["totalDiamondCount"] as? Int == Int(diamonds))
        #expect(data["repeatCount"] as? Int == Int(streak))

        var battle = RawProto()
        battle.bytes(9, entry.bytes)
        battle.varint(2, 9)
        battle.bytes(1, Self.common("WebcastLinkMicBattle", msgId: 2))
        guard case .battle(let b) = try Self.event("WebcastLinkMicBattle", battle.bytes) else {
            Issue.record("expected battle")
            return
        }
        #expect(b.armies?.first?.hostUserId == "555")
        #expect(b.armies?.first?.contributors.map(\.nickname) == ["Ann"])
        #expect(b.extras.isEmpty)
    }

    @Test("barrage icon and scene, room source and show time, link-mic session ids")
    func smallFields() throws {
        var image = RawProto()
        image.string(1, "https://p16.example/icon.webp")
        image.string(1, "https://mirror.example/icon.webp")
        var barrage = RawProto()
        barrage.string(11, "sub_scene")
        barrage.bytes(4, image.bytes)
        barrage.bytes(1, Self.common("WebcastBarrageMessage", msgId: 1))
        let b = try Self.event("WebcastBarrageMessage", barrage.bytes)
        guard case .barrage(let be) = b else {
            Issue.record("expected barrage, got \(b)")
            return
        }
        #expect(be.iconUrl == "https://p16.example/icon.webp")
        #expect(be.scene == "sub_scene")
        #expect(Self.data(b)["iconUrl"] as? String == "https://p16.example/icon.webp")

        var room = RawProto()
        room.varint(9, 5_000)
        room.varint(4, 1)
        room.string(2, "Welcome")
        let r = try Self.event("WebcastRoomMessage", room.bytes)
        guard case .room(let re) = r else {
            Issue.record("expected room, got \(r)")
            return
        }
        #expect(re.source == 1)
        #expect(re.showDurationMs == 5_000)
        #expect(Self.data(r)["showDurationMs"] as? Int == 5_000)

        var link = RawProto()
        link.string(40, "rival-7")
        link.string(37, "anchor-3")
        link.varint(2, 1)
        let l = try Self.event("WebcastLinkMicMethod", link.bytes)
        guard case .linkMicMethod(let le) = l else {
            Issue.record("expected linkMicMethod, got \(l)")
            return
        }
        #expect(le.anchorLinkmicId == "anchor-3")
        #expect(le.rivalLinkmicId == "rival-7")
        #expect(Self.data(l)["rivalLinkmicId"] as? String == "rival-7")
    }
}

/// The notices, rankings and co-host scores typed from an independent public schema's field numbers.
@Suite("Typed notices")
struct TypedNoticeTests {
    typealias T = TypedDepthTests

    static func text(_ pattern: String, key: String = "", pieces: [[UInt8]] = []) -> [UInt8] {
        var raw = RawProto()
        for piece in pieces { raw.bytes(4, piece) }
        raw.string(2, pattern)
        if !key.isEmpty { raw.string(1, key) }
        return raw.bytes
    }

    static func userPiece(_ user: [UInt8]) -> [UInt8] {
        var value = RawProto()
        value.bytes(1, user)
        var piece = RawProto()
        piece.varint(1, 11)
        piece.bytes(21, value.bytes)
        return piece.bytes
    }

    static func stringPiece(_ string: String) -> [UInt8] {
        var piece = RawProto()
        piece.string(11, string)
        piece.varint(1, 1)
        return piece.bytes
    }

    static func giftPiece(_ name: String) -> [UInt8] {
        var ref = RawProto()
        ref.string(2, name)
        var gift = RawProto()
        gift.bytes(2, ref.bytes)
        gift.varint(1, 5655)
        var piece = RawProto()
        piece.bytes(22, gift.bytes)
        return piece.bytes
    }

    static func image(_ url: String) -> [UInt8] {
        var raw = RawProto()
        raw.string(1, url)
        return raw.bytes
    }

    @Test("fanTicket: each guest's tickets and the session total; a truncated message is a decode error")
    func fanTicket() throws {
        var v = T.Values(seed: 21)
        let guests = (0..<3).map { _ in (v.id(), v.small(), v.small()) }
        let total = v.id()
        let match = v.id()
        var notice = RawProto()
        notice.string(5, "https://p16.example/ticket.png")
        notice.varint(2, 1)
        for (id, tickets, score) in guests {
            var guest = RawProto()
            guest.varint(2, UInt64(tickets))
            guest.varint(1, UInt64(id))
            guest.varint(3, UInt64(score))
            guest.varint(4, 2)
            notice.bytes(1, guest.bytes)
        }
        notice.varint(3, UInt64(match))
        // The total repeats: the last value wins.
        notice.varint(2, UInt64(total))
        var raw = RawProto()
        raw.bytes(2, notice.bytes)
        raw.bytes(1, T.common("WebcastLinkMicFanTicketMethod", msgId: 31))
        let event = try T.event("WebcastLinkMicFanTicketMethod", raw.bytes)
        guard case .fanTicket(let e) = event else {
            Issue.record("expected fanTicket, got \(event)")
            return
        }
        #expect(e.msgId == "31")
        #expect(e.users.map(\.userId) == guests.map { String($0.0) })
        #expect(e.users.map(\.fanTickets) == guests.map(\.1))
        #expect(e.users.map(\.matchTotalScore) == guests.map { Optional($0.2) })
        #expect(e.users.map(\.matchRank) == [2, 2, 2])
        #expect(e.totalFanTickets == total)
        #expect(e.matchId == String(match))
        #expect(e.iconUrl == "https://p16.example/ticket.png")
        #expect(e.extras.isEmpty)
        let data = T.data(event)
        #expect(data["totalFanTickets"] as? Int == Int(total))
        #expect(data["matchId"] as? String == String(match))
        let users = try #require(data["users"] as? [[String: Any]])
        #expect(users.map { $0["userId"] as? String } == guests.map { String($0.0) })
        #expect(users.map { $0["fanTickets"] as? Int } == guests.map { Int($0.1) })
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: event)) == event)

        let cut = try T.event("WebcastLinkMicFanTicketMethod", Array(raw.bytes.dropLast(2)))
        #expect(cut.name == "error")
    }

    @Test("rankText: the room's sentence with the viewer's name filled in, the viewer, old and new place")
    func rankText() throws {
        var v = T.Values(seed: 22)
        let viewer = v.id()
        let nickname = v.word()
        let other = Self.text(
            "{0:user} just became the No. {1:string} viewer!", key: "pm_mt_rank_text",
            pieces: [Self.userPiece(T.user(viewer, "fan_1", nickname)), Self.stringPiece("3")])
        var raw = RawProto()
        raw.varint(7, UInt64(viewer))
        raw.bytes(6, other)
        raw.varint(4, 3)
        raw.bytes(5, Self.text("You just became the No. {0:string} viewer!", pieces: [Self.stringPiece("3")]))
        raw.varint(3, 5)
        raw.varint(2, 1)
        raw.bytes(8, Self.image("https://p16.example/badge.png"))
        raw.bytes(1, T.common("WebcastRankTextMessage", msgId: 32))
        let event = try T.event("WebcastRankTextMessage", raw.bytes)
        guard case .rankText(let e) = event else {
            Issue.record("expected rankText, got \(event)")
            return
        }
        #expect(e.text == "\(nickname) just became the No. 3 viewer!")
        #expect(e.selfText == "You just became the No. 3 viewer!")
        #expect(e.user?.userId == String(viewer))
        #expect(e.user?.uniqueId == "fan_1")
        #expect(e.userId == String(viewer))
        #expect(e.previousRank == 5)
        #expect(e.rank == 3)
        #expect(e.scene == 1)
        #expect(e.iconUrl == "https://p16.example/badge.png")
        let data = T.data(event)
        #expect(data["text"] as? String == "\(nickname) just became the No. 3 viewer!")
        #expect(data["rank"] as? Int == 3)
        #expect(data["previousRank"] as? Int == 5)
        #expect((data["user"] as? [String: Any])?["nickname"] as? String == nickname)
    }

    @Test("the display-text renderer: users, strings, gifts, missing pieces and stray braces")
    func renderer() throws {
        var text = Webcast_Text()
        text.defaultPattern = "{0:user} sent {1:gift} to {2:user} {3:string} {9:string} {oops"
        var user = Webcast_TextPiece()
        user.userValue.user.nickname = "Ann"
        var gift = Webcast_TextPiece()
        gift.giftValue.nameRef.defaultPattern = "Rose"
        var handleOnly = Webcast_TextPiece()
        handleOnly.userValue.user.displayID = "bo_b"
        var string = Webcast_TextPiece()
        string.stringValue = "x5"
        text.pieces = [user, gift, handleOnly, string]
        #expect(DisplayText.render(text) == "Ann sent Rose to bo_b x5 {9:string} {oops")
        var keyOnly = Webcast_Text()
        keyOnly.key = "pm_mt_notice"
        #expect(DisplayText.render(keyOnly) == "pm_mt_notice")
        #expect(DisplayText.render(Webcast_Text()) == nil)
    }

    static func punishment(_ v: inout T.Values) -> (bytes: [UInt8], violator: Int64, end: Int64) {
        let violator = v.id()
        let end = v.id()
        var p = RawProto()
        p.string(3, "punish-7")
        p.string(1, "muting_cancel")
        p.varint(4, UInt64(violator))
        p.string(2, "spam")
        p.varint(8, 1)
        p.varint(11, UInt64(end))
        p.varint(6, 600)
        return (p.bytes, violator, end)
    }

    @Test("bottomMessage and accessRecall: the notice's text and the punishment both carry")
    func punishments() throws {
        var v = T.Values(seed: 23)
        let (punish, violator, end) = Self.punishment(&v)
        var common = RawProto(bytes: T.common("WebcastBottomMessage", msgId: 33))
        common.bytes(8, Self.text("Consuming substances featured in this LIVE could harm you", key: "pm_bottom_warn"))
        var bottom = RawProto()
        bottom.bytes(8, punish)
        bottom.varint(7, UInt64(violator))
        bottom.varint(6, 4)
        bottom.varint(5, 599)
        bottom.varint(11, 2)
        bottom.bytes(1, common.bytes)
        let event = try T.event("WebcastBottomMessage", bottom.bytes)
        guard case .bottomMessage(let b) = event else {
            Issue.record("expected bottomMessage, got \(event)")
            return
        }
        #expect(b.text == "Consuming substances featured in this LIVE could harm you")
        #expect(b.textKey == "pm_bottom_warn")
        #expect(b.duration == 599)
        #expect(b.bizType == 4)
        #expect(b.floatStyle == 2)
        #expect(b.violationUserId == String(violator))
        #expect(b.punishment?.punishType == "muting_cancel")
        #expect(b.punishment?.reason == "spam")
        #expect(b.punishment?.punishId == "punish-7")
        #expect(b.punishment?.violationUserId == String(violator))
        #expect(b.punishment?.duration == 600)
        // end_time_v2 over end_time.
        #expect(b.punishment?.endTime == end)
        let data = T.data(event)
        #expect(data["textKey"] as? String == "pm_bottom_warn")
        #expect((data["punishment"] as? [String: Any])?["punishId"] as? String == "punish-7")

        var recall = RawProto()
        recall.string(5, "CONTENT_CLASSIFICATION")
        recall.bytes(8, punish)
        recall.varint(2, 1)
        recall.bytes(6, Self.text("{0:string} is back", pieces: [Self.stringPiece("Chat")]))
        recall.varint(4, 77)
        let r = try T.event("WebcastAccessRecallMessage", recall.bytes)
        guard case .accessRecall(let a) = r else {
            Issue.record("expected accessRecall, got \(r)")
            return
        }
        #expect(a.status == 1)
        #expect(a.scene == "CONTENT_CLASSIFICATION")
        #expect(a.notice == "Chat is back")
        #expect(a.endTime == 77)
        #expect(a.punishment?.punishId == "punish-7")
        #expect(T.data(r)["scene"] as? String == "CONTENT_CLASSIFICATION")
    }

    @Test("battlePunishFinish, roomVerify and capsule")
    func smallNotices() throws {
        var v = T.Values(seed: 24)
        let (battle, channel, op) = (v.id(), v.id(), v.id())
        var settings = RawProto()
        settings.varint(5, 4)
        settings.varint(3, 300)
        settings.varint(2, 1_700_000_000_000)
        var finish = RawProto()
        finish.bytes(6, settings.bytes)
        finish.varint(5, UInt64(battle))
        finish.varint(3, UInt64(op))
        finish.varint(2, UInt64(channel))
        finish.bytes(1, T.common("WebcastLinkMicBattlePunishFinish", msgId: 34))
        let f = try T.event("WebcastLinkMicBattlePunishFinish", finish.bytes)
        guard case .battlePunishFinish(let p) = f else {
            Issue.record("expected battlePunishFinish, got \(f)")
            return
        }
        #expect(p.battleId == String(battle))
        #expect(p.channelId == String(channel))
        #expect(p.operatorUserId == String(op))
        // Absent is 0: time up.
        #expect(p.reason == 0)
        #expect(p.status == 4)
        #expect(p.battleDuration == 300)
        #expect(p.startedAtMs == 1_700_000_000_000)
        #expect(T.data(f)["reason"] as? Int == 0)

        var verify = RawProto()
        verify.varint(5, 1)
        verify.string(3, "verify your room")
        verify.varint(2, 4)
        verify.varint(4, 9)
        let r = try T.event("WebcastRoomVerifyMessage", verify.bytes)
        guard case .roomVerify(let rv) = r else {
            Issue.record("expected roomVerify, got \(r)")
            return
        }
        #expect(rv.action == 4)
        #expect(rv.content == "verify your room")
        #expect(rv.noticeType == 9)
        #expect(rv.closeRoom == true)
        #expect(T.data(r)["closeRoom"] as? Bool == true)

        var capsule = RawProto()
        capsule.string(7, "notice_viewer_new_goal")
        capsule.bytes(3, Self.text("The host set a subscription goal."))
        capsule.bytes(4, Self.text("Support"))
        capsule.string(5, "sslocal://goal")
        capsule.varint(6, 2)
        capsule.bytes(2, Self.image("https://p16.example/capsule.png"))
        let c = try T.event("WebcastCapsuleMessage", capsule.bytes)
        guard case .capsule(let ce) = c else {
            Issue.record("expected capsule, got \(c)")
            return
        }
        #expect(ce.text == "The host set a subscription goal.")
        #expect(ce.buttonText == "Support")
        #expect(ce.schema == "sslocal://goal")
        #expect(ce.capsuleType == 2)
        #expect(ce.scene == "notice_viewer_new_goal")
        #expect(ce.iconUrl == "https://p16.example/capsule.png")
        #expect(T.data(c)["buttonText"] as? String == "Support")
    }
}

/// The room notice, one shape at the top level and nested in gift broadcasts and marquee announcements.
@Suite("Room notices")
struct RoomNoticeTests {
    typealias T = TypedDepthTests
    typealias N = TypedNoticeTests

    /// A room notice as the wire carries it, its text in its own common block.
    static func notify(_ v: inout T.Values, sender: String, receiver: String, gift: String) -> (
        bytes: [UInt8], from: Int64
    ) {
        let from = v.id()
        var common = RawProto()
        common.bytes(
            8,
            N.text(
                "{0:user} sent {1:gift} to {2:user}", key: "pm_mt_gift_broadcast",
                pieces: [
                    N.userPiece(T.user(v.id(), "s", sender)), N.giftPiece(gift),
                    N.userPiece(T.user(v.id(), "r", receiver)),
                ]))
        var background = RawProto()
        background.varint(1, 750)
        background.string(3, "https://p16.example/bg.png")
        var extra = RawProto()
        extra.bytes(2, background.bytes)
        extra.varint(1, 5)
        var raw = RawProto()
        raw.varint(10, UInt64(from))
        raw.string(9, "gift_broadcast")
        raw.bytes(6, extra.bytes)
        raw.varint(3, 3)
        raw.string(2, "sslocal://room")
        raw.bytes(1, common.bytes)
        raw.varint(12, 44)
        return (raw.bytes, from)
    }

    static func check(_ notice: RoomNotice?, from: Int64, _ sender: String, _ receiver: String, _ gift: String) {
        #expect(notice?.text == "\(sender) sent \(gift) to \(receiver)")
        #expect(notice?.textKey == "pm_mt_gift_broadcast")
        #expect(notice?.notifyType == 3)
        #expect(notice?.source == "gift_broadcast")
        #expect(notice?.fromUserId == String(from))
        #expect(notice?.toHostUserId == "44")
        #expect(notice?.schema == "sslocal://room")
        #expect(notice?.durationSec == 5)
        #expect(notice?.backgroundUrl == "https://p16.example/bg.png")
    }

    @Test("roomNotify, giftBroadcast and marqueeAnnouncement show the same notice, text filled in")
    func notices() throws {
        var v = T.Values(seed: 31)
        let (sender, receiver, gift) = (v.word(), v.word(), v.word())
        let (notify, from) = Self.notify(&v, sender: sender, receiver: receiver, gift: gift)

        let top = try T.event("WebcastRoomNotifyMessage", notify)
        guard case .roomNotify(let r) = top else {
            Issue.record("expected roomNotify, got \(top)")
            return
        }
        Self.check(r.notice, from: from, sender, receiver, gift)
        let data = T.data(top)
        #expect((data["notice"] as? [String: Any])?["text"] as? String == "\(sender) sent \(gift) to \(receiver)")

        var broadcast = RawProto()
        broadcast.bytes(4, notify)
        broadcast.bytes(3, N.image("https://p16.example/left.png"))
        broadcast.varint(2, UInt64(from))
        broadcast.bytes(1, T.common("WebcastGiftBroadcastMessage", msgId: 41))
        let b = try T.event("WebcastGiftBroadcastMessage", broadcast.bytes)
        guard case .giftBroadcast(let g) = b else {
            Issue.record("expected giftBroadcast, got \(b)")
            return
        }
        #expect(g.msgId == "41")
        #expect(g.fromUserId == String(from))
        #expect(g.iconUrl == "https://p16.example/left.png")
        Self.check(g.notice, from: from, sender, receiver, gift)
        #expect(g.extras.isEmpty)

        var marquee = RawProto()
        var entity = RawProto()
        entity.bytes(1, notify)
        marquee.bytes(3, entity.bytes)
        marquee.string(2, "start_room_event")
        marquee.bytes(3, entity.bytes)
        let m = try T.event("WebcastMarqueeAnnouncementMessage", marquee.bytes)
        guard case .marqueeAnnouncement(let ma) = m else {
            Issue.record("expected marqueeAnnouncement, got \(m)")
            return
        }
        #expect(ma.scene == "start_room_event")
        #expect(ma.notices.count == 2)
        for notice in ma.notices { Self.check(notice, from: from, sender, receiver, gift) }
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: m)) == m)

        // A nested notice cut short is a decode error of the message that carries it.
        var cut = RawProto()
        cut.bytes(4, Array(notify.dropLast(1)))
        #expect(try T.event("WebcastGiftBroadcastMessage", cut.bytes).name == "error")
    }
}

/// Battle item cards, battle tasks and the co-host method's fan tickets.
@Suite("Typed battle cards and tasks")
struct TypedBattleCardTests {
    typealias T = TypedDepthTests
    typealias N = TypedNoticeTests

    static func sender(_ id: Int64, _ nickname: String) -> [UInt8] {
        var base = RawProto()
        base.string(4, "handle")
        base.string(2, nickname)
        base.varint(1, UInt64(id))
        var user = RawProto()
        user.bytes(1, base.bytes)
        return user.bytes
    }

    /// A card's info as every card starts it, plus `extra` (the fields from 6 on, which differ per card).
    static func cardInfo(
        name: String, sender: [UInt8], sentAt: Int64, duration: Int64, extra: (inout RawProto) -> Void
    ) -> [UInt8] {
        var info = RawProto()
        info.varint(5, UInt64(duration))
        extra(&info)
        info.bytes(4, sender)
        info.bytes(2, N.image("https://p16.example/card.png"))
        info.varint(3, UInt64(sentAt))
        info.string(1, name)
        return info.bytes
    }

    static func use(_ info: [UInt8], host: Int64, text: String, extra: (inout RawProto) -> Void = { _ in }) -> [UInt8] {
        var use = RawProto()
        use.bytes(3, N.text(text))
        extra(&use)
        use.varint(2, UInt64(host))
        use.bytes(1, info)
        return use.bytes
    }

    @Test("battleItemCard: the card used, who sent it, for how long, and each card's own numbers")
    func itemCards() throws {
        var v = T.Values(seed: 41)
        let (battle, host, senderId, sentAt) = (v.id(), v.id(), v.id(), v.id())
        let (nickname, cardName) = (v.word(), v.word())
        let (duration, multiple, extraSec) = (v.small(), v.small(), v.small())
        let sender = Self.sender(senderId, nickname)

        // Critical strike: field 9 is a string on this card (a gift's name key), a number on the extra time card.
        let strikeInfo = Self.cardInfo(name: cardName, sender: sender, sentAt: sentAt, duration: duration) {
            $0.string(9, "pm_gift_rose")
            $0.varint(8, UInt64(multiple))
        }
        var strike = RawProto()
        strike.varint(20, 7)
        strike.bytes(5, Self.use(strikeInfo, host: host, text: "Critical strike!"))
        strike.varint(3, 2)
        strike.bytes(1, T.common("WebcastLinkMicBattleItemCard", msgId: 51))
        strike.varint(2, UInt64(battle))
        let s = try T.event("WebcastLinkMicBattleItemCard", strike.bytes)
        guard case .battleItemCard(let c) = s else {
            Issue.record("expected battleItemCard, got \(s)")
            return
        }
        #expect(c.msgId == "51")
        #expect(c.battleId == String(battle))
        #expect(c.messageType == 2)
        #expect(c.text == "Critical strike!")
        #expect(c.hostUserId == String(host))
        #expect(c.cardNameKey == cardName)
        #expect(c.cardImageUrl == "https://p16.example/card.png")
        #expect(c.senderUserId == String(senderId))
        #expect(c.senderNickname == nickname)
        #expect(c.sentAtSec == sentAt)
        #expect(c.durationSec == duration)
        #expect(c.multiplier == multiple)
        #expect(c.extraDurationSec == nil)
        // The card queue is not modelled: it stays in extras, by its field number.
        #expect(c.extras["20"] == .int(7))
        let data = T.data(s)
        #expect(data["multiplier"] as? Int == Int(multiple))
        #expect(data["senderNickname"] as? String == nickname)
        #expect(data["durationSec"] as? Int == Int(duration))
        #expect(data["cardNameKey"] as? String == cardName)
        #expect(data["hostUserId"] as? String == String(host))
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: s)) == s)

        let extraInfo = Self.cardInfo(name: cardName, sender: sender, sentAt: sentAt, duration: duration) {
            $0.varint(9, UInt64(extraSec))
            $0.varint(8, UInt64(host))
        }
        var extraTime = RawProto()
        extraTime.bytes(8, Self.use(extraInfo, host: host, text: "More time"))
        extraTime.varint(3, 5)
        let e = try T.event("WebcastLinkMicBattleItemCard", extraTime.bytes)
        guard case .battleItemCard(let x) = e else {
            Issue.record("expected battleItemCard, got \(e)")
            return
        }
        #expect(x.messageType == 5)
        #expect(x.extraDurationSec == extraSec)
        #expect(x.multiplier == nil)
        #expect(x.senderNickname == nickname)
        #expect(T.data(e)["extraDurationSec"] as? Int == Int(extraSec))

        let plainInfo = Self.cardInfo(name: cardName, sender: sender, sentAt: sentAt, duration: duration) { _ in }
        var effect = RawProto()
        effect.bytes(9, Self.use(plainInfo, host: host, text: "Hearts") { $0.varint(5, 3) })
        effect.varint(3, 6)
        let f = try T.event("WebcastLinkMicBattleItemCard", effect.bytes)
        guard case .battleItemCard(let fx) = f else {
            Issue.record("expected battleItemCard, got \(f)")
            return
        }
        #expect(fx.effectType == 3)
        #expect(fx.text == "Hearts")
        #expect(T.data(f)["effectType"] as? Int == 3)

        var smoke = RawProto()
        smoke.bytes(6, Self.use(plainInfo, host: host, text: "Smoke"))
        smoke.varint(3, 3)
        let sm = try T.event("WebcastLinkMicBattleItemCard", smoke.bytes)
        guard case .battleItemCard(let se) = sm else {
            Issue.record("expected battleItemCard, got \(sm)")
            return
        }
        #expect(se.text == "Smoke")
        #expect(se.durationSec == duration)
        #expect(se.senderUserId == String(senderId))

        var award = RawProto()
        var notice = RawProto()
        notice.bytes(2, sender)
        notice.bytes(1, N.text("{0:string} got a card", pieces: [N.stringPiece(nickname)]))
        award.bytes(7, notice.bytes)
        award.varint(3, 4)
        let a = try T.event("WebcastLinkMicBattleItemCard", award.bytes)
        guard case .battleItemCard(let ae) = a else {
            Issue.record("expected battleItemCard, got \(a)")
            return
        }
        #expect(ae.text == "\(nickname) got a card")
        #expect(ae.senderNickname == nil)

        let cut = try T.event("WebcastLinkMicBattleItemCard", Array(strike.bytes.dropLast(2)))
        #expect(cut.name == "error")
    }

    @Test("battleTask: start, progress, settle and reward, each from its own block")
    func battleTask() throws {
        var v = T.Values(seed: 42)
        let (battle, target, from, progress) = (v.id(), v.small(), v.id(), v.small())
        var task = RawProto()
        task.varint(24, 2)
        task.varint(2, 30)
        task.varint(23, UInt64(target))
        task.varint(1, 1_700_000_000)
        var reward = RawProto()
        reward.varint(3, 2)
        reward.varint(2, 20)
        var config = RawProto()
        config.bytes(4, reward.bytes)
        config.varint(1, 1_699_999_990)
        config.bytes(3, task.bytes)
        var start = RawProto()
        start.bytes(1, config.bytes)
        var raw = RawProto()
        raw.varint(20, UInt64(battle))
        raw.bytes(3, start.bytes)
        raw.bytes(1, T.common("WebcastLinkmicBattleTaskMessage", msgId: 52))
        let s = try T.event("WebcastLinkmicBattleTaskMessage", raw.bytes)
        guard case .battleTask(let st) = s else {
            Issue.record("expected battleTask, got \(s)")
            return
        }
        #expect(st.battleId == String(battle))
        // 0 is the start: absent on the wire, still a number here.
        #expect(st.messageType == 0)
        #expect(st.progressTarget == target)
        #expect(st.targetType == 2)
        #expect(st.taskStartTime == 1_700_000_000)
        #expect(st.taskDuration == 30)
        #expect(st.rewardMultiplier == 2)
        #expect(st.rewardDuration == 20)
        #expect(st.progress == nil)
        #expect(st.result == nil)
        let data = T.data(s)
        #expect(data["messageType"] as? Int == 0)
        #expect(data["progressTarget"] as? Int == Int(target))
        #expect(data["rewardMultiplier"] as? Int == 2)
        #expect(EventTextFormatter().body(for: s) == "battle task started, target \(target)")

        var update = RawProto()
        update.string(3, "pm_battle_task_progress")
        update.varint(2, UInt64(from))
        update.varint(1, 1)
        update.varint(1, UInt64(progress))
        var u = RawProto()
        u.bytes(4, update.bytes)
        u.varint(2, 1)
        let ue = try T.event("WebcastLinkmicBattleTaskMessage", u.bytes)
        guard case .battleTask(let up) = ue else {
            Issue.record("expected battleTask, got \(ue)")
            return
        }
        #expect(up.messageType == 1)
        // A repeated number: the last value wins.
        #expect(up.progress == progress)
        #expect(up.fromUserId == String(from))
        #expect(up.promptKey == "pm_battle_task_progress")
        #expect(T.data(ue)["fromUserId"] as? String == String(from))

        var settle = RawProto()
        settle.varint(2, 1_700_000_100)
        settle.varint(1, 2)
        var se = RawProto()
        se.bytes(5, settle.bytes)
        se.varint(2, 2)
        let sv = try T.event("WebcastLinkmicBattleTaskMessage", se.bytes)
        guard case .battleTask(let sd) = sv else {
            Issue.record("expected battleTask, got \(sv)")
            return
        }
        #expect(sd.result == 2)
        #expect(sd.rewardStartTime == 1_700_000_100)

        var prompt = RawProto()
        prompt.string(1, "pm_battle_reward_done")
        var rewardSettle = RawProto()
        rewardSettle.bytes(1, prompt.bytes)
        var re = RawProto()
        re.varint(2, 3)
        re.bytes(6, rewardSettle.bytes)
        let rv = try T.event("WebcastLinkmicBattleTaskMessage", re.bytes)
        guard case .battleTask(let rd) = rv else {
            Issue.record("expected battleTask, got \(rv)")
            return
        }
        // Status 0, succeeded, is there because the reward block is.
        #expect(rd.rewardStatus == 0)
        #expect(rd.promptKey == "pm_battle_reward_done")
        #expect(T.data(rv)["rewardStatus"] as? Int == 0)

        let cut = try T.event("WebcastLinkmicBattleTaskMessage", Array(raw.bytes.dropLast(3)))
        #expect(cut.name == "error")
    }

    @Test("linkMicMethod: the host's fan tickets (6) and the session's total (7)")
    func linkMicFanTickets() throws {
        var v = T.Values(seed: 43)
        let (tickets, total) = (v.small(), v.id())
        var raw = RawProto()
        raw.varint(7, 1)
        raw.varint(99, 4)
        raw.varint(6, UInt64(tickets))
        raw.varint(2, 3)
        raw.varint(7, UInt64(total))
        let event = try T.event("WebcastLinkMicMethod", raw.bytes)
        guard case .linkMicMethod(let e) = event else {
            Issue.record("expected linkMicMethod, got \(event)")
            return
        }
        #expect(e.fanTickets == tickets)
        #expect(e.totalFanTickets == total)
        #expect(e.extras["99"] == .int(4))
        #expect(e.extras["6"] == nil)
        let data = T.data(event)
        #expect(data["fanTickets"] as? Int == Int(tickets))
        #expect(data["totalFanTickets"] as? Int == Int(total))
    }
}

/// Pinned subscription cards, hourly ranking winners, moderation warnings, message probes and drops.
@Suite("Typed room notices, continued")
struct TypedMoreNoticeTests {
    typealias T = TypedDepthTests
    typealias N = TypedNoticeTests

    static func subPinText(_ content: String) -> [UInt8] {
        var text = RawProto()
        text.string(2, content)
        text.varint(1, 1)
        return text.bytes
    }

    @Test("subPin: the card pinned, its texts, goal and who pinned it")
    func subPin() throws {
        var v = T.Values(seed: 44)
        let (op, cardId, goalId, target, progress) = (v.id(), v.id(), v.id(), v.small(), v.small())
        let (title, desc) = (v.word(), v.word())
        var goal = RawProto()
        goal.varint(5, UInt64(progress))
        goal.bytes(3, Self.subPinText("\(progress) of \(target) subscribers"))
        goal.varint(4, UInt64(target))
        goal.varint(1, UInt64(goalId))
        var card = RawProto()
        card.string(9, "sslocal://subscribe")
        card.bytes(8, goal.bytes)
        card.varint(6, UInt64(cardId))
        card.varint(5, 2)
        card.bytes(4, N.image("https://p16.example/sub.png"))
        card.bytes(3, Self.subPinText(desc))
        card.bytes(2, Self.subPinText(title))
        card.varint(1, 300)
        var raw = RawProto()
        raw.varint(4, UInt64(op))
        raw.bytes(3, card.bytes)
        raw.varint(2, 1)
        raw.bytes(1, T.common("WebcastSubPinEventMessage", msgId: 61))
        let event = try T.event("WebcastSubPinEventMessage", raw.bytes)
        guard case .subPin(let e) = event else {
            Issue.record("expected subPin, got \(event)")
            return
        }
        #expect(e.action == 1)
        #expect(e.operatorUserId == String(op))
        #expect(e.cardId == String(cardId))
        #expect(e.cardType == 2)
        #expect(e.title == title)
        #expect(e.text == desc)
        #expect(e.imageUrl == "https://p16.example/sub.png")
        #expect(e.timeToLive == 300)
        #expect(e.schema == "sslocal://subscribe")
        #expect(e.goalId == String(goalId))
        #expect(e.goalText == "\(progress) of \(target) subscribers")
        #expect(e.goalTarget == target)
        #expect(e.goalProgress == progress)
        let data = T.data(event)
        #expect(data["operatorUserId"] as? String == String(op))
        #expect(data["goalProgress"] as? Int == Int(progress))
        #expect(data["title"] as? String == title)
        #expect(EventTextFormatter().body(for: event) == "pinned \(title)")
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: event)) == event)

        var cut = RawProto()
        cut.bytes(3, Array(card.bytes.dropLast(1)))
        #expect(try T.event("WebcastSubPinEventMessage", cut.bytes).name == "error")
    }

    @Test("hourlyRank: each winner with the notice announcing it; the older method keeps its body in extras")
    func hourlyRank() throws {
        var v = T.Values(seed: 45)
        let (sender, receiver, gift) = (v.word(), v.word(), v.word())
        let (notify, from) = RoomNoticeTests.notify(&v, sender: sender, receiver: receiver, gift: gift)
        let winners = (0..<2).map { _ in (v.id(), v.id()) }
        var raw = RawProto()
        for (user, asset) in winners {
            var border = RawProto()
            border.bytes(1, N.image("https://p16.example/border-\(user).png"))
            var winner = RawProto()
            winner.bytes(4, border.bytes)
            winner.bytes(3, notify)
            winner.varint(2, UInt64(asset))
            winner.varint(1, UInt64(user))
            raw.bytes(2, winner.bytes)
        }
        raw.bytes(1, T.common("WebcastHourlyRankRewardMessage", msgId: 62))
        let event = try T.event("WebcastHourlyRankRewardMessage", raw.bytes)
        guard case .hourlyRank(let e) = event else {
            Issue.record("expected hourlyRank, got \(event)")
            return
        }
        #expect(e.winners.map(\.userId) == winners.map { String($0.0) })
        #expect(e.winners.map(\.assetId) == winners.map { String($0.1) })
        #expect(e.winners.map(\.borderUrl) == winners.map { "https://p16.example/border-\($0.0).png" })
        for winner in e.winners { RoomNoticeTests.check(winner.notice, from: from, sender, receiver, gift) }
        let data = T.data(event)
        let list = try #require(data["winners"] as? [[String: Any]])
        #expect(list.map { $0["userId"] as? String } == winners.map { String($0.0) })
        #expect(
            (list.first?["notice"] as? [String: Any])?["text"] as? String == "\(sender) sent \(gift) to \(receiver)")

        var legacy = RawProto()
        var container = RawProto()
        container.varint(1, 9)
        legacy.bytes(2, container.bytes)
        legacy.varint(3, 2)
        legacy.bytes(1, T.common("WebcastHourlyRankMessage", msgId: 63))
        let old = try T.event("WebcastHourlyRankMessage", legacy.bytes)
        guard case .hourlyRank(let o) = old else {
            Issue.record("expected hourlyRank, got \(old)")
            return
        }
        #expect(o.msgId == "63")
        #expect(o.winners.isEmpty)
        #expect(o.extras["3"] == .int(2))
        #expect(o.extras["2"] == .object(["1": .int(9)]))

        let cut = try T.event("WebcastHourlyRankRewardMessage", Array(raw.bytes.dropLast(2)))
        #expect(cut.name == "error")
    }

    @Test("perception: the warning's dialog, toast and floating text, and the punishment it announces")
    func perception() throws {
        var v = T.Values(seed: 46)
        let (target, room) = (v.id(), v.id())
        let (punish, violator, _) = TypedNoticeTests.punishment(&v)
        var dialog = RawProto()
        dialog.varint(10, 15)
        dialog.string(6, "https://www.example/violation")
        dialog.bytes(3, N.text("Your LIVE may be {0:string}", pieces: [N.stringPiece("limited")]))
        dialog.bytes(2, N.text("Content warning", key: "pm_perception_title"))
        dialog.bytes(4, N.text("Learn more"))
        dialog.varint(8, UInt64(target))
        dialog.varint(9, UInt64(room))
        dialog.varint(7, 3)
        dialog.varint(1, 1)
        var raw = RawProto()
        raw.bytes(8, N.text("Be kind"))
        raw.varint(7, 2)
        raw.bytes(6, N.text("Warning sent"))
        raw.varint(5, 1)
        raw.varint(4, 1_700_000_500)
        raw.bytes(3, punish)
        raw.bytes(2, dialog.bytes)
        raw.bytes(1, T.common("WebcastPerceptionMessage", msgId: 64))
        let event = try T.event("WebcastPerceptionMessage", raw.bytes)
        guard case .perception(let e) = event else {
            Issue.record("expected perception, got \(event)")
            return
        }
        #expect(e.title == "Content warning")
        #expect(e.subtitle == "Your LIVE may be limited")
        #expect(e.actionText == "Learn more")
        #expect(e.detailUrl == "https://www.example/violation")
        #expect(e.iconType == 1)
        #expect(e.scene == 3)
        #expect(e.targetUserId == String(target))
        #expect(e.targetRoomId == String(room))
        #expect(e.countdown == 15)
        #expect(e.toast == "Warning sent")
        #expect(e.floatText == "Be kind")
        #expect(e.floatStyle == 2)
        #expect(e.showViolationWarning == true)
        #expect(e.endTime == 1_700_000_500)
        #expect(e.punishment?.violationUserId == String(violator))
        #expect(e.punishment?.reason == "spam")
        let data = T.data(event)
        #expect(data["subtitle"] as? String == "Your LIVE may be limited")
        #expect(data["showViolationWarning"] as? Bool == true)
        #expect((data["punishment"] as? [String: Any])?["punishId"] as? String == "punish-7")
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: event)) == event)

        let cut = try T.event("WebcastPerceptionMessage", Array(raw.bytes.dropLast(1)))
        #expect(cut.name == "error")
    }

    @Test("msgDetect and partnershipDropsUpdate")
    func probesAndDrops() throws {
        var v = T.Values(seed: 47)
        let (start, received, sent, host) = (v.id(), v.id(), v.id(), v.id())
        let (drops, task) = (v.word(), v.word())
        var times = RawProto()
        times.varint(3, UInt64(sent))
        times.varint(1, UInt64(start))
        times.varint(2, UInt64(received))
        var conditions = RawProto()
        conditions.varint(2, 1)
        var detect = RawProto()
        detect.string(6, "eu-west")
        detect.varint(5, 2)
        detect.bytes(4, times.bytes)
        detect.bytes(3, conditions.bytes)
        detect.varint(2, 4)
        let d = try T.event("WebcastMsgDetectMessage", detect.bytes)
        guard case .msgDetect(let de) = d else {
            Issue.record("expected msgDetect, got \(d)")
            return
        }
        #expect(de.detectType == 4)
        #expect(de.triggerBy == 2)
        #expect(de.fromRegion == "eu-west")
        #expect(de.clientStartMs == start)
        #expect(de.serverReceivedMs == received)
        #expect(de.serverSentMs == sent)
        // The trigger conditions are not modelled: extras.
        #expect(de.extras["3"] == .object(["2": .int(1)]))
        #expect(T.data(d)["serverReceivedMs"] as? Int == Int(received))

        var update = RawProto()
        update.varint(6, UInt64(host))
        update.string(5, "event-1")
        update.string(4, task)
        update.string(3, drops)
        update.varint(2, 2)
        update.bytes(1, T.common("WebcastPartnershipDropsUpdateMessage", msgId: 65))
        let p = try T.event("WebcastPartnershipDropsUpdateMessage", update.bytes)
        guard case .partnershipDropsUpdate(let pe) = p else {
            Issue.record("expected partnershipDropsUpdate, got \(p)")
            return
        }
        #expect(pe.changeMode == 2)
        #expect(pe.dropsId == drops)
        #expect(pe.taskId == task)
        #expect(pe.eventId == "event-1")
        #expect(pe.hostUserId == String(host))
        let data = T.data(p)
        #expect(data["dropsId"] as? String == drops)
        #expect(data["hostUserId"] as? String == String(host))
        #expect(EventTextFormatter().body(for: p) == "drops \(drops) closed")

        #expect(try T.event("WebcastMsgDetectMessage", Array(detect.bytes.dropLast(1))).name == "error")
        #expect(try T.event("WebcastPartnershipDropsUpdateMessage", Array(update.bytes.dropLast(1))).name == "error")
    }
}
