/// A typed handler's event: `live.on(.chat) { (chat: ChatEvent) in ... }`.
///
/// A generic kind also matches its specific events, as names do: `.social` sees follows and shares,
/// `.member` sees joins, `.control` sees `streamEnd`. Events without a kind of their own (`inRoomBanner`,
/// ...) are reached by name: `live.on("inRoomBanner") { ... }`.
public struct EventKind<Value: Sendable>: Sendable {
    /// The name the handler is registered under.
    public let name: String
    let extract: @Sendable (LiveEvent) -> Value?

    public init(name: String, extract: @escaping @Sendable (LiveEvent) -> Value?) {
        self.name = name
        self.extract = extract
    }

    /// A kind named by its entry in the one list of names.
    init(_ name: LiveEvent.Name, extract: @escaping @Sendable (LiveEvent) -> Value?) {
        self.init(name: name.rawValue, extract: extract)
    }
}

extension EventKind where Value == LiveEvent {
    /// Every wire message, once (the catch-all `event`).
    public static var event: Self { Self(name: LiveEvent.Name.catchAll) { $0 } }
}

extension EventKind where Value == ChatEvent {
    public static var chat: Self { Self(.chat) { if case .chat(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == EmoteChatEvent {
    public static var emoteChat: Self { Self(.emoteChat) { if case .emoteChat(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GiftEvent {
    public static var gift: Self { Self(.gift) { if case .gift(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == LikeEvent {
    public static var like: Self { Self(.like) { if case .like(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == MemberEvent {
    /// Member notices, joins included.
    public static var member: Self {
        Self(.member) {
            switch $0 {
            case .member(let e), .join(let e): e
            default: nil
            }
        }
    }
    public static var join: Self { Self(.join) { if case .join(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == SocialEvent {
    /// Social actions, follows and shares included.
    public static var social: Self {
        Self(.social) {
            switch $0 {
            case .social(let e), .follow(let e), .share(let e): e
            default: nil
            }
        }
    }
    public static var follow: Self { Self(.follow) { if case .follow(let e) = $0 { e } else { nil } } }
    public static var share: Self { Self(.share) { if case .share(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RoomUserSeqEvent {
    /// Viewer counts, under the event's own name.
    public static var roomUserSeq: Self {
        Self(.roomUserSeq) { if case .roomUserSeq(let e) = $0 { e } else { nil } }
    }
    /// Viewer counts: ``roomUserSeq`` under its alias.
    public static var viewer: Self { roomUserSeq }
}

extension EventKind where Value == ControlEvent {
    /// Pause, resume and end.
    public static var control: Self {
        Self(.control) {
            switch $0 {
            case .control(let e), .streamEnd(let e): e
            default: nil
            }
        }
    }
    /// The stream ended (3) or was suspended (4); ``TikTokLive/run()`` returns after it.
    public static var streamEnd: Self { Self(.streamEnd) { if case .streamEnd(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == CaptionEvent {
    public static var caption: Self { Self(.caption) { if case .caption(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == ImDeleteEvent {
    public static var imDelete: Self { Self(.imDelete) { if case .imDelete(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == BattleEvent {
    public static var battle: Self { Self(.battle) { if case .battle(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == BattleArmiesEvent {
    public static var battleArmies: Self {
        Self(.battleArmies) { if case .battleArmies(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == QuestionEvent {
    public static var question: Self { Self(.question) { if case .question(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == SubscribeEvent {
    public static var subscribe: Self { Self(.subscribe) { if case .subscribe(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == EnvelopeEvent {
    /// Treasure chests, super-fan boxes included.
    public static var envelope: Self {
        Self(.envelope) {
            switch $0 {
            case .envelope(let e), .superFanBox(let e): e
            default: nil
            }
        }
    }
}

extension EventKind where Value == BarrageEvent {
    /// Banner notices, super-fan notices included.
    public static var barrage: Self {
        Self(.barrage) {
            switch $0 {
            case .barrage(let e), .superFan(let e), .superFanJoin(let e): e
            default: nil
            }
        }
    }
}

extension EventKind where Value == UnauthorizedMemberEvent {
    public static var unauthorizedMember: Self {
        Self(.unauthorizedMember) { if case .unauthorizedMember(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == RoomMessageEvent {
    /// Room and system notices.
    public static var room: Self { Self(.room) { if case .room(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GoalUpdateEvent {
    public static var goalUpdate: Self { Self(.goalUpdate) { if case .goalUpdate(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == PollEvent {
    public static var poll: Self { Self(.poll) { if case .poll(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RankUpdateEvent {
    public static var rankUpdate: Self { Self(.rankUpdate) { if case .rankUpdate(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RoomPinEvent {
    /// A pin or unpin; ``RoomPinPayload/pinned`` is the pinned message as its own event.
    public static var roomPin: Self { Self(.roomPin) { if case .roomPin(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == ShoppingEvent {
    public static var oecLiveShopping: Self {
        Self(.oecLiveShopping) { if case .oecLiveShopping(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == LiveIntroEvent {
    public static var liveIntro: Self { Self(.liveIntro) { if case .liveIntro(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == FanTicketEvent {
    public static var fanTicket: Self { Self(.fanTicket) { if case .fanTicket(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RankTextEvent {
    public static var rankText: Self { Self(.rankText) { if case .rankText(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == AccessRecallEvent {
    public static var accessRecall: Self {
        Self(.accessRecall) { if case .accessRecall(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == BottomMessageEvent {
    public static var bottomMessage: Self {
        Self(.bottomMessage) { if case .bottomMessage(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == BattlePunishFinishEvent {
    public static var battlePunishFinish: Self {
        Self(.battlePunishFinish) { if case .battlePunishFinish(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == RoomVerifyEvent {
    public static var roomVerify: Self { Self(.roomVerify) { if case .roomVerify(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == CapsuleEvent {
    public static var capsule: Self { Self(.capsule) { if case .capsule(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RoomNotifyEvent {
    public static var roomNotify: Self { Self(.roomNotify) { if case .roomNotify(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GiftBroadcastEvent {
    public static var giftBroadcast: Self {
        Self(.giftBroadcast) { if case .giftBroadcast(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == MarqueeAnnouncementEvent {
    public static var marqueeAnnouncement: Self {
        Self(.marqueeAnnouncement) { if case .marqueeAnnouncement(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == BattleItemCardEvent {
    public static var battleItemCard: Self {
        Self(.battleItemCard) { if case .battleItemCard(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == BattleTaskEvent {
    public static var battleTask: Self { Self(.battleTask) { if case .battleTask(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == SubPinEvent {
    public static var subPin: Self { Self(.subPin) { if case .subPin(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == HourlyRankEvent {
    public static var hourlyRank: Self { Self(.hourlyRank) { if case .hourlyRank(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == PerceptionEvent {
    public static var perception: Self { Self(.perception) { if case .perception(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == MsgDetectEvent {
    public static var msgDetect: Self { Self(.msgDetect) { if case .msgDetect(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == PartnershipDropsUpdateEvent {
    public static var partnershipDropsUpdate: Self {
        Self(.partnershipDropsUpdate) { if case .partnershipDropsUpdate(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == ToastEvent {
    public static var toast: Self { Self(.toast) { if case .toast(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GiftPromptEvent {
    public static var giftPrompt: Self { Self(.giftPrompt) { if case .giftPrompt(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == LiveGameIntroEvent {
    public static var liveGameIntro: Self {
        Self(.liveGameIntro) { if case .liveGameIntro(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == GameRankNotifyEvent {
    public static var gameRankNotify: Self {
        Self(.gameRankNotify) { if case .gameRankNotify(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == NoticeEvent {
    public static var notice: Self { Self(.notice) { if case .notice(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GuideEvent {
    public static var guide: Self { Self(.guide) { if case .guide(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == AccessControlEvent {
    public static var accessControl: Self {
        Self(.accessControl) { if case .accessControl(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == BoostCardEvent {
    public static var boostCard: Self { Self(.boostCard) { if case .boostCard(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == GiftDynamicRestrictionEvent {
    public static var giftDynamicRestriction: Self {
        Self(.giftDynamicRestriction) { if case .giftDynamicRestriction(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == GiftPanelUpdateEvent {
    public static var giftPanelUpdate: Self {
        Self(.giftPanelUpdate) { if case .giftPanelUpdate(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == ViewerPicksUpdateEvent {
    public static var viewerPicksUpdate: Self {
        Self(.viewerPicksUpdate) { if case .viewerPicksUpdate(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == LinkMicLayoutStateEvent {
    public static var linkMicLayoutState: Self {
        Self(.linkMicLayoutState) { if case .linkMicLayoutState(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == LinkStateEvent {
    public static var linkState: Self { Self(.linkState) { if case .linkState(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == PartnershipGameOfflineEvent {
    public static var partnershipGameOffline: Self {
        Self(.partnershipGameOffline) { if case .partnershipGameOffline(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == PartnershipPunishEvent {
    public static var partnershipPunish: Self {
        Self(.partnershipPunish) { if case .partnershipPunish(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == LinkEvent {
    public static var link: Self { Self(.link) { if case .link(let e) = $0 { e } else { nil } } }
    public static var linkLayer: Self { Self(.linkLayer) { if case .linkLayer(let e) = $0 { e } else { nil } } }
    public static var linkMicMethod: Self {
        Self(.linkMicMethod) { if case .linkMicMethod(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == UnknownEvent {
    /// A method outside the catalog.
    public static var unknown: Self { Self(.unknown) { if case .unknown(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == ConnectedEvent {
    public static var connected: Self { Self(.connected) { if case .connected(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == RoomInfoEvent {
    public static var roomInfo: Self { Self(.roomInfo) { if case .roomInfo(let e) = $0 { e } else { nil } } }
}

extension EventKind where Value == ReconnectingEvent {
    public static var reconnecting: Self {
        Self(.reconnecting) { if case .reconnecting(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == DisconnectedEvent {
    public static var disconnected: Self {
        Self(.disconnected) { if case .disconnected(let e) = $0 { e } else { nil } }
    }
}

extension EventKind where Value == ErrorEvent {
    public static var error: Self { Self(.error) { if case .error(let e) = $0 { e } else { nil } } }
}
