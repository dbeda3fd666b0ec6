internal import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

extension LiveUser {
    /// Badge scene types with a meaning this library derives flags from.
    enum BadgeScene {
        static let moderator = 1
        static let subscriber = 4
        static let gifterLevel = 8
        static let fanClub = 10
    }

    /// The user as the wire sent it, or `nil` when the message carried no user.
    init?(_ user: Webcast_User, present: Bool) {
        guard present else { return nil }
        var fields = UserWireFields()
        fields.id = user.id
        fields.idStr = user.idStr.isEmpty ? nil : WireID(user.idStr)
        fields.nickname = user.nickname
        fields.displayId = user.displayID
        fields.secUid = user.secUid
        fields.avatar =
            user.avatarThumb.urlList.first ?? Self.firstURL(ofImage: user.avatarMedium)
            ?? Self.firstURL(ofImage: user.avatarLarge)
        fields.hasFollowInfo = user.hasFollowInfo
        fields.followInfoStatus = user.followInfo.followStatus
        fields.followStatus = user.followStatus
        fields.payGradeLevel = user.payGrade.level
        fields.fansClubLevel = user.fansClub.data.level
        fields.fansClubInfoLevel = user.fansClubInfo.fansLevel
        fields.isAdmin = user.userAttr.isAdmin
        fields.isSuperAdmin = user.userAttr.isSuperAdmin
        fields.isSubscribe = user.isSubscribe
        fields.subscribeInfoIsSubscribe = user.subscribeInfo.isSubscribe
        fields.subscribeInfoIsSubscribedToAnchor = user.subscribeInfo.isSubscribedToAnchor
        fields.badges = user.badgeList.map(Self.badge)
        self.init(fields)
    }

    /// The user from the wire fields this library reads, whichever decoder gathered them.
    init(_ user: consuming UserWireFields) {
        let badges = user.badges
        func badgeLevel(_ scene: Int) -> Int? {
            badges.first { $0.sceneType == scene && ($0.level ?? 0) > 0 }?.level
        }
        var followRole: Int?
        if user.hasFollowInfo {
            followRole = Int(min(max(user.followInfoStatus, 0), 2))
        } else if user.followStatus != 0 {
            followRole = Int(min(max(user.followStatus, 0), 2))
        }
        let fanClubLevel = user.fansClubLevel != 0 ? Int(user.fansClubLevel) : Int(user.fansClubInfoLevel)

        self.init(
            userID: user.idStr ?? (user.id != 0 ? .number(user.id) : nil),
            uniqueId: nonEmpty(user.displayId),
            nickname: nonEmpty(user.nickname),
            profilePictureUrl: user.avatar,
            followRole: followRole,
            isSubscriber: user.isSubscribe || user.subscribeInfoIsSubscribe || user.subscribeInfoIsSubscribedToAnchor
                || badges.contains { $0.sceneType == BadgeScene.subscriber },
            isModerator: user.isAdmin || user.isSuperAdmin || badges.contains { $0.sceneType == BadgeScene.moderator },
            payGrade: user.payGradeLevel > 0 ? Int(user.payGradeLevel) : badgeLevel(BadgeScene.gifterLevel),
            teamMemberLevel: fanClubLevel > 0 ? fanClubLevel : badgeLevel(BadgeScene.fanClub),
            secUid: nonEmpty(user.secUid),
            badges: badges.isEmpty ? nil : badges)
    }

    /// The first URL of an `Image` the schema keeps as bytes; a picture that does not decode is no picture.
    static func firstURL(ofImage bytes: Data) -> String? {
        guard !bytes.isEmpty else { return nil }
        return (try? Webcast_Image(serializedBytes: bytes))?.urlList.first
    }

    static func badge(_ badge: Webcast_BadgeStruct) -> Badge {
        var fields = BadgeWireFields()
        fields.sceneType = badge.sceneType
        fields.displayType = badge.displayType
        fields.level = badge.privilegeLogExtra.level
        fields.imageURL = badge.image.image.urlList.first
        fields.combineIconURL = badge.combine.icon.urlList.first
        fields.str = badge.str.str
        fields.textPattern = badge.text.defaultPattern
        fields.combineTextPattern = badge.combine.text.defaultPattern
        return Badge(fields)
    }

    /// Folds the sender's relation to the host (sent beside the user in chats and gifts) into the flags.
    mutating func apply(_ identity: Webcast_UserIdentity) {
        isSubscriber = isSubscriber || identity.isSubscriberOfAnchor
        isModerator = isModerator || identity.isModeratorOfAnchor
        if identity.isMutualFollowingWithAnchor {
            followRole = 2
        } else if identity.isFollowerOfAnchor, (followRole ?? 0) < 1 {
            followRole = 1
        }
    }
}

extension LiveUser.Badge {
    /// The badge from the wire fields this library reads, whichever decoder gathered them.
    init(_ badge: BadgeWireFields) {
        self.init(
            sceneType: Int(badge.sceneType), displayType: Int(badge.displayType), level: Int(badge.level),
            imageUrl: badge.imageURL ?? badge.combineIconURL,
            text: [badge.str, badge.textPattern, badge.combineTextPattern].first { !$0.isEmpty })
    }
}

/// What this library reads of a wire `User`, with the wire's own defaults. The generated decoder and
/// ``HotMessageDecoder`` both fill it, so that one initializer, `LiveUser.init(_: UserWireFields)`, derives the
/// flags and levels users see.
struct UserWireFields {
    var id: Int64 = 0
    /// `id_str`; `nil` when absent or empty.
    var idStr: WireID?
    var nickname = ""
    var displayId = ""
    var secUid = ""
    /// The first URL of the thumb, else of the medium picture, else of the large one.
    var avatar: String?
    var hasFollowInfo = false
    var followInfoStatus: Int64 = 0
    var followStatus: Int64 = 0
    var payGradeLevel: Int32 = 0
    var fansClubLevel: Int32 = 0
    var fansClubInfoLevel: Int64 = 0
    var isAdmin = false
    var isSuperAdmin = false
    var isSubscribe = false
    var subscribeInfoIsSubscribe = false
    var subscribeInfoIsSubscribedToAnchor = false
    var badges: [LiveUser.Badge] = []
}

/// What this library reads of a wire `BadgeStruct`.
struct BadgeWireFields {
    var sceneType: Int32 = 0
    var displayType: Int32 = 0
    /// The privilege log's level: a number written as text.
    var level = ""
    var imageURL: String?
    var combineIconURL: String?
    var str = ""
    var textPattern = ""
    var combineTextPattern = ""
}
