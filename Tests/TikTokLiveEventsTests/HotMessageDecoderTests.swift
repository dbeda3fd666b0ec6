import Foundation
import SwiftProtobuf
import Testing
import TikTokLiveProto
import TikTokLiveTestSupport
import TikTokLiveTesting

@_spi(Benchmarks) @testable import TikTokLiveEvents

/// The fast path for busy methods must give exactly the events the generated decoder gives, on every message it
/// accepts, and hand back every message it was not written for.
@Suite("Hot message decoder")
struct HotMessageDecoderTests {
    typealias W = WireBuilder

    /// Both paths on one message: the fast one's event (nil when it declined) and the generated one's.
    static func bothPaths(_ method: String, _ payload: [UInt8], envelopeMsgId: Int64 = 99)
        -> (fast: LiveEvent?, generated: LiveEvent)
    {
        payload.withUnsafeBytes { bytes in
            let context = EventMapper.Context(
                method: method, envelopeMsgId: envelopeMsgId, receivedAt: 1_700_000_000_123, bytes: bytes)
            var generatedMapper = EventMapper()
            generatedMapper.usesFastPath = false
            let generated: LiveEvent
            do {
                generated = try generatedMapper.event(context)
            } catch {
                generated = .error(ErrorEvent(kind: .decode, message: "\(error)", method: method))
            }
            return (context.eventName.flatMap { HotMessageDecoder.event(context, name: $0) }, generated)
        }
    }

    /// The event the mapper gives, fast path included.
    static func mapped(_ method: String, _ payload: [UInt8]) throws -> LiveEvent {
        try payload.withUnsafeBytes { bytes in
            try EventMapper().event(
                EventMapper.Context(method: method, envelopeMsgId: 1, receivedAt: 1, bytes: bytes))
        }
    }

