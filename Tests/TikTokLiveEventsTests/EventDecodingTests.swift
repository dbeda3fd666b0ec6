import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport

/// The fields a user reads, for each modelled event, from bytes built with our schema.
@Suite("Event decoding")
struct EventDecodingTests {
    typealias W = WireBuilder

    @Test func chat() throws {
        var m = Webcast_ChatMessage()
        m.common = W.common("WebcastChatMessage", msgId: 7_301_000_000_000_000_001)
        var user = W.user(6_800_000_000_000_000_001, "ann_1", "Ann")
        var attr = Webcast_UserAttr()
        attr.isAdmin = true
        user.userAttr = attr
        var follow = Webcast_FollowInfo()
        follow.followStatus = 2
        user.followInfo = follow
        var honor = Webcast_UserHonor()
        honor.level = 23
        user.payGrade = honor
        var badge = Webcast_BadgeStruct()
        badge.sceneType = 10
        badge.displayType = 1
        var extra = Webcast_BadgePrivilegeLogExtra()
        extra.level = "7"
        badge.privilegeLogExtra = extra
        user.badgeList = [badge]
        m.user = user
        m.content = "hello 👋 世界"
        m.contentLanguage = "en"
        var emote = Webcast_ChatEmote()
        emote.index = 6
        var info = Webcast_ChatEmoteInfo()
        info.emoteID = "em_1"
        var image = Webcast_Image()
        image.urlList = ["https://e.example/1.png"]
        info.image = image
        emote.emote = info
        m.emotes = [emote]
        m.mentionUsers = [W.user(11, "bob.b")]
        var identity = Webcast_UserIdentity()
        identity.isSubscriberOfAnchor = true
        m.userIdentity = identity

        guard case .chat(let e) = try W.event("WebcastChatMessage", m) else {
            Issue.record("not a chat")
            return
        }
        #expect(e.type == "chat")
        #expect(e.comment == "hello 👋 世界")
        #expect(e.language == "en")
        #expect(e.msgId == "7301000000000000001")
        let u = try #require(e.user)
        #expect(u.userId == "6800000000000000001")
        #expect(u.uniqueId == "ann_1")
        #expect(u.nickname == "Ann")
        #expect(u.profilePictureUrl == "https://p16.example/ann_1.webp")
        #expect(u.isModerator)
        #expect(u.isSubscriber)
        #expect(u.followRole == 2)
        #expect(u.payGrade == 23)
        #expect(u.teamMemberLevel == 7)
        #expect(e.emotes == [ChatPayload.Emote(emoteId: "em_1", imageUrl: "https://e.example/1.png", index: 6)])
        #expect(e.mentions?.map(\.uniqueId) == ["bob.b"])

        let data = W.json(.chat(e))["data"] as! [String: Any]
        #expect(data["comment"] as? String == "hello 👋 世界")
        #expect(data["msgId"] as? String == "7301000000000000001")
        let userJSON = data["user"] as! [String: Any]
        #expect(userJSON["userId"] as? String == "6800000000000000001")
        #expect(userJSON["uniqueId"] as? String == "ann_1")
        #expect(userJSON["followRole"] as? Int == 2)
    }

    @Test func gift() throws {
        var m = Webcast_GiftMessage()
        m.common = W.common("WebcastGiftMessage", msgId: 101)
        m.giftID = 5655
        m.repeatCount = 5
        m.repeatEnd = 1
        m.groupID = 1_764_000_000_123_456_789
        m.user = W.user(3, "cat_3")
        m.toUser = W.user(4, "guest_4")
        var gift = Webcast_Gift()
        gift.id = 5655
        gift.name = "Rose"
        gift.diamondCount = 1
        gift.type = 1
        var image = Webcast_Image()
        image.urlList = ["https://g.example/rose.png"]
        gift.image = image
        m.gift = gift

        guard case .gift(let e) = try W.event("WebcastGiftMessage", m) else {
            Issue.record("not a gift")
            return
        }
        #expect(e.giftId == 5655)
        #expect(e.giftName == "Rose")
        #expect(e.diamondCount == 1)
        #expect(e.repeatCount == 5)
        #expect(e.repeatEnd)
        #expect(e.giftType == 1)
        #expect(e.streakable)
        #expect(e.groupId == "1764000000123456789")
        #expect(e.giftPictureUrl == "https://g.example/rose.png")
        #expect(e.user?.uniqueId == "cat_3")
        #expect(e.toUser?.uniqueId == "guest_4")
        #expect(EventTextFormatter().line(for: .gift(e)) == "[gift]    cat_3 -> Rose x5 (to guest_4)")
    }

