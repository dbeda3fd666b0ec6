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