    @Test("random messages of the five busy methods decode to the generated decoder's events")
    func randomMessagesMatch() throws {
        var random = MessageRandomizer(seed: 6)
        var accepted: [String: Int] = [:]
        for _ in 0..<3_000 {
            let (method, payload) = random.message()
            let (fast, generated) = Self.bothPaths(method, payload)
            if case .error = generated {
                Issue.record("the generated decoder rejected a valid \(method)")
                continue
            }
            guard let fast else {
                // Only chat mention lists and emotes are left to the generated path.
                let chat = try Webcast_ChatMessage(serializedBytes: payload)
                #expect(
                    method == "WebcastChatMessage"
                        && (!chat.emotes.isEmpty || !chat.mentionUsers.isEmpty || !chat.mentionUserList.isEmpty)
                )
                continue
            }
            #expect(fast == generated, "\(method): \(payload)")
            accepted[method, default: 0] += 1
        }
        for method in MessageRandomizer.methods {
            #expect((accepted[method] ?? 0) > 300, "\(method) was accepted \(accepted[method] ?? 0) times")
        }
    }

    @Test("the sandbox room's messages and users with full profiles match, and none is declined")
    func sandboxMessagesMatch() throws {
        var messages: [FakeMessage] = []
        for step in SandboxRoom(seed: 11).script {
            if case .batch(let batch, _, _) = step { messages += batch }
        }
        for id in Int64(1)...Int64(50) {
            let user = FakeUser(
                id: 7_000_000 + id, uniqueId: "viewer\(id)", nickname: "Viewer \(id)",
                profile: FakeProfile.typical(for: 7_000_000 + id))
            messages += [
                .chat(msgId: id * 10, roomId: 1, user: user, text: "hello \(id)", language: "en"),
                .like(msgId: id * 10 + 1, roomId: 1, user: user, count: 5, total: 100 + id),
                .join(msgId: id * 10 + 2, roomId: 1, user: user, viewerCount: 40),
                .gift(
                    msgId: id * 10 + 3, roomId: 1, user: user, giftId: 5655, name: "Rose", diamonds: 1,
                    repeatCount: Int32(id % 7), repeatEnd: id % 2 == 0, groupId: UInt64(id), streakable: true),
            ]
        }
        var compared: [String: Int] = [:]
        for message in messages where MessageRandomizer.methods.contains(message.method) {
            let (fast, generated) = Self.bothPaths(message.method, message.payload, envelopeMsgId: message.msgId)
            #expect(fast != nil, "\(message.method) was declined")
            #expect(fast == generated)
            compared[message.method, default: 0] += 1
        }
        for method in MessageRandomizer.methods {
            #expect((compared[method] ?? 0) >= 10, "only \(compared[method] ?? 0) \(method)")
        }
    }

    @Test("fields the schema does not name, or names with another wire type, become the same extras")
    func unknownFieldsBecomeExtras() throws {
        var like = Webcast_LikeMessage()
        like.common = W.common("WebcastLikeMessage", msgId: 5)
        like.count = 3
        like.user = W.user(1, "ana")
        var bytes = W.bytes(like)
        // Field 40: a nested message the schema does not know; field 2 (count) sent as text; field 77: fixed64.
        bytes += [0xC2, 0x02, 0x04, 0x08, 0x2A, 0x10, 0x01]
        bytes += [0x12, 0x03] + Array("abc".utf8)
        bytes += [0xE9, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]
        let (fast, generated) = Self.bothPaths("WebcastLikeMessage", bytes)
        guard case .like(let event) = fast else {
            Issue.record("declined: \(String(describing: fast))")
            return
        }
        #expect(fast == generated)
        #expect(event.likeCount == 3)
        #expect(event.extras["40"] == .object(["1": .uint(42), "2": .uint(1)]))
        #expect(event.extras["2"] == .string("abc"))
        #expect(event.extras["77"] == .uint(0x0807_0605_0403_0201))
    }

    @Test("a user sent twice merges, as protobuf merges embedded messages")
    func repeatedUserMerges() throws {
        var first = Webcast_User()
        first.id = 7
        first.nickname = "First"
        first.followInfo.followStatus = 1
        var second = Webcast_User()
        second.nickname = "Second"
        second.displayID = "second"
        second.avatarThumb.urlList = ["https://p16.example/a.webp"]
        var chat = Webcast_ChatMessage()
        chat.content = "hi"
        var bytes = W.bytes(chat)
        for user in [first, second] {
            let body = W.bytes(user)
            bytes += [0x12] + varint(body.count) + body
        }
        var identity = Webcast_UserIdentity()
        identity.isModeratorOfAnchor = true
        let identityBytes = W.bytes(identity)
        bytes += [0x92, 0x01] + varint(identityBytes.count) + identityBytes
        let (fast, generated) = Self.bothPaths("WebcastChatMessage", bytes)
        guard case .chat(let event) = fast else {
            Issue.record("declined")
            return
        }
        #expect(fast == generated)
        #expect(event.user?.userId == "7")
        #expect(event.user?.nickname == "Second")
        #expect(event.user?.uniqueId == "second")
        #expect(event.user?.followRole == 1)
        #expect(event.user?.isModerator == true)
        #expect(event.user?.profilePictureUrl == "https://p16.example/a.webp")
    }

    @Test("a thumb without a URL falls back to the medium picture, then the large one; a broken one is no picture")
    func avatarFallback() throws {
        func avatar(medium: [UInt8], large: [UInt8]) -> String? {
            var user = Webcast_User()
            user.id = 1
            user.avatarThumb.uri = "no-urls"
            user.avatarMedium = Data(medium)
            user.avatarLarge = Data(large)
            var like = Webcast_LikeMessage()
            like.user = user
            let (fast, generated) = Self.bothPaths("WebcastLikeMessage", W.bytes(like))
            #expect(fast != nil)
            #expect(fast == generated)
            guard case .like(let event) = fast else { return nil }
            return event.user?.profilePictureUrl
        }
        var medium = Webcast_Image()
        medium.urlList = ["https://p16.example/720.webp"]
        var large = Webcast_Image()
        large.urlList = ["https://p16.example/1080.webp"]
        #expect(avatar(medium: W.bytes(medium), large: W.bytes(large)) == "https://p16.example/720.webp")
        #expect(avatar(medium: [], large: W.bytes(large)) == "https://p16.example/1080.webp")
        #expect(avatar(medium: [0x0A, 0x50], large: W.bytes(large)) == "https://p16.example/1080.webp")
        #expect(avatar(medium: [], large: []) == nil)
    }

    @Test("what the fast path was not written for goes to the generated decoder, which says what is wrong")
    func declinedMessages() throws {
        var chat = Webcast_ChatMessage()
        chat.common = W.common("WebcastChatMessage", msgId: 8)
        chat.user = W.user(1, "ana")
        chat.content = "hello"
        let valid = W.bytes(chat)

        // Truncated: neither path decodes it; the mapper turns it into an error event, not a crash.
        let truncated = Array(valid.dropLast(3))
        #expect(Self.bothPaths("WebcastChatMessage", truncated).fast == nil)
        var decoder = FrameDecoder()
        let frame = FakePushFrame.batch(
            [FakeMessage(method: "WebcastChatMessage", payload: truncated, msgId: 8)], seqId: 1)
        let events = try decoder.decode(frame).events
        guard case .error(let error) = events.first else {
            Issue.record("expected an error event, got \(events)")
            return
        }
        #expect(error.kind == .decode)

        // Content that is not UTF-8: declined, and the generated decoder reports it.
        var badText = Webcast_ChatMessage()
        badText.common = chat.common
        var bytes = W.bytes(badText)
        bytes += [0x1A, 0x02, 0xC3, 0x28]
        let (fast, generated) = Self.bothPaths("WebcastChatMessage", bytes)
        #expect(fast == nil)
        guard case .error = generated else {
            Issue.record("invalid UTF-8 was accepted: \(generated)")
            return
        }

        // A reply's one named user: read by the fast path as the generated one reads it, the mention list.
        chat.atUser = W.user(2, "bo")
        let replied = Self.bothPaths("WebcastChatMessage", W.bytes(chat))
        #expect(replied.fast != nil)
        #expect(replied.fast == replied.generated)
        guard case .chat(let mentioned) = try Self.mapped("WebcastChatMessage", W.bytes(chat)) else {
            Issue.record("not a chat")
            return
        }
        #expect(mentioned.mentions?.map(\.uniqueId) == ["bo"])

        // A mention list: declined, and decoded by the generated path with the mention.
        chat.mentionUserList = [3]
        #expect(Self.bothPaths("WebcastChatMessage", W.bytes(chat)).fast == nil)
        guard case .chat(let listed) = try Self.mapped("WebcastChatMessage", W.bytes(chat)) else {
            Issue.record("not a chat")
            return
        }
        #expect(listed.mentions?.map(\.userId) == ["2", "3"])

        // A method it does not read at all.
        #expect(Self.bothPaths("WebcastSocialMessage", W.bytes(Webcast_SocialMessage())).fast == nil)
    }

    @Test("the benchmark's report counts, per busy method, the messages the fast path left to the generated decoder")
    func fastPathReportCountsFallbacks() {
        var chat = Webcast_ChatMessage()
        chat.content = "hi"
        var withEmote = chat
        var emote = Webcast_ChatEmote()
        emote.index = 1
        withEmote.emotes = [emote]
        var like = Webcast_LikeMessage()
        like.count = 2
        let frame = W.frame([
            W.inner("WebcastChatMessage", chat), W.inner("WebcastChatMessage", withEmote),
            W.inner("WebcastLikeMessage", like), W.inner("WebcastSocialMessage", Webcast_SocialMessage()),
        ])
        var report = FastPathReport()
        report.add(frame: frame)
        report.add(frame: [0xff, 0x00])  // not a frame: nothing to count
        #expect(
            report.methods == [
                "WebcastChatMessage": .init(messages: 2, fallbacks: 1),
                "WebcastLikeMessage": .init(messages: 1, fallbacks: 0),
            ])
    }

    @Test("damaged messages never crash and, where both paths decode them, give the same event")
    func damagedMessages() throws {
        var random = MessageRandomizer(seed: 61)
        var bothDecoded = 0
        for round in 0..<6_000 {
            let (method, original) = random.message()
            var payload = original
            switch round % 3 {
            case 0: payload = Array(payload.prefix(random.int(in: 0...payload.count)))
            case 1:
                for _ in 0..<random.int(in: 1...4) where !payload.isEmpty {
                    payload[random.int(in: 0...(payload.count - 1))] = UInt8(random.int(in: 0...255))
                }
            default:
                let at = random.int(in: 0...payload.count)
                payload.insert(
                    contentsOf: (0..<random.int(in: 1...6)).map { _ in UInt8(random.int(in: 0...255)) }, at: at)
            }
            let (fast, generated) = Self.bothPaths(method, payload)
            if let fast, case .error = generated {
                // Allowed: damage in a field no event reads (bad text there costs the generated path the message).
                _ = fast
                continue
            }
            if let fast {
                #expect(fast == generated, "\(method) round \(round)")
                bothDecoded += 1
            }
        }
        #expect(bothDecoded > 300)
    }

}