    @Test("a gift that cannot streak is final on arrival; a running streak is not")
    func giftStreakFlags() throws {
        var m = Webcast_GiftMessage()
        m.common = W.common("WebcastGiftMessage", msgId: 1)
        var gift = Webcast_Gift()
        gift.type = 2
        gift.name = "Lion"
        gift.diamondCount = 29_999
        m.gift = gift
        guard case .gift(let big) = try W.event("WebcastGiftMessage", m) else { return }
        #expect(!big.streakable)
        #expect(big.repeatEnd)
        #expect(big.repeatCount == 1)

        m.gift.type = 1
        m.repeatCount = 3
        m.repeatEnd = 0
        guard case .gift(let streak) = try W.event("WebcastGiftMessage", m) else { return }
        #expect(streak.streakable)
        #expect(!streak.repeatEnd)
        #expect(streak.repeatCount == 3)
    }

    @Test("like: this batch and the room total, which never goes backwards in our output")
    func likeTotalNeverDecreases() throws {
        func like(_ msgId: Int64, count: Int32, total: Int64) -> Webcast_InnerMessage {
            var m = Webcast_LikeMessage()
            m.common = W.common("WebcastLikeMessage", msgId: msgId)
            m.count = count
            m.total = total
            m.user = W.user(9, "liker")
            return W.inner("WebcastLikeMessage", m)
        }
        var decoder = FrameDecoder()
        let first = try decoder.decode(W.frame([like(1, count: 15, total: 1_000)])).events
        let second = try decoder.decode(W.frame([like(2, count: 3, total: 990), like(3, count: 2, total: 1_010)]))
            .events
        let totals = (first + second).compactMap { event -> Int64? in
            if case .like(let e) = event { return e.totalLikes }
            return nil
        }
        #expect(totals == [1_000, 1_000, 1_010])
        guard case .like(let e) = first[0] else { return }
        #expect(e.likeCount == 15)
        #expect(e.user?.uniqueId == "liker")
    }

    @Test("member action 1 is a join; other actions stay member")
    func memberAndJoin() throws {
        var m = Webcast_MemberMessage()
        m.common = W.common("WebcastMemberMessage", msgId: 5)
        m.user = W.user(8, "newbie")
        m.action = 1
        m.memberCount = 321
        let join = try W.event("WebcastMemberMessage", m)
        guard case .join(let e) = join else {
            Issue.record("expected join, got \(join.name)")
            return
        }
        #expect(e.viewerCount == 321)
        #expect(e.action == 1)
        #expect(join.names == ["join", "member"])
        #expect(EventTextFormatter().line(for: join) == "[join]    newbie joined")

        m.action = 3
        m.operator = W.user(1, "mod")
        let ban = try W.event("WebcastMemberMessage", m)
        guard case .member(let b) = ban else {
            Issue.record("expected member, got \(ban.name)")
            return
        }
        #expect(b.operator?.uniqueId == "mod")
    }

    @Test(
        "follow and share: the display key decides, else the action number",
        arguments: [
            ("pm_main_follow_message_viewer_2", Int64(0), "follow", "follow"),
            ("pm_mt_guidance_share", Int64(0), "share", "share"),
            ("pm_mt_guidance_viewer_7_share", Int64(1), "share", "share"),  // the key wins over action 1
            ("", Int64(1), "follow", "follow"),
            ("", Int64(3), "share", "share"),
            ("", Int64(9), "social", "9"),
            ("pm_mt_something_else", Int64(1), "social", "1"),
        ])
    func followShare(key: String, action: Int64, name: String, actionText: String) throws {
        var m = Webcast_SocialMessage()
        m.common = W.common("WebcastSocialMessage", msgId: 5, displayKey: key.isEmpty ? nil : key)
        m.user = W.user(8, "bob.b")
        m.action = action
        let event = try W.event("WebcastSocialMessage", m)
        #expect(event.name == name)
        #expect(event.names.contains("social"))
        let data = W.json(event)["data"] as! [String: Any]
        #expect(data["action"] as? String == actionText)
        if name == "follow" {
            #expect(EventTextFormatter().line(for: event) == "[follow]  bob.b")
        }
        if key == "pm_mt_guidance_viewer_7_share", case .share(let e) = event {
            #expect(e.usersJoined == 7)
        }
    }

