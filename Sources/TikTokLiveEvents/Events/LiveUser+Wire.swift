internal import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

extension LiveUser {
    /// Badge scene types with a meaning this library derives flags from (SPEC §4.2).
    enum BadgeScene {
        static let moderator = 1
        static let subscriber = 4
        static let gifterLevel = 8
        static let fanClub = 10
    }

    /// The user as the wire sent it, or `nil` when the message carried no user.
    init?(_ user: Webcast_User, present: Bool) {
        guard present else { return nil }
        let badges = user.badgeList.map(Self.badge)
        func badgeLevel(_ scene: Int) -> Int? {
            badges.first { $0.sceneType == scene && ($0.level ?? 0) > 0 }?.level
        }
        let avatar =
            user.avatarThumb.urlList.first ?? Self.firstURL(ofImage: user.avatarMedium)
            ?? Self.firstURL(ofImage: user.avatarLarge)

        var followRole: Int?
        if user.hasFollowInfo {
            followRole = Int(min(max(user.followInfo.followStatus, 0), 2))
        } else if user.followStatus != 0 {
            followRole = Int(min(max(user.followStatus, 0), 2))
        }
        let fanClubLevel =
            user.fansClub.data.level != 0 ? Int(user.fansClub.data.level) : Int(user.fansClubInfo.fansLevel)

        self.init(
            userId: !user.idStr.isEmpty ? user.idStr : user.id != 0 ? String(user.id) : nil,
            uniqueId: nonEmpty(user.displayID),
            nickname: nonEmpty(user.nickname),
            profilePictureUrl: avatar,
            followRole: followRole,
            isSubscriber: user.isSubscribe || user.subscribeInfo.isSubscribe || user.subscribeInfo.isSubscribedToAnchor
                || badges.contains { $0.sceneType == BadgeScene.subscriber },
            isModerator: user.userAttr.isAdmin || user.userAttr.isSuperAdmin
                || badges.contains { $0.sceneType == BadgeScene.moderator },
            payGrade: user.payGrade.level > 0 ? Int(user.payGrade.level) : badgeLevel(BadgeScene.gifterLevel),
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
        let imageUrl = badge.image.image.urlList.first ?? badge.combine.icon.urlList.first
        let text = [badge.str.str, badge.text.defaultPattern, badge.combine.text.defaultPattern].first { !$0.isEmpty }
        return Badge(
            sceneType: Int(badge.sceneType), displayType: Int(badge.displayType),
            level: Int(badge.privilegeLogExtra.level), imageUrl: imageUrl, text: text)
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