func varint(_ value: Int) -> [UInt8] {
    var value = UInt64(value)
    var bytes: [UInt8] = []
    while value >= 0x80 {
        bytes.append(UInt8(value & 0x7f) | 0x80)
        value >>= 7
    }
    return bytes + [UInt8(value)]
}

/// Random messages of the busy methods, with every field the events read set or left out at random, and
/// fields the schema does not name mixed in.
struct MessageRandomizer {
    static let methods = [
        "WebcastChatMessage", "WebcastLikeMessage", "WebcastMemberMessage", "WebcastGiftMessage",
        "WebcastRoomUserSeqMessage",
    ]
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func int(in range: ClosedRange<Int>) -> Int { random.int(in: range) }

    mutating func chance(_ percent: Int) -> Bool { random.chance(percent) }

    mutating func number() -> Int64 {
        switch int(in: 0...4) {
        case 0: return 0
        case 1: return Int64(int(in: 1...5))
        case 2: return -Int64(int(in: 1...1000))
        case 3: return Int64(bitPattern: next())
        default: return Int64(int(in: 0...100_000))
        }
    }

    mutating func text() -> String {
        ["", "hi", "Grüße 👋", "用户", "a\"quote\\", "https://p16-sign.tiktokcdn.com/x~c5_100x100.webp", "5", "lv 12"][
            int(in: 0...7)]
    }

