internal import SwiftProtobuf
internal import TikTokLiveProto

/// A simulated TikTok LIVE room for the fake edge: a busy, endless, multilingual room to develop and demo bots
/// against without TikTok.
///
/// One pass of its script lasts about 90 seconds at ``init(uniqueId:seed:speed:ending:)``'s default speed, a
/// few events per second: chat in eleven languages (with emoji), gift streaks (Rose, Heart Me, Finger Heart,
/// GG: a growing running total, then the end message) and big gifts (Lion, Universe), like bursts with a rising
/// room total (one of them from a lagging shard, lower than the last), joins, follows, shares, viewer counts,
/// live captions of the host, a PK battle with live scores, a spam comment a moderator deletes, a streak whose
/// end message never arrives, and a method nobody has catalogued yet.
///
/// The script is generated from `seed`, so the same seed gives the same room, byte for byte; ``summary`` says
/// what one pass contains, so tests can check what a bot made of it:
///
/// ```swift
/// let sandbox = SandboxRoom(speed: 20, ending: .streamEnd)
/// let edge = try await FakeTikTokEdge.start(rooms: [sandbox.room])
/// // run a bot against edge.webURL / edge.wsURL, then compare its totals with sandbox.summary
/// ```
public struct SandboxRoom: Sendable {
    /// What happens after the last step of a pass.
    public enum Ending: Sendable, Hashable {
        /// Starts over, forever, with fresh message and streak ids on every pass (the `sandbox` and `demo`
        /// commands).
        case loop
        /// One pass, then the host ends the stream (`WebcastControlMessage`, action 3), so a client's `run()`
        /// returns.
        case streamEnd
        /// One pass, then the socket stays open and quiet.
        case idle
    }

    /// The host's handle when none is given; not a subcommand name, so `tiktok-live-events sandbox_creator`
    /// watches it.
    public static let defaultUniqueId = "sandbox_creator"
    public static let roomId: Int64 = 7_431_000_000_000_000_001
    public static let hostUserId: Int64 = 7_100_000_000_000_000_001

    public let uniqueId: String
    public let host: FakeUser
    /// The other host in the PK battle.
    public let rival: FakeUser
    public let ending: Ending
    /// One pass; after it comes the stream end for ``Ending/streamEnd``.
    public let script: [FakeScriptStep]
    /// What one pass of ``script`` contains.
    public let summary: Summary

    /// - Parameters:
    ///   - seed: picks who says and sends what; the same seed gives the same script.
    ///   - speed: divides every pause (2 plays twice as fast); tests use 20–50 for a pass in a few seconds.
    public init(uniqueId: String = defaultUniqueId, seed: UInt64 = 1, speed: Double = 1, ending: Ending = .loop) {
        self.uniqueId = uniqueId
        self.ending = ending
        let host = FakeUser(id: Self.hostUserId, uniqueId: uniqueId, nickname: "Sandbox Creator")
        let rival = FakeUser(id: Self.hostUserId + 1, uniqueId: "rival_host", nickname: "Rival Host")
        var generator = SandboxGenerator(seed: seed, speed: speed, host: host, rival: rival)
        generator.generate()
        if ending == .streamEnd {
            generator.steps.append(.batch([.control(msgId: generator.takeId(), roomId: Self.roomId, action: 3)]))
        }
        self.host = host
        self.rival = rival
        self.script = generator.steps
        self.summary = generator.summary
    }

    /// The room to give ``FakeTikTokEdge/start(host:port:rooms:faults:)``: live, stamped with the send time.
    public var room: FakeRoom {
        var room = FakeRoom(
            uniqueId: uniqueId, roomId: Self.roomId, hostUserId: host.id, nickname: host.nickname, status: .live,
            script: script, loopScript: ending == .loop)
        room.stampsMessagesWhenSent = true
        room.title = "Sandbox LIVE: chat, gifts and a PK battle"
        room.viewerCount = 180
        return room
    }

