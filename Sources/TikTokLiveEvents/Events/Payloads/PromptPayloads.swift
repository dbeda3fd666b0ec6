// Payloads of what TikTok shows one viewer or the host rather than the room: pop-ups, prompts, guides, policy notices,
// a captcha, game introductions and ranks. Texts are as shown, slots filled (`DisplayText`).

/// A short pop-up line (`toast`). Its words are the common block's display text.
public struct ToastPayload: EventPayload {
    /// The line as shown, slots filled.
    public var text: String?
    public var textKey: String?
    /// How long it shows, and after how long, in milliseconds.
    public var displayDurationMs: Int64?
    public var delayDisplayDurationMs: Int64?
    public var scene: String?
}

/// A prompt about the viewer's own gifting (`giftPrompt`): a spending reminder or a gifting block.
public struct GiftPromptPayload: EventPayload {
    public var title: String?
    public var body: String?
    /// How many days gifting is blocked.
    public var blockNumDays: Int?
    /// The order it is about, and when it was placed.
    public var orderId: String?
    public var orderTimestamp: Int64?
    /// TikTok judged the viewer's gifting compulsive.
    public var inGiftingAddiction: Bool?
    /// What the prompt's button opens.
    public var popUpSchema: String?
}

/// The introduction of the game the host streams (`liveGameIntro`).
public struct LiveGameIntroPayload: EventPayload {
    /// The introduction as shown, slots filled.
    public var content: String?
    /// The game has a ranking (see `gameRankNotify`).
    public var hasRankInfo: Bool?
}

/// A game ranking changed, or the host is encouraged (`gameRankNotify`).
public struct GameRankNotifyPayload: EventPayload {
    /// 1 the rank changed, 2 encouragement to the host, 255 unknown.
    public var messageType: Int?
    /// The notice as shown, slots filled.
    public var text: String?
}

/// A notice from TikTok to the room or its host (`notice`): a policy notice, a violation and its reason, a tip with a
/// link.
public struct NoticePayload: EventPayload {
    public var content: String?
    public var noticeType: Int?
    public var style: String?
    /// The texts as shown, slots filled.
    public var title: String?
    public var violationReason: String?
    public var displayText: String?
    public var tipsTitle: String?
    public var tipsUrl: String?
    public var noticeTitle: String?
    public var noticeContent: String?
    public var scene: String?
}

/// A guide shown to viewers (`guide`), such as a nudge to send a gift.
public struct GuidePayload: EventPayload {
    public var guideType: Int64?
    /// The gift it suggests.
    public var giftId: Int64?
    public var description: String?
    /// How long it shows.
    public var duration: Int64?
    public var displayStyle: Int64?
    public var scene: String?
    /// How often it may show: per room and per day.
    public var roomShowCount: Int64?
    public var dayShowCount: Int64?
    /// How long the stream had run.
    public var streamTime: Int64?
}

/// A captcha the viewer must solve to stay in the room (`accessControl`).
public struct AccessControlPayload: EventPayload {
    public var captchaRecordId: String?
    public var captchaRoomId: String?
    /// How long the viewer has to solve it.
    public var verifyDurationSec: Int64?
}
