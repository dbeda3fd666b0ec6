public typealias ChatEvent = WireEvent<ChatPayload>
public typealias EmoteChatEvent = WireEvent<EmoteChatPayload>
public typealias GiftEvent = WireEvent<GiftPayload>
public typealias LikeEvent = WireEvent<LikePayload>
public typealias MemberEvent = WireEvent<MemberPayload>
public typealias SocialEvent = WireEvent<SocialPayload>
public typealias UnauthorizedMemberEvent = WireEvent<UnauthorizedMemberPayload>
public typealias RoomUserSeqEvent = WireEvent<RoomUserSeqPayload>
public typealias ControlEvent = WireEvent<ControlPayload>
public typealias CaptionEvent = WireEvent<CaptionPayload>
public typealias ImDeleteEvent = WireEvent<ImDeletePayload>
public typealias BattleEvent = WireEvent<BattlePayload>
public typealias BattleArmiesEvent = WireEvent<BattleArmiesPayload>
public typealias QuestionEvent = WireEvent<QuestionPayload>
public typealias SubscribeEvent = WireEvent<SubscribePayload>
public typealias RoomMessageEvent = WireEvent<RoomMessagePayload>
public typealias BarrageEvent = WireEvent<BarragePayload>
public typealias EnvelopeEvent = WireEvent<EnvelopePayload>
public typealias GoalUpdateEvent = WireEvent<GoalUpdatePayload>
public typealias PollEvent = WireEvent<PollPayload>
public typealias RankUpdateEvent = WireEvent<RankUpdatePayload>
public typealias LinkEvent = WireEvent<LinkPayload>
public typealias RoomPinEvent = WireEvent<RoomPinPayload>
public typealias ShoppingEvent = WireEvent<ShoppingPayload>
public typealias LiveIntroEvent = WireEvent<LiveIntroPayload>
public typealias FanTicketEvent = WireEvent<FanTicketPayload>
public typealias RankTextEvent = WireEvent<RankTextPayload>
public typealias AccessRecallEvent = WireEvent<AccessRecallPayload>
public typealias BottomMessageEvent = WireEvent<BottomMessagePayload>
public typealias BattlePunishFinishEvent = WireEvent<BattlePunishFinishPayload>
public typealias RoomVerifyEvent = WireEvent<RoomVerifyPayload>
public typealias CapsuleEvent = WireEvent<CapsulePayload>
public typealias RoomNotifyEvent = WireEvent<RoomNotifyPayload>
public typealias GiftBroadcastEvent = WireEvent<GiftBroadcastPayload>
public typealias MarqueeAnnouncementEvent = WireEvent<MarqueeAnnouncementPayload>
public typealias BattleItemCardEvent = WireEvent<BattleItemCardPayload>
public typealias BattleTaskEvent = WireEvent<BattleTaskPayload>
public typealias SubPinEvent = WireEvent<SubPinPayload>
public typealias HourlyRankEvent = WireEvent<HourlyRankPayload>
public typealias PerceptionEvent = WireEvent<PerceptionPayload>
public typealias MsgDetectEvent = WireEvent<MsgDetectPayload>
public typealias PartnershipDropsUpdateEvent = WireEvent<PartnershipDropsUpdatePayload>
public typealias ToastEvent = WireEvent<ToastPayload>
public typealias GiftPromptEvent = WireEvent<GiftPromptPayload>
public typealias LiveGameIntroEvent = WireEvent<LiveGameIntroPayload>
public typealias GameRankNotifyEvent = WireEvent<GameRankNotifyPayload>
public typealias NoticeEvent = WireEvent<NoticePayload>
public typealias GuideEvent = WireEvent<GuidePayload>
public typealias AccessControlEvent = WireEvent<AccessControlPayload>
public typealias BoostCardEvent = WireEvent<BoostCardPayload>
public typealias GiftDynamicRestrictionEvent = WireEvent<GiftDynamicRestrictionPayload>
public typealias GiftPanelUpdateEvent = WireEvent<GiftPanelUpdatePayload>
public typealias ViewerPicksUpdateEvent = WireEvent<ViewerPicksUpdatePayload>
public typealias LinkMicLayoutStateEvent = WireEvent<LinkMicLayoutStatePayload>
public typealias LinkStateEvent = WireEvent<LinkStatePayload>
public typealias PartnershipGameOfflineEvent = WireEvent<PartnershipGameOfflinePayload>
public typealias PartnershipPunishEvent = WireEvent<PartnershipPunishPayload>
public typealias GenericEvent = WireEvent<GenericPayload>
public typealias UnknownEvent = WireEvent<UnknownPayload>

