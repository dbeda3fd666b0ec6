import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Builders for the messages a bot cares about most, encoded with the project's own schema exactly as the real
/// edge lays them out: `CommonMessageData{method, msg_id, room_id, create_time}` at field 1, then the fields
/// docs/PROTOCOL.md#message-fields names.
extension FakeMessage {
    /// A chat comment (`WebcastChatMessage`), with the comment's language code when given (`content_language`).
    public static func chat(
        msgId: Int64, roomId: Int64, user: FakeUser, text: String, language: String? = nil
    ) -> FakeMessage {
        var message = Webcast_ChatMessage()
        message.common = common("WebcastChatMessage", msgId: msgId, roomId: roomId)
        message.user = wireUser(user)
        message.content = text
        if let language { message.contentLanguage = language }
        return build(message.common, message)
    }

    /// A gift (`WebcastGiftMessage`). For a streak, send several with the same `groupId`, a growing running
    /// `repeatCount` and `repeatEnd` only on the last (docs/PROTOCOL.md#gift-streaks); a non-streakable gift has gift
    /// type 2. The gift carries its name, diamonds and catalog image (``FakeGift/imageURL(id:)``); `bare` sends the id
    /// alone, as TikTok does for some gifts, which a client fills from the gift catalog.
    public static func gift(
        msgId: Int64, roomId: Int64, user: FakeUser, giftId: Int64, name: String, diamonds: Int32,
        repeatCount: Int32, repeatEnd: Bool, groupId: UInt64, streakable: Bool, bare: Bool = false
    ) -> FakeMessage {
        var gift = Webcast_Gift()
        gift.id = giftId
        if !bare {
            gift.name = name
            gift.diamondCount = diamonds
            gift.image.urlList = [FakeGift.imageURL(id: giftId)]
        }
        gift.type = streakable ? 1 : 2
        gift.combo = streakable
        var message = Webcast_GiftMessage()
        message.common = common("WebcastGiftMessage", msgId: msgId, roomId: roomId)
        message.giftID = giftId
        message.groupCount = 1
        message.repeatCount = repeatCount
        message.comboCount = repeatCount
        message.user = wireUser(user)
        message.repeatEnd = repeatEnd ? 1 : 0
        message.groupID = groupId
        message.gift = gift
        return build(message.common, message)
    }

    /// Likes (`WebcastLikeMessage`): `count` in this event, `total` for the room.
    public static func like(msgId: Int64, roomId: Int64, user: FakeUser, count: Int32, total: Int64) -> FakeMessage {
        var message = Webcast_LikeMessage()
        message.common = common("WebcastLikeMessage", msgId: msgId, roomId: roomId)
        message.count = count
        message.total = total
        message.user = wireUser(user)
        return build(message.common, message)
    }

    /// A viewer joining (`WebcastMemberMessage` with action 1), carrying the viewer count after the join.
    public static func join(msgId: Int64, roomId: Int64, user: FakeUser, viewerCount: Int32) -> FakeMessage {
        var message = Webcast_MemberMessage()
        message.common = common(
            "WebcastMemberMessage", msgId: msgId, roomId: roomId, displayKey: "live_room_enter_toast")
        message.user = wireUser(user)
        message.memberCount = viewerCount
        message.action = 1
        return build(message.common, message)
    }

    /// A follow (`WebcastSocialMessage`, action 1, display key `pm_main_follow_message_viewer_2`).
    public static func follow(msgId: Int64, roomId: Int64, user: FakeUser) -> FakeMessage {
        social(msgId: msgId, roomId: roomId, user: user, action: 1, key: "pm_main_follow_message_viewer_2")
    }

    /// A share (`WebcastSocialMessage`, action 3, display key `pm_mt_guidance_share`).
    public static func share(msgId: Int64, roomId: Int64, user: FakeUser) -> FakeMessage {
        social(msgId: msgId, roomId: roomId, user: user, action: 3, key: "pm_mt_guidance_share")
    }

    /// Viewer counts (`WebcastRoomUserSeqMessage`): `current` viewers now, `total` over the whole stream.
    public static func viewers(msgId: Int64, roomId: Int64, current: Int64, total: Int64) -> FakeMessage {
        var message = Webcast_RoomUserSeqMessage()
        message.common = common("WebcastRoomUserSeqMessage", msgId: msgId, roomId: roomId)
        message.total = current
        message.totalUser = total
        return build(message.common, message)
    }