    @Test("roomUserSeq: viewer counts and top viewers in rank order; answers to `viewer` too")
    func roomUserSeq() throws {
        var m = Webcast_RoomUserSeqMessage()
        m.common = W.common("WebcastRoomUserSeqMessage", msgId: 5)
        m.total = 1_234
        m.totalUser = 98_765
        var second = Webcast_RoomUserSeqContributor()
        second.rank = 2
        second.score = 50
        second.user = W.user(2, "silver")
        var first = Webcast_RoomUserSeqContributor()
        first.rank = 1
        first.score = 90
        first.user = W.user(1, "gold")
        m.ranks = [second, first]
        let event = try W.event("WebcastRoomUserSeqMessage", m)
        guard case .roomUserSeq(let e) = event else { return }
        #expect(e.viewerCount == 1_234)
        #expect(e.totalViewers == 98_765)
        #expect(e.topViewers.map(\.user?.uniqueId) == ["gold", "silver"])
        #expect(e.topViewers.map(\.coinCount) == [90, 50])
        #expect(event.names == ["roomUserSeq", "viewer"])
    }

    @Test(
        "control 3 and 4 end the stream; 1 and 2 stay control",
        arguments: [(Int32(3), "streamEnd"), (4, "streamEnd"), (1, "control"), (2, "control")])
    func control(action: Int32, name: String) throws {
        var m = Webcast_ControlMessage()
        m.common = W.common("WebcastControlMessage", msgId: 5)
        m.action = action
        m.tips = "The LIVE has ended"
        let event = try W.event("WebcastControlMessage", m)
        #expect(event.name == name)
        let data = W.json(event)["data"] as! [String: Any]
        #expect(data["action"] as? Int == Int(action))
        #expect(data["reason"] as? String == "The LIVE has ended")
    }

    @Test func caption() throws {
        var m = Webcast_CaptionMessage()
        m.common = W.common("WebcastCaptionMessage", msgId: 5)
        m.timestampMs = 10_000
        m.durationMs = 1_500
        m.definite = true
        var en = Webcast_CaptionContent()
        en.lang = "en"
        en.content = "good evening"
        var es = Webcast_CaptionContent()
        es.lang = "es"
        es.content = "buenas noches"
        m.content = [en, es]
        guard case .caption(let e) = try W.event("WebcastCaptionMessage", m) else { return }
        #expect(e.text == "good evening")
        #expect(e.language == "en")
        #expect(e.isFinal)
        #expect(e.startedAtMs == 10_000)
        #expect(e.endsAtMs == 11_500)
        #expect(e.translations?.map(\.language) == ["en", "es"])
    }

    @Test func imDelete() throws {
        var m = Webcast_ImDeleteMessage()
        m.common = W.common("WebcastImDeleteMessage", msgId: 5)
        m.deleteMsgIds = [7_301_000_000_000_000_001, 7_301_000_000_000_000_002]
        m.deleteUserIds = [6_800_000_000_000_000_001]
        guard case .imDelete(let e) = try W.event("WebcastImDeleteMessage", m) else { return }
        #expect(e.deletedMsgIds == ["7301000000000000001", "7301000000000000002"])
        #expect(e.deletedUserIds == ["6800000000000000001"])
        #expect(e.deletedMsgId == "7301000000000000001")
    }