    mutating func image() -> Webcast_Image {
        var image = Webcast_Image()
        image.urlList = (0..<int(in: 0...2)).map { _ in text() }
        if chance(50) { image.uri = text() }
        if chance(30) { image.width = Int32(int(in: 0...1080)) }
        return image
    }

    mutating func user() -> Webcast_User {
        var user = Webcast_User()
        if chance(80) { user.id = number() }
        if chance(60) { user.idStr = text() }
        if chance(80) { user.nickname = text() }
        if chance(80) { user.displayID = text() }
        if chance(50) { user.secUid = text() }
        if chance(40) { user.bioDescription = text() }
        if chance(70) { user.avatarThumb = image() }
        if chance(50) { user.avatarMedium = (try? image().serializedData()) ?? Data() }
        if chance(50) { user.avatarLarge = (try? image().serializedData()) ?? Data() }
        if chance(40) { user.followInfo.followStatus = number() }
        if chance(20) { user.followInfo.followerCount = number() }
        if chance(30) { user.followStatus = number() }
        if chance(40) { user.payGrade.level = Int32(truncatingIfNeeded: number()) }
        if chance(30) { user.fansClub.data.level = Int32(truncatingIfNeeded: number()) }
        if chance(30) { user.fansClubInfo.fansLevel = number() }
        if chance(20) { user.userAttr.isAdmin = chance(50) }
        if chance(20) { user.userAttr.isSuperAdmin = chance(50) }
        if chance(20) { user.isSubscribe = chance(50) }
        if chance(20) { user.subscribeInfo.isSubscribe = chance(50) }
        if chance(20) { user.subscribeInfo.isSubscribedToAnchor = chance(50) }
        if chance(20) { user.verified = true }
        user.badgeList = (0..<int(in: 0...3)).map { _ in badge() }
        return user
    }

    mutating func badge() -> Webcast_BadgeStruct {
        var badge = Webcast_BadgeStruct()
        badge.displayType = Int32(int(in: 0...4))
        badge.sceneType = Int32([1, 4, 6, 8, 10, 0][int(in: 0...5)])
        if chance(70) { badge.privilegeLogExtra.level = text() }
        if chance(40) { badge.image.image = image() }
        if chance(40) { badge.text.defaultPattern = text() }
        if chance(30) { badge.str.str = text() }
        if chance(30) { badge.combine.icon = image() }
        if chance(30) { badge.combine.text.defaultPattern = text() }
        return badge
    }

    mutating func identity() -> Webcast_UserIdentity {
        var identity = Webcast_UserIdentity()
        identity.isSubscriberOfAnchor = chance(30)
        identity.isMutualFollowingWithAnchor = chance(30)
        identity.isFollowerOfAnchor = chance(30)
        identity.isModeratorOfAnchor = chance(30)
        return identity
    }

