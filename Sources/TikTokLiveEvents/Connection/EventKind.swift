/// A typed handler's event: `live.on(.chat) { (chat: ChatEvent) in ... }`.
///
/// A generic kind also matches its specific events, as names do: `.social` sees follows and shares,
/// `.member` sees joins, `.control` sees `streamEnd`. Events without a kind of their own (`giftPanelUpdate`,
/// ...) are reached by name: `live.on("giftPanelUpdate") { ... }`.
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
