import TikTokLiveProto

/// The frames of `Captures/sample-room.bin`, the capture the README replays (the CLI's test pins its replay; the
/// library's tests decode and encode its events).
public enum SampleRoomFrames {
    typealias W = WireBuilder

    public static func frames() -> [[UInt8]] {
        var msgId: Int64 = 7_301_234_567_890_000_000
        var clock: Int64 = 1_764_000_000_000
        func common(_ method: String, key: String? = nil) -> Webcast_CommonMessageData {
            msgId += 1
            clock += 350
            return W.common(method, msgId: msgId, createTime: clock, displayKey: key)
        }
        func chat(_ user: Webcast_User, _ text: String, _ language: String) -> Webcast_InnerMessage {
            var m = Webcast_ChatMessage()
            m.common = common("WebcastChatMessage")
            m.user = user
            m.content = text
            m.contentLanguage = language
            return W.inner("WebcastChatMessage", m)
        }
        func gift(
            _ user: Webcast_User, _ name: String, id: Int64, diamonds: Int32, count: Int32, end: Bool, streakable: Bool,
            group: UInt64
        ) -> Webcast_InnerMessage {
            var m = Webcast_GiftMessage()
            m.common = common("WebcastGiftMessage")
            m.user = user
            m.giftID = id
            m.repeatCount = count
            m.repeatEnd = end ? 1 : 0
            m.groupID = group
            var g = Webcast_Gift()
            g.id = id
            g.name = name
            g.diamondCount = diamonds
            g.type = streakable ? 1 : 2
            m.gift = g
            return W.inner("WebcastGiftMessage", m)
        }
        func like(_ user: Webcast_User, _ count: Int32, total: Int64) -> Webcast_InnerMessage {
            var m = Webcast_LikeMessage()
            m.common = common("WebcastLikeMessage")
            m.user = user
            m.count = count
            m.total = total
            return W.inner("WebcastLikeMessage", m)
        }
        func join(_ user: Webcast_User, viewers: Int32) -> Webcast_InnerMessage {
            var m = Webcast_MemberMessage()
            m.common = common("WebcastMemberMessage")
            m.user = user
            m.action = 1
            m.memberCount = viewers
            return W.inner("WebcastMemberMessage", m)
        }
        func social(_ user: Webcast_User, follow: Bool) -> Webcast_InnerMessage {
            var m = Webcast_SocialMessage()
            m.common = common(
                "WebcastSocialMessage", key: follow ? "pm_main_follow_message_viewer_2" : "pm_mt_guidance_share")
            m.user = user
            m.action = follow ? 1 : 3
            return W.inner("WebcastSocialMessage", m)
        }
        let ann = W.user(6_800_000_000_000_000_001, "ann_1", "Ann")
        let kenji = W.user(6_800_000_000_000_000_002, "kenji.tokyo", "健二")
        let lucia = W.user(6_800_000_000_000_000_003, "lucia_mx", "Lucía")
        let cat = W.user(6_800_000_000_000_000_004, "cat_3", "Cat 🐱")
        let bob = W.user(6_800_000_000_000_000_005, "bob.b", "Bob")

        var viewers = Webcast_RoomUserSeqMessage()
        viewers.common = common("WebcastRoomUserSeqMessage")
        viewers.total = 1_204
        viewers.totalUser = 18_733
        var top = Webcast_RoomUserSeqContributor()
        top.rank = 1
        top.score = 3_500
        top.user = cat
        viewers.ranks = [top]

        var caption = Webcast_CaptionMessage()
        caption.common = common("WebcastCaptionMessage")
        caption.timestampMs = 120_000
        caption.durationMs = 2_400
        caption.definite = true
        var line = Webcast_CaptionContent()
        line.lang = "en"
        line.content = "thanks for the roses everyone"
        caption.content = [line]

        var armies = Webcast_LinkMicArmies()
        armies.common = common("WebcastLinkMicArmies")
        armies.battleID = 7_400_000_000_000_000_001
        var army = Webcast_BattleArmiesEntry()
        army.key = 6_900_000_000_000_000_001
        var host = Webcast_BattleUserArmies()
        host.hostscore = 4_210
        var mvp = Webcast_BattleArmyUser()
        mvp.userID = 6_800_000_000_000_000_004
        mvp.nickname = "Cat 🐱"
        mvp.score = 3_000
        host.userArmies = [mvp]
        army.value = host
        armies.armies = [army]

        var delete = Webcast_ImDeleteMessage()
        delete.common = common("WebcastImDeleteMessage")
        delete.deleteMsgIds = [7_301_234_567_890_000_003]

        var surprise = RawProto()
        surprise.bytes(1, W.bytes(common("WebcastPictionaryGuessMessage")))
        surprise.string(2, "a word nobody has catalogued")

        var end = Webcast_ControlMessage()
        end.common = common("WebcastControlMessage")
        end.action = 3

        return [
            W.frame([join(ann, viewers: 1_201), chat(ann, "hello from Berlin 👋", "en")]),
            W.frame([chat(kenji, "こんばんは！", "ja"), chat(lucia, "¡hola a todos! 🇲🇽", "es"), join(bob, viewers: 1_203)]),
            W.frame([
                gift(
                    cat, "Rose", id: 5_655, diamonds: 1, count: 1, end: false, streakable: true,
                    group: 1_764_000_000_001),
                gift(
                    cat, "Rose", id: 5_655, diamonds: 1, count: 5, end: false, streakable: true,
                    group: 1_764_000_000_001),
                gift(
                    cat, "Rose", id: 5_655, diamonds: 1, count: 9, end: true, streakable: true, group: 1_764_000_000_001
                ),
            ]),
            W.frame([like(bob, 15, total: 2_310), like(lucia, 7, total: 2_317), social(bob, follow: true)]),
            W.frame([W.inner("WebcastRoomUserSeqMessage", viewers), social(kenji, follow: false)]),
            W.frame([
                gift(kenji, "Galaxy", id: 11_046, diamonds: 1_000, count: 1, end: true, streakable: false, group: 0)
            ]),
            W.frame([W.inner("WebcastLinkMicArmies", armies), W.inner("WebcastCaptionMessage", caption)]),
            W.frame([
                W.inner("WebcastImDeleteMessage", delete), W.inner("WebcastPictionaryGuessMessage", surprise.bytes),
            ]),
            W.frame([chat(ann, "see you tomorrow!", "en"), W.inner("WebcastControlMessage", end)]),
        ]
    }
}