    /// A room state change (`WebcastControlMessage`): 1 paused, 2 resumed, 3 stream ended, 4 suspended.
    public static func control(msgId: Int64, roomId: Int64, action: Int32) -> FakeMessage {
        var message = Webcast_ControlMessage()
        message.common = common("WebcastControlMessage", msgId: msgId, roomId: roomId)
        message.action = action
        return build(message.common, message)
    }

    /// A live caption of the host's speech (`WebcastCaptionMessage`). Captions of one sentence share a
    /// `sentenceId`; the last one is `isFinal` (wire field `definite`).
    public static func caption(
        msgId: Int64, roomId: Int64, text: String, language: String = "en", isFinal: Bool, sentenceId: Int64 = 0,
        startedAtMs: Int64 = 0, durationMs: Int64 = 0
    ) -> FakeMessage {
        var content = Webcast_CaptionContent()
        content.lang = language
        content.content = text
        var message = Webcast_CaptionMessage()
        message.common = common("WebcastCaptionMessage", msgId: msgId, roomId: roomId)
        message.timestampMs = startedAtMs
        message.durationMs = durationMs
        message.content = [content]
        message.sentenceID = sentenceId
        message.definite = isFinal
        return build(message.common, message)
    }

    /// A moderator removing messages, or everything from some users (`WebcastImDeleteMessage`).
    public static func imDelete(
        msgId: Int64, roomId: Int64, deletedMsgIds: [Int64], deletedUserIds: [Int64] = []
    ) -> FakeMessage {
        var message = Webcast_ImDeleteMessage()
        message.common = common("WebcastImDeleteMessage", msgId: msgId, roomId: roomId)
        message.deleteMsgIds = deletedMsgIds
        message.deleteUserIds = deletedUserIds
        return build(message.common, message)
    }

    /// A PK battle's state change (`WebcastLinkMicBattle`): `status` 1 started, 2 finished; `action` 4 open,
    /// 5 finish (docs/PROTOCOL.md#message-fields). `results` carry each host's outcome once the battle is over.
    public static func battle(
        msgId: Int64, roomId: Int64, battleId: Int64, status: Int32, action: Int32, durationSeconds: Int32,
        startedAtMs: Int64 = 0, hosts: [FakeUser], results: [FakeBattleResult] = []
    ) -> FakeMessage {
        var settings = Webcast_BattleSetting()
        settings.battleID = battleId
        settings.startTimeMs = startedAtMs
        settings.duration = durationSeconds
        settings.status = status
        var message = Webcast_LinkMicBattle()
        message.common = common("WebcastLinkMicBattle", msgId: msgId, roomId: roomId)
        message.battleID = battleId
        message.battleSettings = settings
        message.action = action
        message.anchorsInfo = hosts.map { host in
            var user = Webcast_BattleAnchorUser()
            user.userID = host.id
            user.nickName = host.nickname
            user.displayID = host.uniqueId
            var info = Webcast_BattleAnchorInfo()
            info.user = user
            var entry = Webcast_BattleAnchorEntry()
            entry.key = host.id
            entry.value = info
            return entry
        }
        message.battleResult = results.map { result in
            var value = Webcast_BattleResult()
            value.userID = result.host.id
            value.result = result.outcome.rawValue
            value.score = result.score
            var entry = Webcast_BattleResultEntry()
            entry.key = result.host.id
            entry.value = value
            return entry
        }
        return build(message.common, message)
    }

    /// Live PK scores (`WebcastLinkMicArmies`): each host's team total and the viewers who scored for it, in the
    /// order given.
    public static func battleArmies(msgId: Int64, roomId: Int64, battleId: Int64, armies: [FakeBattleArmy])
        -> FakeMessage
    {
        var message = Webcast_LinkMicArmies()
        message.common = common("WebcastLinkMicArmies", msgId: msgId, roomId: roomId)
        message.battleID = battleId
        message.triggerReason = 1
        message.armies = armies.map { army in
            var value = Webcast_BattleUserArmies()
            value.hostscore = army.score
            value.anchorIDStr = String(army.host.id)
            value.userArmies = army.supporters.map { supporter in
                var user = Webcast_BattleArmyUser()
                user.userID = supporter.user.id
                user.userIDStr = String(supporter.user.id)
                user.nickname = supporter.user.nickname
                user.score = supporter.score
                return user
            }
            var entry = Webcast_BattleArmiesEntry()
            entry.key = army.host.id
            entry.value = value
            return entry
        }
        return build(message.common, message)
    }