// Indirect: inline, an event took 512 bytes (a gift carries two users), and every move and copy paid for that and for
// a retain per string; boxed, a copy is one retain. About 5% of `replay --json`.

/// Everything a room can deliver: one case per kind of event, under its most specific name.
///
/// Switch over it, or register handlers by name (``name`` plus ``genericName``); the JSON form is
/// `{"type": name, "data": {...}}` (the README lists the names).
public indirect enum LiveEvent: Sendable, Hashable {
    case chat(ChatEvent)
    case emoteChat(EmoteChatEvent)
    case gift(GiftEvent)
    case like(LikeEvent)
    /// A member notice other than a join.
    case member(MemberEvent)
    case join(MemberEvent)
    /// A social action that is neither a follow nor a share.
    case social(SocialEvent)
    case follow(SocialEvent)
    case share(SocialEvent)
    case unauthorizedMember(UnauthorizedMemberEvent)
    /// Viewer counts (alias `viewer`).
    case roomUserSeq(RoomUserSeqEvent)
    /// Pause and resume.
    case control(ControlEvent)
    /// The stream ended (action 3) or was suspended (4).
    case streamEnd(ControlEvent)
    case caption(CaptionEvent)
    case imDelete(ImDeleteEvent)
    case battle(BattleEvent)
    case battleArmies(BattleArmiesEvent)
    case question(QuestionEvent)
    case subscribe(SubscribeEvent)
    case room(RoomMessageEvent)
    case barrage(BarrageEvent)
    case superFan(BarrageEvent)
    case superFanJoin(BarrageEvent)
    case envelope(EnvelopeEvent)
    case superFanBox(EnvelopeEvent)
    case goalUpdate(GoalUpdateEvent)
    case poll(PollEvent)
    case rankUpdate(RankUpdateEvent)
    case link(LinkEvent)
    case linkLayer(LinkEvent)
    case linkMicMethod(LinkEvent)
    case roomPin(RoomPinEvent)
    case oecLiveShopping(ShoppingEvent)
    case liveIntro(LiveIntroEvent)
    case fanTicket(FanTicketEvent)
    case rankText(RankTextEvent)
    case accessRecall(AccessRecallEvent)
    case bottomMessage(BottomMessageEvent)
    case battlePunishFinish(BattlePunishFinishEvent)
    case roomVerify(RoomVerifyEvent)
    case capsule(CapsuleEvent)
    case roomNotify(RoomNotifyEvent)
    case giftBroadcast(GiftBroadcastEvent)
    case marqueeAnnouncement(MarqueeAnnouncementEvent)
    case battleItemCard(BattleItemCardEvent)
    case battleTask(BattleTaskEvent)
    case subPin(SubPinEvent)
    case hourlyRank(HourlyRankEvent)
    case perception(PerceptionEvent)
    case msgDetect(MsgDetectEvent)
    case partnershipDropsUpdate(PartnershipDropsUpdateEvent)
    case toast(ToastEvent)
    case giftPrompt(GiftPromptEvent)
    case liveGameIntro(LiveGameIntroEvent)
    case gameRankNotify(GameRankNotifyEvent)
    case notice(NoticeEvent)
    case guide(GuideEvent)
    case accessControl(AccessControlEvent)
    case boostCard(BoostCardEvent)
    case giftDynamicRestriction(GiftDynamicRestrictionEvent)
    case giftPanelUpdate(GiftPanelUpdateEvent)
    case viewerPicksUpdate(ViewerPicksUpdateEvent)
    case linkMicLayoutState(LinkMicLayoutStateEvent)
    case linkState(LinkStateEvent)
    case partnershipGameOffline(PartnershipGameOfflineEvent)
    case partnershipPunish(PartnershipPunishEvent)
    /// A catalog method whose fields the schema does not model (`battleNotice`, `inRoomBanner`, ...):
    /// its `type` names it; its fields are in `extras`.
    case other(GenericEvent)
    /// A method outside the catalog.
    case unknown(UnknownEvent)

    case connected(ConnectedEvent)
    case roomInfo(RoomInfoEvent)
    case reconnecting(ReconnectingEvent)
    case disconnected(DisconnectedEvent)
    case error(ErrorEvent)
}

