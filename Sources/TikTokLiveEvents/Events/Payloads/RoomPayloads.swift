/// A control message: the stream paused (1), resumed (2), ended (3) or was suspended (4). Actions 3 and 4
/// are delivered as `streamEnd`, after which ``TikTokLive/run()`` returns.
public struct ControlPayload: EventPayload {
    public var action: Int
    /// TikTok's explanation, when it gives one.
    public var reason: String?
}

/// Live auto-captions: one sentence, interim or final.
public struct CaptionPayload: EventPayload {
    public var text: String
    public var language: String?
    /// Final text for this sentence, not an interim guess.
    public var isFinal: Bool
    public var startedAtMs: Int64
    public var endsAtMs: Int64
    public var sentenceId: String?
    /// Every language the sentence was captioned in.
    public var translations: [Translation]?

    public struct Translation: Sendable, Hashable, Codable {
        public var language: String
        public var text: String
    }
}

/// Moderation deleted messages, or everything from some users.
public struct ImDeletePayload: EventPayload {
    /// `msgId`s of the deleted messages.
    public var deletedMsgIds: [String]
    /// Users whose messages were all deleted.
    public var deletedUserIds: [String]
    /// The first of `deletedMsgIds`, for code written against the older single-id contract.
    public var deletedMsgId: String?
}

/// A system text shown in the room (`room`).
public struct RoomMessagePayload: EventPayload {
    public var content: String?
    public var scene: String?
    public var isWelcome: Bool?
    /// What sent the text, as TikTok numbers it (1 on real room messages).
    public var source: Int64?
    /// How long the client shows it.
    public var showDurationMs: Int64?
}

/// The room's description. Its `roomId` is the intro's own room id when the common block leaves it out, as real
/// intros do.
public struct LiveIntroPayload: EventPayload {
    public var content: String
    public var language: String?
    public var host: LiveUser?
    public var auditStatus: Int?
}

/// A pinned (or unpinned) message.
public struct RoomPinPayload: EventPayload {
    /// 1 pinned, 2 unpinned.
    public var action: Int
    /// Which kind of message is pinned, e.g. `WebcastChatMessage`.
    public var pinnedMethod: String?
    /// The pinned message's own `msgId` (the same message pinned twice has the same one).
    public var pinnedMsgId: String?
    /// The pin's id: one per pin, also when the same message is pinned again.
    public var pinId: String?
    public var pinTime: Int64?
    public var displayDurationMs: Int64?
    public var `operator`: LiveUser?
    /// The pinned comment's text, when a chat message is pinned.
    public var comment: String?
    /// Who wrote or sent the pinned message: a comment's author, a gift's sender.
    public var user: LiveUser?
    /// The pinned message as the event it is (a pinned gift is a ``LiveEvent/gift(_:)`` with its sender); `nil`
    /// when the pin carries none or it does not decode. It is part of this event only, never delivered on its own,
    /// so de-duplication, gift streaks and like totals see it once, as the message it was.
    public var pinned: LiveEvent?
}

/// A ranking update (hourly, weekly, ... ranks).
public struct RankUpdatePayload: EventPayload {
    public var groupType: Int64?
    public var updates: [Update]

    public struct Update: Sendable, Hashable, Codable {
        public var rankType: Int64
        public var ownerRank: Int64
        public var countdown: Int64?
    }
}

/// A poll started, updated or ended.
public struct PollPayload: EventPayload {
    public var pollId: String
    /// 0 start, 1 end, 2 update (as TikTok sends it).
    public var messageType: Int64
    public var title: String?
    public var options: [Option]

    public struct Option: Sendable, Hashable, Codable {
        public var index: Int
        public var text: String
        public var votes: Int64
    }
}

/// Fields shared by co-host and multi-guest signalling (`link`, `linkLayer`, `linkMicMethod`).
public struct LinkPayload: EventPayload {
    public var messageType: Int
    public var linkerId: String?
    public var channelId: String?
    public var scene: Int?
    public var userId: String?
    public var toUserId: String?
    public var rivalAnchorId: String?
    public var startTimeMs: Int64?
    /// The hosts' co-host session ids (text ids, unlike the numeric user ids).
    public var anchorLinkmicId: String?
    public var rivalLinkmicId: String?
    /// A co-host's fan tickets, and the session's in all (`linkMicMethod`).
    public var fanTickets: Int64?
    public var totalFanTickets: Int64?
}

/// The layout of a co-host or multi-guest session changed (`linkMicLayoutState`): each place and who holds it. The
/// layout's own record is in `extras` (`5`), and so is what a place carries beyond these (under `6`, one entry per
/// place).
public struct LinkMicLayoutStatePayload: EventPayload {
    public var channelId: String?
    public var scene: Int?
    /// Grows with every change; a client keeps the highest.
    public var version: Int64?
    /// In wire order.
    public var spots: [Spot]

    public struct Spot: Sendable, Hashable, Codable {
        public var spotId: Int
        /// 0 empty, 1 an RTC user id, 2 an RTC stream id, 3 a LIVE user id: what `holderId` is.
        public var holderType: Int?
        public var holderId: String?
    }
}

/// The state of a link-mic channel (`linkState`): its guests and how their audio, video and connection are. Its layout,
/// background, positions and spots are in `extras` (`6`, `10`, `13`, `14`, `17`), and so is what a guest's state
/// carries beyond these (under `7`, one entry per guest).
public struct LinkStatePayload: EventPayload {
    public var channelId: String?
    /// 2 co-host, 4 multi-guest.
    public var scene: Int?
    /// Grows with every change; a client keeps the highest.
    public var version: Int64?
    public var needAck: Int?
    public var clientSendTime: Int64?
    public var stateType: Int?
    public var wallpaperUrl: String?
    /// Channels whose sound is muted here.
    public var mutedChannelIds: [String]
    public var linkerMode: Int?
    /// In wire order.
    public var guests: [Guest]

    public struct Guest: Sendable, Hashable, Codable {
        public var userId: String?
        public var roomId: String?
        public var linkmicId: String?
        public var linkerSessionId: String?
        /// Their place: the position's kind, its number, and its option.
        public var positionType: Int?
        public var position: Int?
        public var positionOption: Int?
        /// Since when, in nanoseconds.
        public var linkedTimeNano: Int64?
        /// 1 normal, 2 paused.
        public var onlineState: Int?
        /// 1 normal, 2 muted, 3 unmuted but occupied, 4 muted and occupied.
        public var audioState: Int?
        public var videoState: Int?
        /// 1 normal, 2 disconnected.
        public var rtcConnection: Int?
        /// 1 excellent, 2 good, 3 poor, 4 bad, 5 very bad, 6 down.
        public var networkState: Int?
    }
}

/// A message in the catalog whose fields the schema does not model: base fields and `extras` only.
public struct GenericPayload: EventPayload {
    public init() {}
}

/// A method that is not in the catalog at all: its name and raw payload, plus a schema-less decoding of it
/// in `extras`. New TikTok features arrive this way until the catalog names them.
public struct UnknownPayload: EventPayload {
    /// The message's bytes, base64.
    public var payload: String
}