    @Test("battle: id, status, duration and teams with results")
    func battle() throws {
        var m = Webcast_LinkMicBattle()
        m.common = W.common("WebcastLinkMicBattle", msgId: 5)
        m.battleID = 7_400_000_000_000_000_001
        var settings = Webcast_BattleSetting()
        settings.status = 2
        settings.duration = 300
        m.battleSettings = settings
        m.action = 5
        for (id, handle, result, score) in [(Int64(11), "red", Int32(0), Int64(900)), (22, "blue", 1, 400)] {
            var anchor = Webcast_BattleAnchorEntry()
            anchor.key = id
            var info = Webcast_BattleAnchorInfo()
            var user = Webcast_BattleAnchorUser()
            user.userID = id
            user.displayID = handle
            info.user = user
            anchor.value = info
            m.anchorsInfo.append(anchor)
            var entry = Webcast_BattleResultEntry()
            entry.key = id
            var r = Webcast_BattleResult()
            r.userID = id
            r.result = result
            r.score = score
            entry.value = r
            m.battleResult.append(entry)
        }
        guard case .battle(let e) = try W.event("WebcastLinkMicBattle", m) else { return }
        #expect(e.battleId == "7400000000000000001")
        #expect(e.status == 2)
        #expect(e.battleDuration == 300)
        #expect(e.teams.map(\.uniqueId) == ["red", "blue"])
        #expect(e.teams.map(\.result) == [0, 1])
        #expect(e.teams.map(\.score) == [900, 400])
    }

    @Test("battleArmies: each host's total and contributors, MVP first")
    func battleArmies() throws {
        var m = Webcast_LinkMicArmies()
        m.common = W.common("WebcastLinkMicArmies", msgId: 5)
        m.battleID = 77
        var entry = Webcast_BattleArmiesEntry()
        entry.key = 11
        var armies = Webcast_BattleUserArmies()
        armies.hostscore = 1_500
        for (id, name, score) in [(Int64(1), "small", Int64(100)), (2, "mvp", 1_000), (3, "mid", 400)] {
            var u = Webcast_BattleArmyUser()
            u.userID = id
            u.nickname = name
            u.score = score
            armies.userArmies.append(u)
        }
        entry.value = armies
        m.armies = [entry]
        guard case .battleArmies(let e) = try W.event("WebcastLinkMicArmies", m) else { return }
        #expect(e.battleId == "77")
        #expect(e.hosts.count == 1)
        #expect(e.hosts[0].hostUserId == "11")
        #expect(e.hosts[0].teamTotalScore == 1_500)
        #expect(e.hosts[0].contributors.map(\.nickname) == ["mvp", "mid", "small"])
        #expect(e.hosts[0].contributors.map(\.userId) == ["2", "3", "1"])
    }

    @Test func questionAndSubscribe() throws {
        var q = Webcast_QuestionNewMessage()
        q.common = W.common("WebcastQuestionNewMessage", msgId: 5)
        var data = Webcast_QuestionData()
        data.questionID = 9_000_000_000_000_000_001
        data.content = "what's the song?"
        data.user = W.user(5, "curious")
        q.data = data
        guard case .question(let question) = try W.event("WebcastQuestionNewMessage", q) else { return }
        #expect(question.questionId == "9000000000000000001")
        #expect(question.text == "what's the song?")
        #expect(question.user?.uniqueId == "curious")

        var s = Webcast_SubNotifyMessage()
        s.common = W.common("WebcastSubNotifyMessage", msgId: 6)
        s.user = W.user(6, "loyal")
        s.subMonth = 4
        guard case .subscribe(let sub) = try W.event("WebcastSubNotifyMessage", s) else { return }
        #expect(sub.subMonth == 4)
        #expect(sub.user?.uniqueId == "loyal")
    }

    @Test(
        "barrage: super-fan keys make superFan and superFanJoin",
        arguments: [
            ("ttlive_superfan_commentnotif_superfanjoined", "superFanJoin"), ("ttlive_superfan_became", "superFan"),
            ("ttlive_gifter_level_up", "barrage"),
        ])
    func barrage(key: String, name: String) throws {
        var m = Webcast_BarrageMessage()
        m.common = W.common("WebcastBarrageMessage", msgId: 5)
        var text = Webcast_Text()
        text.key = key
        text.defaultPattern = "{0:user} did a thing"
        m.content = text
        m.user = W.user(5, "fan")
        let event = try W.event("WebcastBarrageMessage", m)
        #expect(event.name == name)
        #expect(event.names.contains("barrage"))
        if case .superFanJoin(let e) = event {
            #expect(e.contentKey == key)
            #expect(e.user?.uniqueId == "fan")
        }
    }