    /// The contents of one pass, keyed by the senders' `uniqueId`s.
    public struct Summary: Sendable, Hashable {
        /// Wire messages in a pass (the stream end excluded).
        public var messageCount = 0
        /// How long a pass takes at the room's speed, summed from its pauses.
        public var duration: Duration = .zero
        public var chatCount = 0
        /// The `content_language` of the comments: en, es, ja, pt, de, ar, ko, fr, tr, id, ...
        public var chatLanguages: Set<String> = []
        /// Diamonds per sender: per-unit diamonds × the streak's final count, summed over the sender's gifts.
        public var diamondsBySender: [String: Int] = [:]
        public var totalDiamonds: Int { diamondsBySender.values.reduce(0, +) }
        /// Gift messages (every message of a streak counts).
        public var giftMessageCount = 0
        /// Streaks whose end message is never sent (its last running total still counts in the diamonds).
        public var lostStreakEnds = 0
        /// Likes per user: the sum of their `likeCount`s.
        public var likesByUser: [String: Int] = [:]
        /// The highest room like total sent.
        public var likeTotal: Int64 = 0
        public var joins = 0
        public var follows = 0
        public var shares = 0
        /// Viewer count updates (`roomUserSeq`).
        public var viewerUpdates = 0
        /// The captions marked final, in order.
        public var finalCaptions: [String] = []
        /// Message ids a moderator deletes (each one a chat sent earlier in the same pass).
        public var deletedMsgIds: [Int64] = []
        /// The battle's final team score per host `uniqueId`.
        public var battleScores: [String: Int64] = [:]
        /// The battle's top supporter's nickname per host `uniqueId`.
        public var battleMVPs: [String: String] = [:]
        /// The `uniqueId` of the host who won the battle.
        public var battleWinner: String?
        /// Methods outside the event catalog (`unknown` events).
        public var unknownMethods: [String] = []
        /// The event names a client shows for one pass.
        public var eventNames: Set<String> = []
    }
}

extension FakeRoom {
    /// An endless simulated room (see ``SandboxRoom``): what `tiktok-live-events sandbox` serves.
    public static func sandbox(uniqueId: String = SandboxRoom.defaultUniqueId, seed: UInt64 = 1) -> FakeRoom {
        SandboxRoom(uniqueId: uniqueId, seed: seed).room
    }
}

// MARK: - Generator

/// Builds one pass of the sandbox script, beat by beat: each beat is one batch of messages and a pause.
struct SandboxGenerator {
    struct Viewer {
        var user: FakeUser
        var language: String
    }

    struct Gift {
        var id: Int64
        var name: String
        var diamonds: Int32
    }

    struct Streak {
        var sender: FakeUser
        var gift: Gift
        var groupId: UInt64
        var count: Int32
        var stepsLeft: Int
        var losesEnd: Bool
    }

    struct Battle {
        var id: Int64
        var startedAtMs: Int64
        var home: [FakeBattleArmy.Supporter]
        var away: [FakeBattleArmy.Supporter]
    }

    static let beats = 200
    /// `create_time` of the first message when not re-stamped on send (2026-01-01T00:00:00Z), so bytes are stable.
    static let epochMs: Int64 = 1_767_225_600_000
    static let firstMsgId: Int64 = 7_431_100_000_000_000_001
    static let firstGroupId: UInt64 = 7_431_200_000_000_000_001

    static let streakGifts = [
        Gift(id: 5655, name: "Rose", diamonds: 1), Gift(id: 5655, name: "Rose", diamonds: 1),
        Gift(id: 7934, name: "Heart Me", diamonds: 1), Gift(id: 5487, name: "Finger Heart", diamonds: 5),
        Gift(id: 6064, name: "GG", diamonds: 1),
    ]
    static let lion = Gift(id: 6369, name: "Lion", diamonds: 29_999)
    static let universe = Gift(id: 7312, name: "TikTok Universe", diamonds: 34_999)