    mutating func common(_ method: String) -> Webcast_CommonMessageData {
        var common = Webcast_CommonMessageData()
        common.method = method
        if chance(90) { common.msgID = number() }
        if chance(90) { common.roomID = number() }
        if chance(80) { common.createTime = number() }
        if chance(30) { common.describe = text() }
        return common
    }

    /// Bytes of fields no schema here names (numbers 100-120 and 2000), of every wire type.
    mutating func unknownFields() -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<int(in: 0...2) {
            let number = chance(80) ? int(in: 100...120) : 2000
            switch int(in: 0...3) {
            case 0: bytes += varint(number << 3) + varint(int(in: 0...300))
            case 1: bytes += varint(number << 3 | 1) + (0..<8).map { _ in UInt8(int(in: 0...255)) }
            case 2:
                let body = Array(text().utf8)
                bytes += varint(number << 3 | 2) + varint(body.count) + body
            default: bytes += varint(number << 3 | 5) + (0..<4).map { _ in UInt8(int(in: 0...255)) }
            }
        }
        return bytes
    }

    mutating func message() -> (String, [UInt8]) {
        let method = Self.methods[int(in: 0...4)]
        var bytes: [UInt8]
        switch method {
        case "WebcastChatMessage":
            var m = Webcast_ChatMessage()
            if chance(95) { m.common = common(method) }
            if chance(90) { m.user = user() }
            m.content = text()
            if chance(30) { m.contentLanguage = text() }
            if chance(10) { m.visibleToSender = true }
            if chance(40) { m.userIdentity = identity() }
            if chance(5) { m.atUser = user() }
            if chance(5) { m.mentionUserList = [number()] }
            bytes = try! m.serializedBytes()
        case "WebcastLikeMessage":
            var m = Webcast_LikeMessage()
            if chance(95) { m.common = common(method) }
            if chance(90) { m.user = user() }
            m.count = Int32(truncatingIfNeeded: number())
            m.total = number()
            bytes = try! m.serializedBytes()
        case "WebcastMemberMessage":
            var m = Webcast_MemberMessage()
            if chance(95) { m.common = common(method) }
            if chance(90) { m.user = user() }
            if chance(20) { m.operator = user() }
            m.memberCount = Int32(truncatingIfNeeded: number())
            m.action = Int32([0, 1, 1, 2, 3, 5, 7][int(in: 0...6)])
            if chance(30) { m.enterType = Int32(int(in: 0...5)) }
            if chance(30) { m.actionDescription = text() }
            bytes = try! m.serializedBytes()
        case "WebcastGiftMessage":
            var m = Webcast_GiftMessage()
            if chance(95) { m.common = common(method) }
            if chance(90) { m.user = user() }
            if chance(20) { m.toUser = user() }
            if chance(70) { m.giftID = number() }
            m.repeatCount = Int32(truncatingIfNeeded: number())
            m.repeatEnd = Int32(int(in: 0...1))
            if chance(50) { m.comboCount = Int32(int(in: 0...100)) }
            if chance(50) { m.groupCount = Int32(int(in: 0...10)) }
            m.groupID = next()
            if chance(30) { m.fanTicketCount = number() }
            if chance(30) { m.logID = text() }
            if chance(30) { m.sendType = number() }
            if chance(30) { m.isFirstSent = true }
            if chance(40) { m.userIdentity = identity() }
            if chance(20) { m.toMemberNickname = text() }
            if chance(90) {
                m.gift.id = number()
                m.gift.type = Int32(int(in: 0...2))
                m.gift.diamondCount = Int32(truncatingIfNeeded: number())
                m.gift.name = text()
                if chance(50) { m.gift.describe = text() }
                if chance(70) { m.gift.image = image() }
                if chance(50) { m.gift.icon = image() }
                if chance(30) { m.gift.duration = 1000 }
            }
            bytes = try! m.serializedBytes()
        default:
            var m = Webcast_RoomUserSeqMessage()
            if chance(95) { m.common = common(method) }
            m.total = number()
            m.totalUser = number()
            if chance(50) { m.popularity = number() }
            if chance(50) { m.anonymous = number() }
            m.ranks = (0..<int(in: 0...4)).map { _ in
                var entry = Webcast_RoomUserSeqContributor()
                entry.score = number()
                entry.rank = Int64(int(in: 0...5))
                if chance(90) { entry.user = user() }
                return entry
            }
            bytes = try! m.serializedBytes()
        }
        return (method, bytes + unknownFields())
    }
}
