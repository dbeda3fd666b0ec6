/// A gift. Streakable gifts (`streakable`) arrive several times per streak with a growing running total
/// in `repeatCount` and `repeatEnd` on the last one; `GiftStreakTracker` turns those totals into deltas.
public struct GiftPayload: EventPayload {
    public var user: LiveUser?
    /// The recipient when it is not the host (a guest in a multi-guest room).
    public var toUser: LiveUser?
    public var giftId: Int64
    public var giftName: String?
    /// Diamonds per unit.
    public var diamondCount: Int
    /// Units so far in this streak (a running total, not a delta).
    public var repeatCount: Int
    /// Whether this message ends the streak. Always true for gifts that are not streakable.
    public var repeatEnd: Bool
    /// 1 for streakable (combo) gifts.
    public var giftType: Int
    public var streakable: Bool
    /// The streak's id (64-bit, as a string); shared by every message of one streak.
    public var groupId: String
    public var giftPictureUrl: String?
    public var comboCount: Int?
    public var groupCount: Int?
    public var describe: String?
    public var toMemberNickname: String?
    /// Fan tickets the gift earned the recipient (the co-host score currency).
    public var fanTicketCount: Int64?
    /// TikTok's log id for this send.
    public var logId: String?
    /// How the gift was sent, as TikTok numbers it (1 and 4 on real gifts).
    public var sendType: Int64?
    /// Set on the sender's first gift of this kind.
    public var isFirstSent: Bool?
}

/// A TikTok Shop notice.
public struct ShoppingPayload: EventPayload {
    public var actionType: Int
    public var productCount: Int64?
    public var product: Product?

    public struct Product: Sendable, Hashable, Codable {
        public var productId: String?
        public var title: String?
        public var price: String?
        public var imageUrl: String?
        public var url: String?
    }
}

/// Progress of a LIVE goal.
public struct GoalUpdatePayload: EventPayload {
    public var goalId: String?
    public var description: String?
    public var status: Int?
    public var subGoals: [SubGoal]
    public var contributorId: String?
    public var contributorUniqueId: String?
    public var contributeCount: Int64?
    public var contributeScore: Int64?

    public struct SubGoal: Sendable, Hashable, Codable {
        public var id: String
        public var type: Int
        public var progress: Int64
        public var target: Int64
    }
}

/// Boost cards granted (`boostCard`), each by the task that earned it.
public struct BoostCardPayload: EventPayload {
    public var cards: [Card]

    public struct Card: Sendable, Hashable, Codable {
        public var cardId: String?
        public var taskSource: Int?
        public var taskId: String?
    }
}

/// Gifts hidden from the gift panel for now (`giftDynamicRestriction`): by scene of the room, and per receiver.
public struct GiftDynamicRestrictionPayload: EventPayload {
    /// Hidden in a plain room, in a battle, while co-hosting, in a multi-guest room.
    public var normalHiddenGiftIds: [Int64]
    public var battleHiddenGiftIds: [Int64]
    public var cohostHiddenGiftIds: [Int64]
    public var multiGuestHiddenGiftIds: [Int64]
    public var receivers: [Receiver]

    /// Gifts hidden when sending to one user.
    public struct Receiver: Sendable, Hashable, Codable {
        public var userId: String
        public var hiddenGiftIds: [Int64]
    }
}

/// The gift panel changed (`giftPanelUpdate`): the gift gallery's and a gift goal's progress, and the gifts offered
/// by room. Its `roomId` is the message's own when the common block leaves it out. The wire keys each of the three
/// by a number (a map); here they are lists in the order of those numbers, each entry with its `key`.
public struct GiftPanelUpdatePayload: EventPayload {
    /// When the panel changed.
    public var updatedAt: Int64?
    public var strategyContext: String?
    public var gallery: Gallery?
    public var goal: Goal?
    public var roomGifts: [RoomGifts]

    public struct Gallery: Sendable, Hashable, Codable {
        public var period: Int64?
        public var endTimeMs: Int64?
        public var titles: [Title]

        /// One gallery entry: how many goals it has reached and who sponsors it now.
        public struct Title: Sendable, Hashable, Codable {
            public var key: Int64
            public var goalCount: Int64?
            public var currentSponsorId: String?
        }
    }

    public struct Goal: Sendable, Hashable, Codable {
        public var status: Int?
        public var progress: [Progress]

        public struct Progress: Sendable, Hashable, Codable {
            public var key: Int64
            public var current: Int64
            public var target: Int64?
            public var expiresAtMs: Int64?
        }
    }

    /// The gifts, each with its price in diamonds, offered under one key.
    public struct RoomGifts: Sendable, Hashable, Codable {
        public var key: Int64
        public var gifts: [Gift]

        public struct Gift: Sendable, Hashable, Codable {
            public var giftId: Int64
            public var price: Int64?
        }
    }
}

/// Viewer picks (viewers pick gifts for the host to act on) started, changed or ended (`viewerPicksUpdate`): the
/// round and each gift with its score. What it carries beyond these (a header image, the host's settings,
/// game-integration data) is in `extras` at its place, under `3`.
public struct ViewerPicksUpdatePayload: EventPayload {
    public var updateType: Int?
    public var picksId: String?
    public var status: Int?
    /// The round: how long it runs, when it started and ends.
    public var roundDurationSec: Int64?
    public var startTimeMs: Int64?
    public var endTimeMs: Int64?
    public var hasDuration: Bool?
    public var hasScore: Bool?
    public var autoRestart: Bool?
    public var startedFromAutoRestart: Bool?
    public var startedFromAutoStart: Bool?
    public var displayMode: Int?
    public var scene: Int?
    /// The gifts to pick from, in wire order.
    public var picks: [Pick]

    public struct Pick: Sendable, Hashable, Codable {
        public var pickId: String?
        public var giftId: Int64?
        /// What the host does when it wins.
        public var description: String?
        public var descriptionSource: Int?
        public var iconUrl: String?
        /// Diamonds.
        public var giftPrice: Int64?
        public var priorityRequest: Bool?
        public var score: Int64
    }
}