extension LiveEvent {
    /// Every event name a case has, one per case (``other(_:)`` is named by its catalog method instead): the one
    /// list of names. ``name``, the JSON decoder, ``EventKind``, ``EventCatalog/allEventNames`` and the CLI's lists
    /// are derived from it.
    ///
    /// In the order the CLI's help lists them: a generic name after its specific ones (`join`, then `member`).
    public enum Name: String, CaseIterable, Sendable, Hashable {
        case chat, emoteChat, gift, like
        case join, member
        case follow, share, social
        case roomUserSeq
        case streamEnd, control
        case caption, imDelete, battle, battleArmies, question, subscribe, room
        case superFan, superFanJoin, barrage
        case superFanBox, envelope
        case goalUpdate, poll, rankUpdate, link, linkLayer, linkMicMethod, roomPin, oecLiveShopping, liveIntro
        case fanTicket, rankText, accessRecall, bottomMessage, battlePunishFinish
        case roomVerify, capsule, roomNotify, giftBroadcast, marqueeAnnouncement
        case battleItemCard, battleTask, subPin, hourlyRank, perception, msgDetect, partnershipDropsUpdate
        case toast, giftPrompt, liveGameIntro, gameRankNotify, notice, guide, accessControl
        case boostCard, giftDynamicRestriction, giftPanelUpdate, viewerPicksUpdate
        case linkMicLayoutState, linkState, partnershipGameOffline, partnershipPunish
        case unauthorizedMember
        case unknown
        case connected, roomInfo, reconnecting, disconnected, error

        /// `viewer`: the other name of ``roomUserSeq``, the one name that is not a case's.
        public static let viewer = "viewer"

        /// `event`: the handler name that catches every wire message (``EventKind/event``), not an event's name.
        public static let catchAll = "event"

        /// The generic name a specific event also answers to (`social` for a follow, `viewer` for
        /// `roomUserSeq`), or `nil`.
        public var genericName: String? {
            switch self {
            case .join: Name.member.rawValue
            case .follow, .share: Name.social.rawValue
            case .streamEnd: Name.control.rawValue
            case .superFan, .superFanJoin: Name.barrage.rawValue
            case .superFanBox: Name.envelope.rawValue
            case .roomUserSeq: Name.viewer
            default: nil
            }
        }

        /// The name's case, for a case's name or the alias `viewer`.
        public init?(matching name: String) {
            if name == Name.viewer {
                self = .roomUserSeq
            } else {
                self.init(rawValue: name)
            }
        }

        /// Whether events of this name come from wire messages (as opposed to the client's own lifecycle events).
        public var isWireEvent: Bool {
            switch self {
            case .connected, .roomInfo, .reconnecting, .disconnected, .error: false
            default: true
            }
        }
    }