    static let viewers: [Viewer] = {
        let people: [(String, String, String)] = [
            ("ann_en", "Ann ✨", "en"), ("maria.es", "María", "es"), ("yuki_jp", "ゆき", "ja"),
            ("joao.pt", "João", "pt"), ("lena_de", "Lena", "de"), ("omar.ar", "عمر", "ar"),
            ("minji_kr", "민지", "ko"), ("pierre.fr", "Pierre", "fr"), ("ayse.tr", "Ayşe", "tr"),
            ("budi.id", "Budi", "id"), ("tom_uk", "Tom", "en"), ("sofia.mx", "Sofía", "es"),
            ("kenji.77", "Kenji", "ja"), ("carla.br", "Carla", "pt"), ("jonas_de", "Jonas", "de"),
            ("seo.yeon", "서연", "ko"),
        ]
        return people.enumerated().map { index, person in
            Viewer(
                user: FakeUser(id: 7_100_000_000_000_000_101 + Int64(index), uniqueId: person.0, nickname: person.1),
                language: person.2)
        }
    }()

    static let rivalFans: [FakeUser] = (1...3).map { index in
        FakeUser(
            id: 7_100_000_000_000_000_201 + Int64(index), uniqueId: "rival_fan_\(index)", nickname: "Rival Fan \(index)"
        )
    }

    static let spammer = FakeUser(id: 7_100_000_000_000_000_299, uniqueId: "free_coins_4u", nickname: "FREE COINS")

    static let lines: [String: [String]] = [
        "en": [
            "hi everyone 👋", "this stream is so chill 😌", "where are you streaming from?", "LET'S GOOO 🔥🔥",
            "love the vibes ❤️", "first time here, hello!", "gg 🏆",
        ],
        "es": ["¡Hola desde México! 🇲🇽", "qué buen directo 😍", "saludos a todos 🙌", "¡vamos! 🔥"],
        "ja": ["こんばんは〜 🌙", "かわいい！😍", "日本から見てます 🇯🇵", "がんばって！💪"],
        "pt": ["oi gente, tudo bem? 😊", "salve do Brasil 🇧🇷", "que live top 🔥", "manda um beijo pra mim 😘"],
        "de": ["Hallo aus Berlin 👋", "richtig cooler Stream 😎", "Guten Abend zusammen!", "weiter so 💪"],
        "ar": ["مرحبا بالجميع 👋", "بث رائع 🔥", "تحياتي من مصر 🇪🇬", "أحسنت ❤️"],
        "ko": ["안녕하세요 👋", "너무 재밌어요 😆", "한국에서 보고 있어요 🇰🇷", "화이팅! 💪"],
        "fr": ["coucou tout le monde 👋", "trop bien ce live 😍", "bonsoir de Paris 🇫🇷"],
        "tr": ["selam herkese 👋", "harika yayın 🔥", "Türkiye'den selamlar 🇹🇷"],
        "id": ["halo semua 👋", "seru banget 😆", "salam dari Jakarta 🇮🇩"],
    ]

    /// The beats at which the host starts each sentence of ``speech``.
    static let captionBeats = [3, 45, 88, 132, 176]
    /// What the host says, one sentence per caption scene.
    static let speech = [
        "Welcome to the sandbox stream, everyone!",
        "Thank you so much for the roses 🌹",
        "We're starting a PK battle now, send your support!",
        "That was so close, good game to our rival.",
        "Don't forget to follow for the next stream.",
    ]

    let roomId = SandboxRoom.roomId
    let host: FakeUser
    let rival: FakeUser
    let speed: Double
    var random: SeededRandom
    var steps: [FakeScriptStep] = []
    var summary = SandboxRoom.Summary()

    private var nextMsgId = firstMsgId
    private var nextGroupId = firstGroupId
    private var clockMs: Int64 = 0
    private var batch: [FakeMessage] = []
    private var streaks: [Streak] = []
    private var battle: Battle?
    private var likeTotal: Int64 = 12_480
    private var viewerCount: Int64 = 180
    private var totalViewers: Int64 = 2_400
    private var spamMsgId: Int64?

    init(seed: UInt64, speed: Double, host: FakeUser, rival: FakeUser) {
        self.random = SeededRandom(seed: seed)
        self.speed = speed > 0 ? speed : 1
        self.host = host
        self.rival = rival
    }

    mutating func takeId() -> Int64 {
        defer { nextMsgId += 1 }
        return nextMsgId
    }

