import TikTokLiveTesting

/// Makes a capture of frames shaped like a busy room's: batches of 1–10 messages, about 40% chat, 25% likes,
/// 15% joins, 10% gifts and 10% viewer counts, from a pool of users with full profiles (avatars in three sizes,
/// badges, counts), gzipped as the edge sends them. Seeded, so every run decodes the same bytes.
struct RoomTrafficGenerator {
    private var random: SeededRandom
    private let users: [FakeUser]
    private let roomId: Int64 = 7_435_000_000_000_000_001
    private var nextMsgId: Int64 = 7_435_100_000_000_000_000
    private var likeTotal: Int64 = 120_000
    private var viewers: Int64 = 2_400
    private var giftGroup: UInt64 = 1

    private static let comments = [
        "hello from Lisbon 👋", "this song 🔥🔥🔥", "¿de dónde eres?", "こんにちは！初見です", "主播好漂亮 ❤️",
        "안녕하세요 🙌", "أهلا وسهلا", "can you say hi to my mom?", "lol \"quoted\" and back\\slash",
        "Привет из Москвы", "first time here, love the vibe", "what camera is that?",
    ]
    private static let gifts: [(id: Int64, name: String, diamonds: Int32, streakable: Bool)] = [
        (5655, "Rose", 1, true), (5269, "TikTok", 1, true), (6064, "GG", 1, true), (5827, "Ice Cream Cone", 1, true),
        (6267, "Corgi", 299, false), (5879, "Doughnut", 30, true), (6369, "Lion", 29_999, false),
    ]

    init(seed: UInt64 = 0x7417_70C1_1E5E_EDED, userCount: Int = 3_000) {
        random = SeededRandom(seed: seed)
        users = (0..<userCount).map { index in
            let id = 6_900_000_000_000_000_000 + Int64(index) * 7_919
            return FakeUser(
                id: id, uniqueId: "viewer_\(index)",
                nickname: index % 7 == 0 ? "✨ Viewer \(index) ✨" : "Viewer \(index)",
                profile: .typical(for: id))
        }
    }

    /// `frameCount` gzipped frames; returns the frames and the number of messages they hold.
    mutating func frames(_ frameCount: Int) -> (frames: [[UInt8]], messages: Int) {
        var frames: [[UInt8]] = []
        frames.reserveCapacity(frameCount)
        var messages = 0
        for index in 0..<frameCount {
            let batchSize = Int(random.next() % 10) + 1
            let batch = (0..<batchSize).map { _ in message() }
            messages += batch.count
            frames.append(FakePushFrame.batch(batch, seqId: UInt64(index + 1), needAck: index % 4 == 0))
        }
        return (frames, messages)
    }

    private mutating func message() -> FakeMessage {
        nextMsgId += 1
        let user = users[Int(random.next() % UInt64(users.count))]
        let roll = random.next() % 100
        switch roll {
        case 0..<40:
            let text = Self.comments[Int(random.next() % UInt64(Self.comments.count))]
            return .chat(msgId: nextMsgId, roomId: roomId, user: user, text: text, language: "en")
        case 40..<65:
            let count = Int32(random.next() % 15) + 1
            likeTotal += Int64(count)
            return .like(msgId: nextMsgId, roomId: roomId, user: user, count: count, total: likeTotal)
        case 65..<80:
            viewers += 1
            return .join(msgId: nextMsgId, roomId: roomId, user: user, viewerCount: Int32(viewers))
        case 80..<90:
            let gift = Self.gifts[Int(random.next() % UInt64(Self.gifts.count))]
            giftGroup += 1
            let repeatCount = gift.streakable ? Int32(random.next() % 20) + 1 : 1
            return .gift(
                msgId: nextMsgId, roomId: roomId, user: user, giftId: gift.id, name: gift.name,
                diamonds: gift.diamonds, repeatCount: repeatCount, repeatEnd: random.next() % 3 == 0,
                groupId: giftGroup, streakable: gift.streakable)
        default:
            viewers += Int64(random.next() % 21) - 10
            return .viewers(msgId: nextMsgId, roomId: roomId, current: viewers, total: viewers * 9)
        }
    }
}