    // MARK: - Helpers

    private static func social(msgId: Int64, roomId: Int64, user: FakeUser, action: Int64, key: String) -> FakeMessage {
        var message = Webcast_SocialMessage()
        message.common = common("WebcastSocialMessage", msgId: msgId, roomId: roomId, displayKey: key)
        message.user = wireUser(user)
        message.action = action
        return build(message.common, message)
    }

    static func common(
        _ method: String, msgId: Int64, roomId: Int64, displayKey: String? = nil
    ) -> Webcast_CommonMessageData {
        var common = Webcast_CommonMessageData()
        common.method = method
        common.msgID = msgId
        common.roomID = roomId
        common.createTime = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        if let displayKey {
            var text = Webcast_Text()
            text.key = displayKey
            text.defaultPattern = "{0:user}"
            common.displayText = text
        }
        return common
    }

    private static func wireUser(_ user: FakeUser) -> Webcast_User {
        var wire = Webcast_User()
        wire.id = user.id
        wire.idStr = String(user.id)
        wire.nickname = user.nickname
        wire.displayID = user.uniqueId
        if let profile = user.profile { addProfile(profile, to: &wire) }
        return wire
    }

    /// Fills the profile fields in the layout of docs/PROTOCOL.md#user: one picture in three sizes, counts, gifter
    /// level and its image badge, fan club and its text badge, moderator and subscriber flags and badges.
    private static func addProfile(_ profile: FakeProfile, to wire: inout Webcast_User) {
        func picture(_ size: Int32) -> Webcast_Image {
            var image = Webcast_Image()
            image.urlList = profile.avatarURLs.map { $0.replacingOccurrences(of: "100x100", with: "\(size)x\(size)") }
            image.uri = "tos-maliva-avt-0068/\(wire.idStr)"
            image.width = size
            image.height = size
            return image
        }
        func badge(scene: Int32, level: Int32, text: String?) -> Webcast_BadgeStruct {
            var badge = Webcast_BadgeStruct()
            badge.sceneType = scene
            badge.privilegeLogExtra.privilegeID = "\(7_000_000 + Int(scene))"
            badge.privilegeLogExtra.level = String(level)
            if let text {
                badge.displayType = 2
                badge.text.key = "live_badge_text"
                badge.text.defaultPattern = text
            } else {
                badge.displayType = 1
                badge.image.image.urlList = [
                    "https://p16-webcast.tiktokcdn.com/webcast-va/grade_badge_icon_lite_lv\(level)_v2.png~tplv-obj.image"
                ]
                badge.image.image.height = 16
                badge.image.image.width = 32
            }
            return badge
        }
        wire.avatarThumb = picture(100)
        // The schema keeps the bigger sizes as bytes (decoded only when needed); they are Images on the wire.
        wire.avatarMedium = (try? picture(720).serializedData()) ?? Data()
        wire.avatarLarge = (try? picture(1080).serializedData()) ?? Data()
        wire.secUid = profile.secUid
        wire.bioDescription = profile.bio
        wire.followInfo.followingCount = profile.followingCount
        wire.followInfo.followerCount = profile.followerCount
        if profile.gifterLevel > 0 {
            wire.payGrade.level = profile.gifterLevel
            wire.payGrade.name = "Level \(profile.gifterLevel)"
            wire.badgeList.append(badge(scene: 8, level: profile.gifterLevel, text: nil))
        }
        if let club = profile.fansClubName {
            wire.fansClub.data.clubName = club
            wire.fansClub.data.level = profile.fansClubLevel
            wire.fansClubInfo.fansClubName = club
            wire.fansClubInfo.fansLevel = Int64(profile.fansClubLevel)
            wire.badgeList.append(badge(scene: 10, level: profile.fansClubLevel, text: club))
        }
        if profile.isModerator {
            wire.userAttr.isAdmin = true
            wire.badgeList.append(badge(scene: 1, level: 0, text: "Moderator"))
        }
        if profile.isSubscriber {
            wire.isSubscribe = true
            wire.subscribeInfo.isSubscribe = true
            wire.badgeList.append(badge(scene: 4, level: 1, text: "Subscriber"))
        }
    }

    static func build(_ common: Webcast_CommonMessageData, _ message: some SwiftProtobuf.Message) -> FakeMessage {
        // Serialising a message built from Swift strings cannot fail (the only failure is invalid UTF-8).
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        return FakeMessage(method: common.method, payload: bytes, msgId: common.msgID)
    }
}
