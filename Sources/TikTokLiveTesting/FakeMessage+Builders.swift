import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Builders for the messages a bot cares about most, encoded with the project's own schema exactly as the real
/// edge lays them out: `CommonMessageData{method, msg_id, room_id, create_time}` at field 1, then the fields
/// SPEC §4.3 names.
extension FakeMessage {
    /// A chat comment (`WebcastChatMessage`).
    public static func chat(msgId: Int64, roomId: Int64, user: FakeUser, text: String) -> FakeMessage {
        var message = Webcast_ChatMessage()
        message.common = common("WebcastChatMessage", msgId: msgId, roomId: roomId)
        message.user = wireUser(user)
        message.content = text
        return build(message.common, message)
    }

    /// A gift (`WebcastGiftMessage`). For a streak, send several with the same `groupId`, a growing running
    /// `repeatCount` and `repeatEnd` only on the last (SPEC §5.1); a non-streakable gift has gift type 2.
    public static func gift(
        msgId: Int64, roomId: Int64, user: FakeUser, giftId: Int64, name: String, diamonds: Int32,
        repeatCount: Int32, repeatEnd: Bool, groupId: UInt64, streakable: Bool
    ) -> FakeMessage {
        var gift = Webcast_Gift()
        gift.id = giftId
        gift.name = name
        gift.diamondCount = diamonds
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
        message.common = common("WebcastMemberMessage", msgId: msgId, roomId: roomId, displayKey: "live_room_enter_toast")
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

    // MARK: - Helpers

    private static func social(msgId: Int64, roomId: Int64, user: FakeUser, action: Int64, key: String) -> FakeMessage {
        var message = Webcast_SocialMessage()
        message.common = common("WebcastSocialMessage", msgId: msgId, roomId: roomId, displayKey: key)
        message.user = wireUser(user)
        message.action = action
        return build(message.common, message)
    }

    private static func common(
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
        return wire
    }

    private static func build(_ common: Webcast_CommonMessageData, _ message: some SwiftProtobuf.Message) -> FakeMessage {
        // Serialising a message built from Swift strings cannot fail (the only failure is invalid UTF-8).
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        return FakeMessage(method: common.method, payload: bytes, msgId: common.msgID)
    }
}