    mutating func generate() {
        for beat in 0..<Self.beats {
            scene(at: beat)
            advanceStreaks(forceEnd: false)
            if batch.count < 2 { filler() }
            endBeat(pauseMs: random.int(in: 250...650))
        }
        // Streaks still running end now, so a pass is complete on its own.
        while !streaks.isEmpty {
            advanceStreaks(forceEnd: true)
            endBeat(pauseMs: 300)
        }
    }

    // MARK: Scenes

    private mutating func scene(at beat: Int) {
        switch beat {
        case 0:
            viewerUpdate()
            join(random.pick(Self.viewers))
            chat(Self.viewers[0], "hi everyone 👋")
        case 1: startStreak(gift: Self.streakGifts[0], losesEnd: false)
        case 20:
            spamMsgId = takeId()
            add(
                .chat(
                    msgId: spamMsgId!, roomId: roomId, user: Self.spammer,
                    text: "🎁 FREE COINS at totally-legit.example 🎁", language: "en"))
            summary.chatCount += 1
            summary.eventNames.insert("chat")
        case 23:
            if let spamMsgId {
                add(.imDelete(msgId: takeId(), roomId: roomId, deletedMsgIds: [spamMsgId]))
                summary.deletedMsgIds.append(spamMsgId)
                summary.eventNames.insert("imDelete")
            }
        case 40: startBattle()
        case 44...104 where beat % 5 == 4: battleScores()
        case 108: endBattle()
        case 60: bigGift(Self.lion)
        case 75, 170: unknownMethod()
        case 118: startStreak(gift: Self.streakGifts[2], losesEnd: true)
        case 140: likeBurst(random.pick(Self.viewers), laggingShard: true)
        case 150: bigGift(Self.universe)
        default: break
        }
        // A sentence of the host's, over three beats: a third, two thirds, then the final caption.
        for (sentence, start) in Self.captionBeats.enumerated() where (start...start + 2).contains(beat) {
            caption(Self.speech[sentence], part: beat - start, sentenceId: Int64(sentence + 1))
        }
        if beat % 10 == 5 { viewerUpdate() }
    }

    private mutating func filler() {
        let roll = random.int(in: 1...100)
        let viewer = random.pick(Self.viewers)
        switch roll {
        case 1...45: chat(viewer, random.pick(Self.lines[viewer.language] ?? Self.lines["en"]!))
        case 46...65: likeBurst(viewer, laggingShard: false)
        case 66...79: join(viewer)
        case 80...86:
            add(.follow(msgId: takeId(), roomId: roomId, user: viewer.user))
            summary.follows += 1
            summary.eventNames.insert("follow")
        case 87...91:
            add(.share(msgId: takeId(), roomId: roomId, user: viewer.user))
            summary.shares += 1
            summary.eventNames.insert("share")
        default:
            if streaks.count < 3 {
                startStreak(gift: random.pick(Self.streakGifts), losesEnd: false)
            } else {
                chat(viewer, random.pick(Self.lines[viewer.language] ?? Self.lines["en"]!))
            }
        }
    }

    private mutating func chat(_ viewer: Viewer, _ text: String) {
        add(.chat(msgId: takeId(), roomId: roomId, user: viewer.user, text: text, language: viewer.language))
        summary.chatCount += 1
        summary.chatLanguages.insert(viewer.language)
        summary.eventNames.insert("chat")
    }

    private mutating func join(_ viewer: Viewer) {
        viewerCount += 1
        totalViewers += 1
        add(.join(msgId: takeId(), roomId: roomId, user: viewer.user, viewerCount: Int32(viewerCount)))
        summary.joins += 1
        summary.eventNames.insert("join")
    }

    private mutating func viewerUpdate() {
        viewerCount = max(40, viewerCount + Int64(random.int(in: -6...14)))
        totalViewers += Int64(random.int(in: 3...20))
        add(.viewers(msgId: takeId(), roomId: roomId, current: viewerCount, total: totalViewers))
        summary.viewerUpdates += 1
        summary.eventNames.insert("roomUserSeq")
    }