    /// The case's entry in ``Name``; `nil` for ``other(_:)``, whose name is its catalog method's.
    public var fixedName: Name? {
        switch self {
        case .chat: .chat
        case .emoteChat: .emoteChat
        case .gift: .gift
        case .like: .like
        case .member: .member
        case .join: .join
        case .social: .social
        case .follow: .follow
        case .share: .share
        case .unauthorizedMember: .unauthorizedMember
        case .roomUserSeq: .roomUserSeq
        case .control: .control
        case .streamEnd: .streamEnd
        case .caption: .caption
        case .imDelete: .imDelete
        case .battle: .battle
        case .battleArmies: .battleArmies
        case .question: .question
        case .subscribe: .subscribe
        case .room: .room
        case .barrage: .barrage
        case .superFan: .superFan
        case .superFanJoin: .superFanJoin
        case .envelope: .envelope
        case .superFanBox: .superFanBox
        case .goalUpdate: .goalUpdate
        case .poll: .poll
        case .rankUpdate: .rankUpdate
        case .link: .link
        case .linkLayer: .linkLayer
        case .linkMicMethod: .linkMicMethod
        case .roomPin: .roomPin
        case .oecLiveShopping: .oecLiveShopping
        case .liveIntro: .liveIntro
        case .fanTicket: .fanTicket
        case .rankText: .rankText
        case .accessRecall: .accessRecall
        case .bottomMessage: .bottomMessage
        case .battlePunishFinish: .battlePunishFinish
        case .roomVerify: .roomVerify
        case .capsule: .capsule
        case .roomNotify: .roomNotify
        case .giftBroadcast: .giftBroadcast
        case .marqueeAnnouncement: .marqueeAnnouncement
        case .battleItemCard: .battleItemCard
        case .battleTask: .battleTask
        case .subPin: .subPin
        case .hourlyRank: .hourlyRank
        case .perception: .perception
        case .msgDetect: .msgDetect
        case .partnershipDropsUpdate: .partnershipDropsUpdate
        case .toast: .toast
        case .giftPrompt: .giftPrompt
        case .liveGameIntro: .liveGameIntro
        case .gameRankNotify: .gameRankNotify
        case .notice: .notice
        case .guide: .guide
        case .accessControl: .accessControl
        case .boostCard: .boostCard
        case .giftDynamicRestriction: .giftDynamicRestriction
        case .giftPanelUpdate: .giftPanelUpdate
        case .viewerPicksUpdate: .viewerPicksUpdate
        case .linkMicLayoutState: .linkMicLayoutState
        case .linkState: .linkState
        case .partnershipGameOffline: .partnershipGameOffline
        case .partnershipPunish: .partnershipPunish
        case .other: nil
        case .unknown: .unknown
        case .connected: .connected
        case .roomInfo: .roomInfo
        case .reconnecting: .reconnecting
        case .disconnected: .disconnected
        case .error: .error
        }
    }

    /// The most specific name: `follow` rather than `social`, `join` rather than `member`.
    public var name: String {
        if case .other(let event) = self { return event.type }
        return fixedName?.rawValue ?? ""
    }

    /// The generic name a specific event also answers to (`social` for a follow, `viewer` for
    /// `roomUserSeq`), or `nil`.
    public var genericName: String? {
        fixedName?.genericName
    }

    /// Every name a handler or filter can match this event by.
    public var names: [String] {
        if let genericName { [name, genericName] } else { [name] }
    }

    /// Whether the event came from a wire message (as opposed to the client's own lifecycle events).
    public var isWireEvent: Bool {
        fixedName?.isWireEvent ?? true
    }

    /// The wire message id, for wire events.
    public var msgId: String? {
        messageID?.string
    }

    /// The wire message id as held, for de-duplication.
    var messageID: WireID? {
        // The busy events first, without building the whole base: every event is de-duplicated by this.
        switch self {
        case .chat(let e): e.messageID
        case .like(let e): e.messageID
        case .member(let e), .join(let e): e.messageID
        case .gift(let e): e.messageID
        case .roomUserSeq(let e): e.messageID
        default: wireBase?.messageID
        }
    }

    /// The wire method, for wire events.
    public var method: String? {
        wireBase?.method
    }

    /// Whether this is a `like`, asked without copying the payload out.
    var isLike: Bool {
        if case .like = self { return true }
        return false
    }