    @Test("envelope: business type 19 or a superfanbox key make superFanBox")
    func envelope() throws {
        var m = Webcast_EnvelopeMessage()
        m.common = W.common("WebcastEnvelopeMessage", msgId: 5)
        var info = Webcast_EnvelopeInfo()
        info.businessType = 19
        info.diamondCount = 500
        info.peopleCount = 10
        info.sendUserName = "rich"
        m.envelopeInfo = info
        let box = try W.event("WebcastEnvelopeMessage", m)
        #expect(box.name == "superFanBox")
        guard case .superFanBox(let e) = box else { return }
        #expect(e.diamondCount == 500)
        #expect(e.peopleCount == 10)
        #expect(e.senderName == "rich")

        m.envelopeInfo.businessType = 1
        #expect(try W.event("WebcastEnvelopeMessage", m).name == "envelope")
        m.common = W.common("WebcastEnvelopeMessage", msgId: 5, displayKey: "ttlive_superfanbox_sent")
        #expect(try W.event("WebcastEnvelopeMessage", m).name == "superFanBox")
    }

    @Test func goalPollRoomPinIntroRoom() throws {
        var goal = Webcast_GoalUpdateMessage()
        goal.common = W.common("WebcastGoalUpdateMessage", msgId: 5)
        var info = Webcast_GoalInfo()
        info.id = 42
        info.description_p = "Road to 1k roses"
        var sub = Webcast_GoalSubGoal()
        sub.id = 1
        sub.progress = 250
        sub.target = 1_000
        info.subGoals = [sub]
        goal.goal = info
        guard case .goalUpdate(let g) = try W.event("WebcastGoalUpdateMessage", goal) else { return }
        #expect(g.goalId == "42")
        #expect(g.description == "Road to 1k roses")
        #expect(g.subGoals.map(\.progress) == [250])
        #expect(g.subGoals.map(\.target) == [1_000])

        var poll = Webcast_PollMessage()
        poll.common = W.common("WebcastPollMessage", msgId: 6)
        poll.pollID = 3
        var start = Webcast_PollStartContent()
        start.title = "Next song?"
        var a = Webcast_PollOption()
        a.optionIdx = 0
        a.displayContent = "Rock"
        a.votes = 4
        start.optionList = [a]
        poll.startContent = start
        guard case .poll(let p) = try W.event("WebcastPollMessage", poll) else { return }
        #expect(p.title == "Next song?")
        #expect(p.options.map(\.text) == ["Rock"])
        #expect(p.options.map(\.votes) == [4])

        var pin = Webcast_RoomPinMessage()
        pin.common = W.common("WebcastRoomPinMessage", msgId: 7)
        var chat = Webcast_ChatMessage()
        chat.content = "welcome all"
        chat.user = W.user(1, "host")
        pin.chatMessage = Data(W.bytes(chat))
        pin.method = "WebcastChatMessage"
        pin.action = 1
        guard case .roomPin(let r) = try W.event("WebcastRoomPinMessage", pin) else { return }
        #expect(r.comment == "welcome all")
        #expect(r.user?.uniqueId == "host")
        #expect(r.pinnedMethod == "WebcastChatMessage")

        var intro = Webcast_LiveIntroMessage()
        intro.common = W.common("WebcastLiveIntroMessage", msgId: 8)
        intro.content = "cooking tonight"
        guard case .liveIntro(let i) = try W.event("WebcastLiveIntroMessage", intro) else { return }
        #expect(i.content == "cooking tonight")

        var room = Webcast_RoomMessage()
        room.common = W.common("WebcastRoomMessage", msgId: 9)
        room.content = "Welcome to LIVE!"
        guard case .room(let rm) = try W.event("WebcastRoomMessage", room) else { return }
        #expect(rm.content == "Welcome to LIVE!")
    }