    /// One to three like messages from one viewer; a lagging shard reports a room total below the last one.
    private mutating func likeBurst(_ viewer: Viewer, laggingShard: Bool) {
        for index in 0..<random.int(in: 1...3) {
            let count = random.int(in: 1...15)
            likeTotal += Int64(count)
            summary.likeTotal = max(summary.likeTotal, likeTotal)
            let reported = laggingShard && index == 0 ? likeTotal - 37 : likeTotal
            add(.like(msgId: takeId(), roomId: roomId, user: viewer.user, count: Int32(count), total: reported))
            summary.likesByUser[viewer.user.uniqueId, default: 0] += count
        }
        summary.eventNames.insert("like")
    }

    // MARK: Gifts

    private mutating func startStreak(gift: Gift, losesEnd: Bool) {
        let sender = random.pick(Self.viewers).user
        var streak = Streak(
            sender: sender, gift: gift, groupId: nextGroupId, count: 0, stepsLeft: random.int(in: 2...5),
            losesEnd: losesEnd)
        nextGroupId += 1
        streak.count = Int32(random.int(in: 1...3))
        sendGift(streak, end: false)
        streaks.append(streak)
    }

    /// Each running streak grows, or ends once it has no steps left (`forceEnd` ends them all now).
    private mutating func advanceStreaks(forceEnd: Bool) {
        var running: [Streak] = []
        for var streak in streaks {
            if !forceEnd && (streak.stepsLeft > 0 || !random.chance(60)) {
                if streak.stepsLeft > 0 && random.chance(55) {
                    streak.count += Int32(random.int(in: 1...4))
                    streak.stepsLeft -= 1
                    sendGift(streak, end: false)
                }
                running.append(streak)
                continue
            }
            if streak.losesEnd {
                summary.lostStreakEnds += 1
            } else {
                sendGift(streak, end: true)
            }
            summary.diamondsBySender[streak.sender.uniqueId, default: 0] +=
                Int(streak.count) * Int(streak.gift.diamonds)
        }
        streaks = running
    }

    private mutating func sendGift(_ streak: Streak, end: Bool) {
        add(
            .gift(
                msgId: takeId(), roomId: roomId, user: streak.sender, giftId: streak.gift.id, name: streak.gift.name,
                diamonds: streak.gift.diamonds, repeatCount: streak.count, repeatEnd: end, groupId: streak.groupId,
                streakable: true))
        summary.giftMessageCount += 1
        summary.eventNames.insert("gift")
    }

    private mutating func bigGift(_ gift: Gift) {
        let sender = random.pick(Self.viewers).user
        add(
            .gift(
                msgId: takeId(), roomId: roomId, user: sender, giftId: gift.id, name: gift.name,
                diamonds: gift.diamonds,
                repeatCount: 1, repeatEnd: true, groupId: 0, streakable: false))
        summary.giftMessageCount += 1
        summary.diamondsBySender[sender.uniqueId, default: 0] += Int(gift.diamonds)
        summary.eventNames.insert("gift")
    }

    // MARK: Captions

    /// Part 0 and 1 of a sentence are partial captions (a third, two thirds of its words); part 2 is final.
    private mutating func caption(_ sentence: String, part: Int, sentenceId: Int64) {
        let words = sentence.split(separator: " ")
        let isFinal = part == 2
        let text = isFinal ? sentence : words.prefix(max(1, words.count * (part + 1) / 3)).joined(separator: " ")
        add(
            .caption(
                msgId: takeId(), roomId: roomId, text: text, language: "en", isFinal: isFinal,
                sentenceId: 7_431_300_000_000_000_000 + sentenceId, startedAtMs: Self.epochMs + clockMs,
                durationMs: 1_800))
        if isFinal { summary.finalCaptions.append(sentence) }
        summary.eventNames.insert("caption")
    }

    // MARK: Battle

    private mutating func startBattle() {
        let home = Array(Self.viewers.shuffledPrefix(4, using: &random)).map {
            FakeBattleArmy.Supporter(user: $0.user, score: 0)
        }
        let away = Self.rivalFans.map { FakeBattleArmy.Supporter(user: $0, score: 0) }
        let current = Battle(id: 7_431_400_000_000_000_001, startedAtMs: Self.epochMs + clockMs, home: home, away: away)
        battle = current
        add(
            .battle(
                msgId: takeId(), roomId: roomId, battleId: current.id, status: 1, action: 4, durationSeconds: 300,
                startedAtMs: current.startedAtMs, hosts: [host, rival]))
        summary.eventNames.insert("battle")
    }

