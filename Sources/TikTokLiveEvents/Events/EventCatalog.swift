/// Every wire method this library knows, and the event name each one is delivered under.
///
/// Methods with a modelled payload are decoded by ``EventMapper``; the rest of the catalog arrives as
/// ``LiveEvent/other(_:)`` with its fields in `extras`. A method missing from the catalog is `unknown`.
public enum EventCatalog {
    /// Methods whose names do not follow the naming rule, or that share a name with another method.
    static let explicitNames: [String: String] = [
        "WebcastChatMessage": "chat",
        "WebcastEmoteChatMessage": "emoteChat",
        "WebcastGiftMessage": "gift",
        "WebcastLikeMessage": "like",
        "WebcastMemberMessage": "member",
        "WebcastSocialMessage": "social",
        "WebcastRoomUserSeqMessage": "roomUserSeq",
        "WebcastControlMessage": "control",
        "WebcastCaptionMessage": "caption",
        "WebcastImDeleteMessage": "imDelete",
        "WebcastLinkMicBattle": "battle",
        "WebcastLinkMicArmies": "battleArmies",
        "WebcastLinkMicBattleItemCard": "battleItemCard",
        "WebcastLinkMicBattlePunishFinish": "battlePunishFinish",
        "WebcastLinkmicBattleNoticeMessage": "battleNotice",
        "WebcastLinkmicBattleTaskMessage": "battleTask",
        "WebcastQuestionNewMessage": "question",
        "WebcastSubNotifyMessage": "subscribe",
        "WebcastSubPinEventMessage": "subPin",
        "WebcastHourlyRankMessage": "hourlyRank",
        "WebcastHourlyRankRewardMessage": "hourlyRank",
        "WebcastBottomMessage": "bottomMessage",
        "WebcastRoomMessage": "room",
        "RoomMessage": "room",
        "WebcastSystemMessage": "room",
        "WebcastLinkMicFanTicketMethod": "fanTicket",
        "WebcastLinkMicMethod": "linkMicMethod",
        "LinkMicMethod": "linkMicMethod",
        "WebcastRoomVerifyMessage": "roomVerify",
        "RoomVerifyMessage": "roomVerify",
        "WebcastBarrageMessage": "barrage",
        "WebcastEnvelopeMessage": "envelope",
    ]

    /// Methods named by the rule (``ruleName(for:)``): the protocol's documented methods and those seen on the wire.
    static let ruleNamedMethods: [String] = [
        "WebcastLiveIntroMessage", "WebcastGoalUpdateMessage", "WebcastRankUpdateMessage", "WebcastPollMessage",
        "WebcastRoomPinMessage", "WebcastUnauthorizedMemberMessage", "WebcastLinkMessage", "WebcastLinkLayerMessage",
        "WebcastLinkMicLayoutStateMessage", "WebcastLinkStateMessage", "WebcastGiftPanelUpdateMessage",
        "WebcastInRoomBannerMessage", "WebcastGuideMessage", "WebcastMsgDetectMessage", "WebcastOecLiveShoppingMessage",
        "WebcastGiftBroadcastMessage", "WebcastRankTextMessage", "WebcastGiftDynamicRestrictionMessage",
        "WebcastViewerPicksUpdateMessage", "WebcastAccessControlMessage", "WebcastAccessRecallMessage",
        "WebcastAlertBoxAuditResultMessage", "WebcastBindingGiftMessage", "WebcastBoostCardMessage",
        "WebcastCapsuleMessage", "WebcastGameRankNotifyMessage", "WebcastGiftPromptMessage",
        "WebcastMarqueeAnnouncementMessage", "WebcastNoticeMessage", "WebcastNotifyMessage", "WebcastRoomNotifyMessage",
        "WebcastPartnershipDropsUpdateMessage", "WebcastPartnershipGameOfflineMessage",
        "WebcastPartnershipPunishMessage",
        "WebcastPerceptionMessage", "WebcastSpeakerMessage", "WebcastSubCapsuleMessage",
        "WebcastSubscriptionNotifyMessage",
        "WebcastToastMessage", "WebcastLiveGameIntroMessage", "WebcastAnchorToolModificationMessage",
        "WebcastBALeadGenMessage", "WebcastDonationStickerModifyMethod", "WebcastEcShortItemRefreshMessage",
        "WebcastEcTaskRegisterMessage", "WebcastEnvelopePortalMessage", "WebcastGiftCollectionUpdateMessage",
        "WebcastGoodyBagMessage", "WebcastHashtagMessage", "WebcastInRoomBannerRefreshMessage",
        "WebcastLinkMicAnchorGuideMessage", "WebcastLinkScreenChangeMessage", "WebcastPaidContentLiveShoppingMessage",
        "WebcastPartnershipCardChangeMessage", "WebcastPartnershipDownloadCountMessage", "WebcastPictionaryEndMessage",
        "WebcastPictionaryExitMessage", "WebcastPictionaryStartMessage", "WebcastPictionaryUpdateMessage",
        "WebcastQuestionDeleteMessage", "WebcastQuestionSelectedMessage", "WebcastQuestionSlideDownMessage",
        "WebcastQuestionSwitchMessage", "WebcastRoomStickerMessage", "WebcastSubTimerStickerMessage",
        "WebcastSubWaveMessage", "WebcastSubscriptionGuideMessage", "WebcastWeeklyRankRewardMessage",
        "WebcastAISummaryMessage", "WebcastCommentTrayMessage", "WebcastGameServerFeatureMessage",
        "WebcastPrivilegeAdvanceMessage", "WebcastKaraokeReqMessage", "WebcastGameMomentMessage",
    ]

    /// Wire method → event name, for every method in the catalog.
    public static let eventNames: [String: String] = {
        var names = explicitNames
        for method in ruleNamedMethods where names[method] == nil {
            names[method] = ruleName(for: method)
        }
        return names
    }()

    /// Every method in the catalog, sorted.
    public static var methods: [String] { eventNames.keys.sorted() }

    /// The event name for a method in the catalog, or `nil` for a method outside it.
    public static func eventName(for method: String) -> String? {
        eventNames[method]
    }

    /// Every event name a user can filter or register by: wire names, derived names, aliases, lifecycle.
    public static let allEventNames: Set<String> = {
        var names = Set(eventNames.values)
        names.formUnion([
            "join", "follow", "share", "streamEnd", "superFan", "superFanJoin", "superFanBox", "viewer", "unknown",
            "connected", "roomInfo", "reconnecting", "disconnected", "error", "event",
        ])
        return names
    }()

    /// The naming rule: drop a leading `Webcast`, drop a trailing `Message`, lower the first letter
    /// (`WebcastGiftPanelUpdateMessage` → `giftPanelUpdate`).
    public static func ruleName(for method: String) -> String {
        var name = Substring(method)
        if name.hasPrefix("Webcast") { name = name.dropFirst("Webcast".count) }
        if name.hasSuffix("Message"), name.count > "Message".count { name = name.dropLast("Message".count) }
        guard let first = name.first else { return method }
        return first.lowercased() + name.dropFirst()
    }
}