    /// The base fields of a wire event, whatever its payload.
    public var wireBase: WireEventBase? {
        switch self {
        case .chat(let e): WireEventBase(e)
        case .emoteChat(let e): WireEventBase(e)
        case .gift(let e): WireEventBase(e)
        case .like(let e): WireEventBase(e)
        case .member(let e), .join(let e): WireEventBase(e)
        case .social(let e), .follow(let e), .share(let e): WireEventBase(e)
        case .unauthorizedMember(let e): WireEventBase(e)
        case .roomUserSeq(let e): WireEventBase(e)
        case .control(let e), .streamEnd(let e): WireEventBase(e)
        case .caption(let e): WireEventBase(e)
        case .imDelete(let e): WireEventBase(e)
        case .battle(let e): WireEventBase(e)
        case .battleArmies(let e): WireEventBase(e)
        case .question(let e): WireEventBase(e)
        case .subscribe(let e): WireEventBase(e)
        case .room(let e): WireEventBase(e)
        case .barrage(let e), .superFan(let e), .superFanJoin(let e): WireEventBase(e)
        case .envelope(let e), .superFanBox(let e): WireEventBase(e)
        case .goalUpdate(let e): WireEventBase(e)
        case .poll(let e): WireEventBase(e)
        case .rankUpdate(let e): WireEventBase(e)
        case .link(let e), .linkLayer(let e), .linkMicMethod(let e): WireEventBase(e)
        case .roomPin(let e): WireEventBase(e)
        case .oecLiveShopping(let e): WireEventBase(e)
        case .liveIntro(let e): WireEventBase(e)
        case .fanTicket(let e): WireEventBase(e)
        case .rankText(let e): WireEventBase(e)
        case .accessRecall(let e): WireEventBase(e)
        case .bottomMessage(let e): WireEventBase(e)
        case .battlePunishFinish(let e): WireEventBase(e)
        case .roomVerify(let e): WireEventBase(e)
        case .capsule(let e): WireEventBase(e)
        case .roomNotify(let e): WireEventBase(e)
        case .giftBroadcast(let e): WireEventBase(e)
        case .marqueeAnnouncement(let e): WireEventBase(e)
        case .battleItemCard(let e): WireEventBase(e)
        case .battleTask(let e): WireEventBase(e)
        case .subPin(let e): WireEventBase(e)
        case .hourlyRank(let e): WireEventBase(e)
        case .perception(let e): WireEventBase(e)
        case .msgDetect(let e): WireEventBase(e)
        case .partnershipDropsUpdate(let e): WireEventBase(e)
        case .toast(let e): WireEventBase(e)
        case .giftPrompt(let e): WireEventBase(e)
        case .liveGameIntro(let e): WireEventBase(e)
        case .gameRankNotify(let e): WireEventBase(e)
        case .notice(let e): WireEventBase(e)
        case .guide(let e): WireEventBase(e)
        case .accessControl(let e): WireEventBase(e)
        case .boostCard(let e): WireEventBase(e)
        case .giftDynamicRestriction(let e): WireEventBase(e)
        case .giftPanelUpdate(let e): WireEventBase(e)
        case .viewerPicksUpdate(let e): WireEventBase(e)
        case .linkMicLayoutState(let e): WireEventBase(e)
        case .linkState(let e): WireEventBase(e)
        case .partnershipGameOffline(let e): WireEventBase(e)
        case .partnershipPunish(let e): WireEventBase(e)
        case .other(let e): WireEventBase(e)
        case .unknown(let e): WireEventBase(e)
        case .connected, .roomInfo, .reconnecting, .disconnected, .error: nil
        }
    }

    /// The event's data object, the value under `data` in JSON.
    public var data: any Encodable & Sendable {
        switch self {
        case .chat(let e): e
        case .emoteChat(let e): e
        case .gift(let e): e
        case .like(let e): e
        case .member(let e), .join(let e): e
        case .social(let e), .follow(let e), .share(let e): e
        case .unauthorizedMember(let e): e
        case .roomUserSeq(let e): e
        case .control(let e), .streamEnd(let e): e
        case .caption(let e): e
        case .imDelete(let e): e
        case .battle(let e): e
        case .battleArmies(let e): e
        case .question(let e): e
        case .subscribe(let e): e
        case .room(let e): e
        case .barrage(let e), .superFan(let e), .superFanJoin(let e): e
        case .envelope(let e), .superFanBox(let e): e
        case .goalUpdate(let e): e
        case .poll(let e): e
        case .rankUpdate(let e): e
        case .link(let e), .linkLayer(let e), .linkMicMethod(let e): e
        case .roomPin(let e): e
        case .oecLiveShopping(let e): e
        case .liveIntro(let e): e
        case .fanTicket(let e): e
        case .rankText(let e): e
        case .accessRecall(let e): e
        case .bottomMessage(let e): e
        case .battlePunishFinish(let e): e
        case .roomVerify(let e): e
        case .capsule(let e): e
        case .roomNotify(let e): e
        case .giftBroadcast(let e): e
        case .marqueeAnnouncement(let e): e
        case .battleItemCard(let e): e
        case .battleTask(let e): e
        case .subPin(let e): e
        case .hourlyRank(let e): e
        case .perception(let e): e
        case .msgDetect(let e): e
        case .partnershipDropsUpdate(let e): e
        case .toast(let e): e
        case .giftPrompt(let e): e
        case .liveGameIntro(let e): e
        case .gameRankNotify(let e): e
        case .notice(let e): e
        case .guide(let e): e
        case .accessControl(let e): e
        case .boostCard(let e): e
        case .giftDynamicRestriction(let e): e
        case .giftPanelUpdate(let e): e
        case .viewerPicksUpdate(let e): e
        case .linkMicLayoutState(let e): e
        case .linkState(let e): e
        case .partnershipGameOffline(let e): e
        case .partnershipPunish(let e): e
        case .other(let e): e
        case .unknown(let e): e
        case .connected(let e): e
        case .roomInfo(let e): e
        case .reconnecting(let e): e
        case .disconnected(let e): e
        case .error(let e): e
        }
    }
}