    private mutating func battleScores() {
        guard var current = battle else { return }
        for _ in 0..<random.int(in: 1...2) {
            current.home[random.int(in: 0...(current.home.count - 1))].score += Int64(
                random.pick([1, 5, 10, 30, 99, 299]))
            current.away[random.int(in: 0...(current.away.count - 1))].score += Int64(random.pick([1, 5, 10, 30, 99]))
        }
        battle = current
        add(.battleArmies(msgId: takeId(), roomId: roomId, battleId: current.id, armies: armies(current)))
        summary.eventNames.insert("battleArmies")
    }

    private func armies(_ battle: Battle) -> [FakeBattleArmy] {
        [(host, battle.home), (rival, battle.away)].map { host, supporters in
            // Highest first, as TikTok lists them; ties keep their order.
            let ranked = supporters.enumerated().sorted {
                ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset)
            }
            return FakeBattleArmy(
                host: host, score: supporters.reduce(0) { $0 + $1.score }, supporters: ranked.map(\.element))
        }
    }

    private mutating func endBattle() {
        guard let current = battle else { return }
        let armies = armies(current)
        let (home, away) = (armies[0].score, armies[1].score)
        let outcomes: (FakeBattleResult.Outcome, FakeBattleResult.Outcome) =
            home == away ? (.draw, .draw) : home > away ? (.win, .lose) : (.lose, .win)
        add(
            .battle(
                msgId: takeId(), roomId: roomId, battleId: current.id, status: 2, action: 5, durationSeconds: 300,
                startedAtMs: current.startedAtMs, hosts: [host, rival],
                results: [
                    FakeBattleResult(host: host, outcome: outcomes.0, score: home),
                    FakeBattleResult(host: rival, outcome: outcomes.1, score: away),
                ]))
        for army in armies {
            summary.battleScores[army.host.uniqueId] = army.score
            summary.battleMVPs[army.host.uniqueId] = army.supporters.first?.user.nickname
        }
        summary.battleWinner = home == away ? nil : home > away ? host.uniqueId : rival.uniqueId
        battle = nil
    }

    // MARK: Other

    /// A method no client knows yet: a `CommonMessageData` and two fields nobody has named.
    private mutating func unknownMethod() {
        let method = "WebcastSandboxSurpriseMessage"
        let id = takeId()
        let common = FakeMessage.common(method, msgId: id, roomId: roomId)
        let commonBytes: [UInt8] = (try? common.serializedBytes()) ?? []
        let note = Array("a field from the future".utf8)
        var payload: [UInt8] = [0x0a]
        payload += Self.varint(UInt64(commonBytes.count)) + commonBytes
        payload += [0x12] + Self.varint(UInt64(note.count)) + note
        payload += [0x18, 42]
        add(FakeMessage(method: method, payload: payload, msgId: id))
        summary.unknownMethods.append(method)
        summary.eventNames.insert("unknown")
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// Adds a message to the current beat, with a stable `create_time` (the room re-stamps it when sent).
    private mutating func add(_ message: FakeMessage) {
        let createTime = Self.epochMs + clockMs
        let payload = MessageIdRewriter.withCommon(message.payload) { $0.createTime = createTime }
        batch.append(FakeMessage(method: message.method, payload: payload, msgId: message.msgId))
    }

    private mutating func endBeat(pauseMs: Int) {
        if !batch.isEmpty {
            steps.append(.batch(batch))
            summary.messageCount += batch.count
            batch = []
        }
        let scaled = max(1, Int((Double(pauseMs) / speed).rounded()))
        steps.append(.wait(milliseconds: scaled))
        summary.duration += .milliseconds(scaled)
        clockMs += Int64(pauseMs)
    }
}

extension Array {
    /// The first `count` elements of a seeded shuffle.
    fileprivate func shuffledPrefix(_ count: Int, using random: inout SeededRandom) -> ArraySlice<Element> {
        var copy = self
        for index in copy.indices.dropLast() {
            copy.swapAt(index, random.int(in: index...(copy.count - 1)))
        }
        return copy.prefix(count)
    }
}
