/// A chat comment.
public struct ChatPayload: EventPayload {
    public var user: LiveUser?
    public var comment: String
    public var emotes: [Emote]?
    /// The comment's language as TikTok detected it (`en`, `ja`, ...).
    public var language: String?
    /// Users @-mentioned in the comment.
    public var mentions: [LiveUser]?

    /// An emote inside a comment or an emote-only chat.
    public struct Emote: Sendable, Hashable, Codable {
        public var emoteId: String
        public var imageUrl: String?
        /// Position in the comment, when the emote is inline.
        public var index: Int?

        public init(emoteId: String, imageUrl: String? = nil, index: Int? = nil) {
            self.emoteId = emoteId
            self.imageUrl = imageUrl
            self.index = index
        }
    }
}

/// An emote-only chat message.
public struct EmoteChatPayload: EventPayload {
    public var user: LiveUser?
    public var emotes: [ChatPayload.Emote]
}

/// Likes tapped by one viewer, and the room's running total.
public struct LikePayload: EventPayload {
    public var user: LiveUser?
    /// Likes in this event.
    public var likeCount: Int
    /// The room's total. Never decreases in this library's output: the highest total seen is kept, because
    /// TikTok's shards report totals that can jump backwards.
    public var totalLikes: Int64
}

/// A member notice: a join (`action` 1, delivered as `join`) or a moderation action on a member.
public struct MemberPayload: EventPayload {
    public var user: LiveUser?
    /// 1 joined, 2 left, 3 muted, 5 made moderator, 7 kicked, ...
    public var action: Int
    /// Viewers in the room when the message was sent.
    public var viewerCount: Int?
    /// Who performed a moderation action.
    public var `operator`: LiveUser?
    public var enterType: Int?
    public var actionDescription: String?
}

/// A follow or a share (`follow` / `share`), or another social action (`social`).
public struct SocialPayload: EventPayload {
    public var user: LiveUser?
    /// `"follow"`, `"share"`, or the raw action number as a string.
    public var action: String
    /// The host's follower count after a follow.
    public var followCount: Int64?
    public var shareType: Int64?
    public var shareTarget: String?
    public var shareCount: Int?
    /// For shares: how many viewers joined through this share, when TikTok says.
    public var usersJoined: Int?
}

/// An anonymous viewer joined.
public struct UnauthorizedMemberPayload: EventPayload {
    public var action: Int
    public var nickname: String?
    public var nicknamePrefix: String?
    public var enterText: String?
}

/// Viewer counts and the top viewers (`roomUserSeq`, alias `viewer`).
public struct RoomUserSeqPayload: EventPayload {
    /// Viewers now.
    public var viewerCount: Int64
    /// Viewers since the stream started.
    public var totalViewers: Int64
    /// The top viewers by coins, rank order.
    public var topViewers: [TopViewer]
    public var popularity: Int64?
    public var anonymousViewers: Int64?

    public struct TopViewer: Sendable, Hashable, Codable {
        public var user: LiveUser?
        public var coinCount: Int64
        public var rank: Int
    }
}

/// A question asked in the room's Q&A.
public struct QuestionPayload: EventPayload {
    public var questionId: String
    public var text: String
    public var user: LiveUser?
    public var answerStatus: Int?
}

/// A subscription or resubscription.
public struct SubscribePayload: EventPayload {
    public var user: LiveUser?
    public var subMonth: Int64
    public var subscribeType: Int?
    /// 0 first subscription, 1 resubscription, ...
    public var oldSubscribeStatus: Int?
    public var subscribingStatus: Int?
    public var messageType: Int?
}

/// A banner notice (`barrage`), including super-fan notices (`superFan`, `superFanJoin`).
public struct BarragePayload: EventPayload {
    public var user: LiveUser?
    /// The notice's display key, e.g. `ttlive_superfan_commentnotif_superfanjoined`.
    public var contentKey: String?
    /// The notice's text template.
    public var content: String?
    public var msgType: Int
    public var subType: String?
    public var durationMs: Int64?
    public var iconUrl: String?
    public var scene: String?
}

/// A treasure chest (`envelope`), or a super-fan box (`superFanBox`).
public struct EnvelopePayload: EventPayload {
    public var envelopeId: String?
    /// 19 is a super-fan box.
    public var businessType: Int
    public var senderName: String?
    public var senderUserId: String?
    public var diamondCount: Int
    public var peopleCount: Int
    /// When the chest opens, seconds since the epoch.
    public var unpackAt: Int64?
    /// 1 shown, 2 hidden.
    public var display: Int
}