/// The fields every wire event carries, without its payload.
public struct WireEventBase: Sendable, Hashable {
    public var type: String
    public var timestamp: Int64
    public var msgId: String {
        get { messageID.string }
        set { messageID = WireID(newValue) }
    }
    var messageID: WireID
    public var roomId: String
    public var method: String
    /// As ``WireEvent/extras``: decoded from the event's wire bytes each time it is read.
    public var extras: JSONObject {
        get { extrasStorage.object }
        set { extrasStorage = ExtrasStorage(newValue) }
    }
    var extrasStorage: ExtrasStorage

    init<Payload>(_ event: WireEvent<Payload>) {
        type = event.type
        timestamp = event.timestamp
        messageID = event.messageID
        roomId = event.roomId
        method = event.method
        extrasStorage = event.extrasStorage
    }
}

extension LiveEvent: Encodable {
    enum EnvelopeKeys: String, CodingKey {
        case type, data
    }

    /// `{"type": name, "data": {...}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKeys.self)
        try container.encode(name, forKey: .type)
        try container.encode(data, forKey: .data)
    }
}

extension LiveEvent: Decodable {
    /// Reads `{"type": name, "data": {...}}` back: what the relay transport and NDJSON consumers need.
    /// A name outside the catalog's modelled events becomes ``other(_:)`` with its fields in `extras`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        func data<T: Decodable>(_: T.Type) throws -> T {
            try container.decode(T.self, forKey: .data)
        }
        guard let name = Name(matching: type) else {
            // The envelope's name is the event's: a `data.type` that says otherwise (a modelled name, even) must
            // not turn the event into another one when it is written again (a fuzzer's finding, in
            // EventNameTests.swift).
            var event = try data(GenericEvent.self)
            event.type = type
            self = .other(event)
            return
        }
        switch name {
        case .chat: self = .chat(try data(ChatEvent.self))
        case .emoteChat: self = .emoteChat(try data(EmoteChatEvent.self))
        case .gift: self = .gift(try data(GiftEvent.self))
        case .like: self = .like(try data(LikeEvent.self))
        case .member: self = .member(try data(MemberEvent.self))
        case .join: self = .join(try data(MemberEvent.self))
        case .social: self = .social(try data(SocialEvent.self))
        case .follow: self = .follow(try data(SocialEvent.self))
        case .share: self = .share(try data(SocialEvent.self))
        case .unauthorizedMember: self = .unauthorizedMember(try data(UnauthorizedMemberEvent.self))
        case .roomUserSeq: self = .roomUserSeq(try data(RoomUserSeqEvent.self))
        case .control: self = .control(try data(ControlEvent.self))
        case .streamEnd: self = .streamEnd(try data(ControlEvent.self))
        case .caption: self = .caption(try data(CaptionEvent.self))
        case .imDelete: self = .imDelete(try data(ImDeleteEvent.self))
        case .battle: self = .battle(try data(BattleEvent.self))
        case .battleArmies: self = .battleArmies(try data(BattleArmiesEvent.self))
        case .question: self = .question(try data(QuestionEvent.self))
        case .subscribe: self = .subscribe(try data(SubscribeEvent.self))
        case .room: self = .room(try data(RoomMessageEvent.self))
        case .barrage: self = .barrage(try data(BarrageEvent.self))
        case .superFan: self = .superFan(try data(BarrageEvent.self))
        case .superFanJoin: self = .superFanJoin(try data(BarrageEvent.self))
        case .envelope: self = .envelope(try data(EnvelopeEvent.self))
        case .superFanBox: self = .superFanBox(try data(EnvelopeEvent.self))
        case .goalUpdate: self = .goalUpdate(try data(GoalUpdateEvent.self))
        case .poll: self = .poll(try data(PollEvent.self))
        case .rankUpdate: self = .rankUpdate(try data(RankUpdateEvent.self))
        case .link: self = .link(try data(LinkEvent.self))
        case .linkLayer: self = .linkLayer(try data(LinkEvent.self))
        case .linkMicMethod: self = .linkMicMethod(try data(LinkEvent.self))
        case .roomPin: self = .roomPin(try data(RoomPinEvent.self))
        case .oecLiveShopping: self = .oecLiveShopping(try data(ShoppingEvent.self))
        case .liveIntro: self = .liveIntro(try data(LiveIntroEvent.self))
        case .fanTicket: self = .fanTicket(try data(FanTicketEvent.self))
        case .rankText: self = .rankText(try data(RankTextEvent.self))
        case .accessRecall: self = .accessRecall(try data(AccessRecallEvent.self))
        case .bottomMessage: self = .bottomMessage(try data(BottomMessageEvent.self))
        case .battlePunishFinish: self = .battlePunishFinish(try data(BattlePunishFinishEvent.self))
        case .roomVerify: self = .roomVerify(try data(RoomVerifyEvent.self))
        case .capsule: self = .capsule(try data(CapsuleEvent.self))
        case .roomNotify: self = .roomNotify(try data(RoomNotifyEvent.self))
        case .giftBroadcast: self = .giftBroadcast(try data(GiftBroadcastEvent.self))
        case .marqueeAnnouncement: self = .marqueeAnnouncement(try data(MarqueeAnnouncementEvent.self))
        case .battleItemCard: self = .battleItemCard(try data(BattleItemCardEvent.self))
        case .battleTask: self = .battleTask(try data(BattleTaskEvent.self))
        case .subPin: self = .subPin(try data(SubPinEvent.self))
        case .hourlyRank: self = .hourlyRank(try data(HourlyRankEvent.self))
        case .perception: self = .perception(try data(PerceptionEvent.self))
        case .msgDetect: self = .msgDetect(try data(MsgDetectEvent.self))
        case .partnershipDropsUpdate: self = .partnershipDropsUpdate(try data(PartnershipDropsUpdateEvent.self))
        case .toast: self = .toast(try data(ToastEvent.self))
        case .giftPrompt: self = .giftPrompt(try data(GiftPromptEvent.self))
        case .liveGameIntro: self = .liveGameIntro(try data(LiveGameIntroEvent.self))
        case .gameRankNotify: self = .gameRankNotify(try data(GameRankNotifyEvent.self))
        case .notice: self = .notice(try data(NoticeEvent.self))
        case .guide: self = .guide(try data(GuideEvent.self))
        case .accessControl: self = .accessControl(try data(AccessControlEvent.self))
        case .boostCard: self = .boostCard(try data(BoostCardEvent.self))
        case .giftDynamicRestriction: self = .giftDynamicRestriction(try data(GiftDynamicRestrictionEvent.self))
        case .giftPanelUpdate: self = .giftPanelUpdate(try data(GiftPanelUpdateEvent.self))
        case .viewerPicksUpdate: self = .viewerPicksUpdate(try data(ViewerPicksUpdateEvent.self))
        case .linkMicLayoutState: self = .linkMicLayoutState(try data(LinkMicLayoutStateEvent.self))
        case .linkState: self = .linkState(try data(LinkStateEvent.self))
        case .partnershipGameOffline: self = .partnershipGameOffline(try data(PartnershipGameOfflineEvent.self))
        case .partnershipPunish: self = .partnershipPunish(try data(PartnershipPunishEvent.self))
        case .unknown: self = .unknown(try data(UnknownEvent.self))
        case .connected: self = .connected(try data(ConnectedEvent.self))
        case .roomInfo: self = .roomInfo(try data(RoomInfoEvent.self))
        case .reconnecting: self = .reconnecting(try data(ReconnectingEvent.self))
        case .disconnected: self = .disconnected(try data(DisconnectedEvent.self))
        case .error: self = .error(try data(ErrorEvent.self))
        }
    }
}
