// Payloads of the notices, rankings and co-host scores TikTok sends besides the busy events. Texts are as a viewer
// reads them: templates with their slots filled (`DisplayText`), the template's key beside them where it names the
// kind of notice.

/// Fan tickets (the co-host score currency) of the guests in a co-host session (`fanTicket`).
public struct FanTicketPayload: EventPayload {
    /// Each guest's tickets, in wire order.
    public var users: [Guest]
    /// The session's tickets in all.
    public var totalFanTickets: Int64
    public var matchId: String?
    public var eventTime: Int64?
    public var iconUrl: String?

    public struct Guest: Sendable, Hashable, Codable {
        public var userId: String
        public var fanTickets: Int64
        public var matchTotalScore: Int64?
        public var matchRank: Int?
    }
}

/// A viewer's new place in the room's ranking of viewers (`rankText`): "Ann just became the No. 3 viewer!".
public struct RankTextPayload: EventPayload {
    /// What the room is shown, slots filled.
    public var text: String?
    /// The viewer it is about (the text's user slot).
    public var user: LiveUser?
    public var userId: String?
    /// The place before and after.
    public var previousRank: Int64?
    public var rank: Int64
    /// 1 the room's top viewers changed, 2 and 3 a mid-stream peak, 4 a tile reward.
    public var scene: Int?
    /// What the ranked viewer is shown instead.
    public var selfText: String?
    public var content: String?
    public var iconUrl: String?
    public var rankType: Int?
}

/// A moderation action, as several notices carry it (`bottomMessage`, `accessRecall`).
public struct Punishment: Sendable, Hashable, Codable {
    public var punishType: String?
    public var reason: String?
    public var punishId: String?
    public var violationUserId: String?
    public var punishTypeId: Int?
    public var duration: Int64?
    /// When it ends.
    public var endTime: Int64?
    public var showReason: String?
    /// The code of the warning shown with it (see `perception`).
    public var perceptionCode: String?
}

/// A notice at the bottom of the room (`bottomMessage`), such as a content warning.
public struct BottomMessagePayload: EventPayload {
    /// The notice as shown, slots filled.
    public var text: String?
    public var textKey: String?
    public var content: String?
    public var duration: Int64?
    public var bizType: Int?
    public var showType: Int?
    public var textType: Int?
    public var violationUserId: String?
    public var punishment: Punishment?
    public var style: Int?
    public var floatStyle: Int?
    public var detailUrl: String?
}

/// A restriction announced or lifted by TikTok's access checks (`accessRecall`).
public struct AccessRecallPayload: EventPayload {
    public var status: Int
    public var scene: String?
    public var duration: Int64?
    public var endTime: Int64?
    public var notice: String?
    public var content: String?
    public var punishment: Punishment?
}

/// The punishment phase after a battle is over (`battlePunishFinish`).
public struct BattlePunishFinishPayload: EventPayload {
    public var battleId: String
    public var channelId: String?
    /// Who ended it, when a host cut it short.
    public var operatorUserId: String?
    /// 0 time up, 1 cut short.
    public var reason: Int
    /// As ``BattlePayload``: the battle's state, planned length in seconds, and start.
    public var status: Int?
    public var battleDuration: Int?
    public var startedAtMs: Int64?
}

/// A room verification notice (`roomVerify`).
public struct RoomVerifyPayload: EventPayload {
    public var action: Int
    public var content: String?
    public var noticeType: Int64?
    public var closeRoom: Bool?
}

/// A prompt card in the room (`capsule`), e.g. "The host set a subscription goal." with a "Support" button.
public struct CapsulePayload: EventPayload {
    public var text: String?
    public var buttonText: String?
    public var iconUrl: String?
    /// What the button opens.
    public var schema: String?
    public var capsuleType: Int?
    public var scene: String?
    public var subScene: String?
}

/// A notice shown across the room, as `roomNotify` carries it and gift broadcasts and marquee announcements nest it.
public struct RoomNotice: Sendable, Hashable, Codable {
    /// The notice as shown, slots filled: "Ann sent Lion to Bo".
    public var text: String?
    public var textKey: String?
    public var notifyType: Int64?
    public var notifyClass: Int?
    public var content: String?
    public var user: LiveUser?
    /// Where it comes from, e.g. `gift_broadcast`, `weekly_rank`.
    public var source: String?
    public var fromUserId: String?
    public var toHostUserId: String?
    /// What tapping it opens.
    public var schema: String?
    /// How long it shows, seconds.
    public var durationSec: Int64?
    public var backgroundUrl: String?
}

