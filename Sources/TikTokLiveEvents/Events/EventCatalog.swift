/// Every wire method this library knows, and the event name each one is delivered under.
///
/// Methods with a modelled payload are decoded by the event mapper (`Events/EventMapper.swift`); the rest of the
/// catalog arrives as ``LiveEvent/other(_:)`` with its fields in `extras`. A method missing from the catalog is
/// `unknown`.
public enum EventCatalog {
    /// Methods decoded into a case of their own whose name does not follow the naming rule, or that share a name
    /// with another method.
    static let modelledMethods: [String: LiveEvent.Name] = [
        "WebcastChatMessage": .chat,
        "WebcastEmoteChatMessage": .emoteChat,
        "WebcastGiftMessage": .gift,
        "WebcastLikeMessage": .like,
        "WebcastMemberMessage": .member,
        "WebcastSocialMessage": .social,
        "WebcastRoomUserSeqMessage": .roomUserSeq,
        "WebcastControlMessage": .control,
        "WebcastCaptionMessage": .caption,
        "WebcastImDeleteMessage": .imDelete,
        "WebcastLinkMicBattle": .battle,
        "WebcastLinkMicArmies": .battleArmies,
        "WebcastQuestionNewMessage": .question,
        "WebcastSubNotifyMessage": .subscribe,
        "WebcastRoomMessage": .room,
        "RoomMessage": .room,
        "WebcastSystemMessage": .room,
        "WebcastLinkMicMethod": .linkMicMethod,
        "LinkMicMethod": .linkMicMethod,
        "WebcastBarrageMessage": .barrage,
        "WebcastEnvelopeMessage": .envelope,
        "WebcastLinkMicBattlePunishFinish": .battlePunishFinish,
        "WebcastBottomMessage": .bottomMessage,
        "WebcastLinkMicFanTicketMethod": .fanTicket,
        "WebcastRoomVerifyMessage": .roomVerify,
        "RoomVerifyMessage": .roomVerify,
        "WebcastLinkMicBattleItemCard": .battleItemCard,
        "WebcastLinkmicBattleTaskMessage": .battleTask,
        "WebcastSubPinEventMessage": .subPin,
        "WebcastHourlyRankMessage": .hourlyRank,
        "WebcastHourlyRankRewardMessage": .hourlyRank,
    ]

    /// Methods without a case of their own (they arrive as ``LiveEvent/other(_:)``) whose names do not follow the
    /// naming rule, or that share a name with another method.
    static let irregularNames: [String: String] = [
        "WebcastLinkmicBattleNoticeMessage": "battleNotice"
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
        var names = irregularNames.merging(modelledMethods.mapValues(\.rawValue)) { _, modelled in modelled }
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

    /// Every event name a user can filter or register by: every case's (``LiveEvent/Name``), the alias `viewer`,
    /// the catalog's, and the catch-all `event`.
    public static let allEventNames: Set<String> =
        Set(LiveEvent.Name.allCases.map(\.rawValue)).union(eventNames.values).union([
            LiveEvent.Name.viewer, LiveEvent.Name.catchAll,
        ])

    /// The names the CLI's help and errors list, in ``LiveEvent/Name``'s order (a generic name after its specific
    /// ones, `viewer` after `roomUserSeq`), then the catalog's irregular names: wire events only, then `unknown`
    /// and `error`, which `--filter` takes too.
    public static let listedNames: [String] = {
        var names: [String] = []
        for name in LiveEvent.Name.allCases where name.isWireEvent && name != .unknown {
            names.append(name.rawValue)
            if name == .roomUserSeq { names.append(LiveEvent.Name.viewer) }
        }
        for name in Set(irregularNames.values).sorted() { names.append(name) }
        return names + [LiveEvent.Name.unknown.rawValue, LiveEvent.Name.error.rawValue]
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