    @Test("missing common block: envelope msgId and receive time fill the base fields")
    func baseFallbacks() throws {
        var m = Webcast_ChatMessage()
        m.content = "no common"
        let events = try W.events([W.inner("WebcastChatMessage", m, msgId: 555)])
        guard case .chat(let e) = events[0] else { return }
        #expect(e.msgId == "555")
        #expect(e.timestamp == 1_000)
    }
}

/// Cases found by encoding with an independent peer schema (Scripts/peer-schema-check.py).
@Suite("Peer schema agreements")
struct PeerSchemaAgreementTests {
    typealias W = WireBuilder

    @Test("caption times at the edge of Int64 do not crash")
    func captionOverflow() throws {
        var m = Webcast_CaptionMessage()
        m.common = W.common("WebcastCaptionMessage", msgId: 1)
        m.timestampMs = .max
        m.durationMs = .max
        let event = try W.event("WebcastCaptionMessage", m)
        #expect(event.name == "caption")
    }

    @Test("a system message's text is field 2; a room message's scene is a string")
    func systemAndRoomMessage() throws {
        var raw = RawProto()
        raw.bytes(1, W.bytes(W.common("WebcastSystemMessage", msgId: 1)))
        raw.string(2, "Be kind in the chat")
        guard case .room(let system) = try W.events([W.inner("WebcastSystemMessage", raw.bytes)])[0] else { return }
        #expect(system.content == "Be kind in the chat")
        #expect(system.extras.isEmpty)

        var room = RawProto()
        room.bytes(1, W.bytes(W.common("WebcastRoomMessage", msgId: 2)))
        room.string(2, "Welcome")
        room.string(6, "welcome_scene")
        guard case .room(let message) = try W.events([W.inner("WebcastRoomMessage", room.bytes)])[0] else { return }
        #expect(message.scene == "welcome_scene")
        #expect(message.extras.isEmpty)
    }

    @Test("a combined badge's text has its key at field 1 and its pattern at field 2")
    func combinedBadge() throws {
        var text = RawProto()
        text.string(1, "badge_key")
        text.string(2, "Lv.12")
        text.string(3, "12")
        var combine = RawProto()
        combine.bytes(3, text.bytes)
        var badge = RawProto()
        badge.varint(1, 4)
        badge.varint(3, 8)
        badge.bytes(23, combine.bytes)
        var user = RawProto()
        user.varint(1, 5)
        user.bytes(64, badge.bytes)
        var chat = RawProto()
        chat.bytes(1, W.bytes(W.common("WebcastChatMessage", msgId: 1)))
        chat.bytes(2, user.bytes)
        guard case .chat(let e) = try W.events([W.inner("WebcastChatMessage", chat.bytes)])[0] else { return }
        #expect(e.user?.badges?.first?.text == "Lv.12")
    }

    @Test("the profile picture falls back to the medium, then the large avatar, skipping one that does not decode")
    func profilePictureFallsBackThroughTheSizes() throws {
        func picture(_ url: String) throws -> Data {
            var image = Webcast_Image()
            image.urlList = [url, url + "?second"]
            return Data(W.bytes(image))
        }
        func chat(_ configure: (inout Webcast_User) throws -> Void) throws -> LiveUser? {
            var user = Webcast_User()
            user.displayID = "ann_1"
            try configure(&user)
            var m = Webcast_ChatMessage()
            m.common = W.common("WebcastChatMessage", msgId: 1)
            m.user = user
            guard case .chat(let e) = try W.event("WebcastChatMessage", m) else { return nil }
            return e.user
        }
        let medium = try chat { $0.avatarMedium = try picture("https://p16.example/720.webp") }
        #expect(medium?.profilePictureUrl == "https://p16.example/720.webp")
        let large = try chat {
            $0.avatarMedium = Data([0x0a, 0xff])  // a string field claiming 255 bytes that are not there
            $0.avatarLarge = try picture("https://p16.example/1080.webp")
        }
        #expect(large?.profilePictureUrl == "https://p16.example/1080.webp")
        #expect(large?.uniqueId == "ann_1")
        let none = try chat { _ in }
        #expect(none?.profilePictureUrl == nil)
    }
}