/// A notice shown across the room (`roomNotify`).
public struct RoomNotifyPayload: EventPayload {
    public var notice: RoomNotice
}

/// A big gift announced beyond its own room (`giftBroadcast`).
public struct GiftBroadcastPayload: EventPayload {
    public var fromUserId: String?
    public var iconUrl: String?
    public var notice: RoomNotice?
}

/// A scrolling announcement (`marqueeAnnouncement`), e.g. a weekly ranking's winner going live.
public struct MarqueeAnnouncementPayload: EventPayload {
    public var scene: String?
    public var notices: [RoomNotice]
}

/// A subscription card pinned in the room or taken down (`subPin`): a subscriber perk or goal.
public struct SubPinPayload: EventPayload {
    /// 1 pinned, 2 unpinned.
    public var action: Int
    public var operatorUserId: String?
    public var cardId: String?
    public var cardType: Int?
    public var title: String?
    public var text: String?
    public var imageUrl: String?
    /// How long the card stays.
    public var timeToLive: Int64?
    /// What tapping it opens.
    public var schema: String?
    /// A subscriber goal's id, words, target and progress.
    public var goalId: String?
    public var goalText: String?
    public var goalTarget: Int64?
    public var goalProgress: Int64?
}

/// The winners of an hourly ranking (`hourlyRank`), each with the notice that announces it. The older hourly ranking
/// method has no known fields: its winners are empty and its body is in `extras`.
public struct HourlyRankPayload: EventPayload {
    public var winners: [Winner]

    public struct Winner: Sendable, Hashable, Codable {
        public var userId: String?
        /// The prize's asset.
        public var assetId: String?
        public var notice: RoomNotice?
        /// The frame the winner's avatar gets.
        public var borderUrl: String?
    }
}

/// A moderation warning to the host (`perception`): a dialog, a toast or floating text, and the punishment.
public struct PerceptionPayload: EventPayload {
    /// The dialog's title and subtitle, slots filled.
    public var title: String?
    public var subtitle: String?
    public var actionText: String?
    public var detailUrl: String?
    public var iconType: Int?
    public var scene: Int?
    public var targetUserId: String?
    public var targetRoomId: String?
    /// The dialog's countdown.
    public var countdown: Int64?
    public var toast: String?
    public var floatText: String?
    public var floatStyle: Int?
    public var showViolationWarning: Bool?
    public var endTime: Int64?
    public var punishment: Punishment?
}

/// A probe of the message path (`msgDetect`): what it detects and when the server handled it.
public struct MsgDetectPayload: EventPayload {
    public var detectType: Int?
    public var triggerBy: Int?
    public var fromRegion: String?
    public var clientStartMs: Int64?
    public var serverReceivedMs: Int64?
    public var serverSentMs: Int64?
}

/// A game partnership's drops (rewards for watching) shown, updated or closed (`partnershipDropsUpdate`).
public struct PartnershipDropsUpdatePayload: EventPayload {
    /// 0 shown, 1 updated, 2 closed.
    public var changeMode: Int
    public var dropsId: String?
    public var taskId: String?
    public var eventId: String?
    public var hostUserId: String?
}

/// Game partnership tasks taken offline (`partnershipGameOffline`).
public struct PartnershipGameOfflinePayload: EventPayload {
    public var games: [Game]

    public struct Game: Sendable, Hashable, Codable {
        public var taskId: String?
        public var gameId: String?
        /// The toast the host is shown.
        public var toastTitle: String?
        public var toastText: String?
        public var taskListLength: Int?
        /// 0 a task, 1 an event, 2 drops.
        public var offlineType: Int?
        /// 0 partnership, 1 publisher, 2 event, 3 organisation.
        public var taskType: Int?
    }
}

/// A game partnership punished the host (`partnershipPunish`).
public struct PartnershipPunishPayload: EventPayload {
    public var punishment: Punishment?
}
