/// A PK battle's lifecycle: invited, started, finished, with each team's result when it is over.
public struct BattlePayload: EventPayload {
    public var battleId: String
    /// 0 not started, 1 started, 2 finished, 3 punishment, 4 punishment over.
    public var status: Int
    /// Planned length, seconds.
    public var battleDuration: Int
    /// 1 invite, 4 open, 5 finish, 6 cut short, ...
    public var action: Int
    public var startedAtMs: Int64?
    public var teams: [Team]
    /// The scores so far, when the battle message carries them: as ``BattleArmiesPayload/hosts``.
    public var armies: [BattleArmiesPayload.Host]?

    public struct Team: Sendable, Hashable, Codable {
        public var hostUserId: String
        public var uniqueId: String?
        public var nickname: String?
        /// 0 win, 1 lose, 2 draw, once the battle has a result.
        public var result: Int?
        public var score: Int64?
    }
}

/// Live PK scores: each host's team total and its contributors, MVP first.
public struct BattleArmiesPayload: EventPayload {
    public var battleId: String
    public var hosts: [Host]
    /// 1 score update, 2 battle end, ...
    public var triggerReason: Int?
    public var giftId: Int64?
    /// The co-host session the battle runs in.
    public var channelId: String?
    /// The gift that moved the score (``giftId``): how many, their diamonds in all, and the streak's running total.
    public var giftCount: Int?
    public var totalDiamondCount: Int?
    public var repeatCount: Int?

    public struct Host: Sendable, Hashable, Codable {
        public var hostUserId: String
        public var teamTotalScore: Int64
        /// Highest score first.
        public var contributors: [Contributor]
    }

    public struct Contributor: Sendable, Hashable, Codable {
        public var userId: String
        public var nickname: String?
        public var score: Int64
        /// The diamonds behind the score, when TikTok counts them apart.
        public var diamondScore: Int64?
    }
}

/// A battle item card (`battleItemCard`): a host is told how to get one, a card is used, or cards are given out.
public struct BattleItemCardPayload: EventPayload {
    public var battleId: String
    /// 1 how to get a card, 2 critical strike used, 3 smoke, 4 cards awarded, 5 extra time, 6 special effect,
    /// 7 potion, 8 wave, ...
    public var messageType: Int
    /// What the room is shown about the card, slots filled.
    public var text: String?
    /// The host the card was used for.
    public var hostUserId: String?
    public var cardNameKey: String?
    public var cardImageUrl: String?
    /// The viewer who sent the card.
    public var senderUserId: String?
    public var senderNickname: String?
    public var sentAtSec: Int64?
    /// How long the card works, seconds.
    public var durationSec: Int64?
    /// A critical strike card's multiplier of the gifts' points.
    public var multiplier: Int64?
    /// The seconds an extra time card adds to the battle.
    public var extraDurationSec: Int64?
    /// Which effect a special effect card plays.
    public var effectType: Int?
}

/// A bonus task during a battle (`battleTask`): it starts, progresses, is settled, then its reward is.
public struct BattleTaskPayload: EventPayload {
    public var battleId: String?
    /// 0 start, 1 progress, 2 task settled, 3 reward settled.
    public var messageType: Int
    /// At the start: what the task asks for, how long it runs, and the reward's multiplier and length.
    public var progressTarget: Int64?
    public var targetType: Int?
    public var taskStartTime: Int64?
    public var taskDuration: Int64?
    public var rewardMultiplier: Int?
    public var rewardDuration: Int64?
    /// On progress: how far it is, and whose gift moved it.
    public var progress: Int64?
    public var fromUserId: String?
    /// The key of the sentence the room is shown.
    public var promptKey: String?
    /// Once settled: 0 succeeded, 1 failed, 2 both hosts succeeded; and when the reward starts.
    public var result: Int?
    public var rewardStartTime: Int64?
    /// Once the reward is settled: 0 succeeded, 1 failed.
    public var rewardStatus: Int?
}
