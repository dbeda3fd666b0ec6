import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport

@Suite("Event catalog")
struct CatalogTests {
    /// Every method the DocC Events article and docs/PROTOCOL.md#event-names name, with the event name the contract
    /// gives it.
    static let contract: [String: String] = [
        "WebcastChatMessage": "chat", "WebcastGiftMessage": "gift", "WebcastLikeMessage": "like",
        "WebcastRoomUserSeqMessage": "roomUserSeq", "WebcastCaptionMessage": "caption",
        "WebcastImDeleteMessage": "imDelete",
        "WebcastLinkMicBattle": "battle", "WebcastLinkMicArmies": "battleArmies",
        "WebcastLinkMicBattleItemCard": "battleItemCard", "WebcastLinkMicBattlePunishFinish": "battlePunishFinish",
        "WebcastLinkmicBattleNoticeMessage": "battleNotice", "WebcastLinkmicBattleTaskMessage": "battleTask",
        "WebcastQuestionNewMessage": "question", "WebcastSubNotifyMessage": "subscribe",
        "WebcastSubPinEventMessage": "subPin",
        "WebcastHourlyRankMessage": "hourlyRank", "WebcastHourlyRankRewardMessage": "hourlyRank",
        "WebcastBottomMessage": "bottomMessage", "WebcastRoomMessage": "room", "RoomMessage": "room",
        "WebcastSystemMessage": "room",
        "WebcastLinkMicFanTicketMethod": "fanTicket", "WebcastLinkMicMethod": "linkMicMethod",
        "LinkMicMethod": "linkMicMethod",
        "WebcastRoomVerifyMessage": "roomVerify", "RoomVerifyMessage": "roomVerify", "WebcastBarrageMessage": "barrage",
        "WebcastEnvelopeMessage": "envelope", "WebcastLiveIntroMessage": "liveIntro",
        "WebcastGoalUpdateMessage": "goalUpdate",
        "WebcastRankUpdateMessage": "rankUpdate", "WebcastPollMessage": "poll", "WebcastRoomPinMessage": "roomPin",
        "WebcastUnauthorizedMemberMessage": "unauthorizedMember", "WebcastLinkMessage": "link",
        "WebcastLinkLayerMessage": "linkLayer", "WebcastLinkMicLayoutStateMessage": "linkMicLayoutState",
        "WebcastLinkStateMessage": "linkState", "WebcastGiftPanelUpdateMessage": "giftPanelUpdate",
        "WebcastInRoomBannerMessage": "inRoomBanner", "WebcastGuideMessage": "guide",
        "WebcastEmoteChatMessage": "emoteChat",
        "WebcastMsgDetectMessage": "msgDetect", "WebcastOecLiveShoppingMessage": "oecLiveShopping",
        "WebcastGiftBroadcastMessage": "giftBroadcast", "WebcastRankTextMessage": "rankText",
        "WebcastGiftDynamicRestrictionMessage": "giftDynamicRestriction",
        "WebcastViewerPicksUpdateMessage": "viewerPicksUpdate",
        "WebcastAccessControlMessage": "accessControl", "WebcastAccessRecallMessage": "accessRecall",
        "WebcastAlertBoxAuditResultMessage": "alertBoxAuditResult", "WebcastBindingGiftMessage": "bindingGift",
        "WebcastBoostCardMessage": "boostCard", "WebcastCapsuleMessage": "capsule",
        "WebcastGameRankNotifyMessage": "gameRankNotify",
        "WebcastGiftPromptMessage": "giftPrompt", "WebcastMarqueeAnnouncementMessage": "marqueeAnnouncement",
        "WebcastNoticeMessage": "notice", "WebcastNotifyMessage": "notify", "WebcastRoomNotifyMessage": "roomNotify",
        "WebcastPartnershipDropsUpdateMessage": "partnershipDropsUpdate",
        "WebcastPartnershipGameOfflineMessage": "partnershipGameOffline",
        "WebcastPartnershipPunishMessage": "partnershipPunish",
        "WebcastPerceptionMessage": "perception", "WebcastSpeakerMessage": "speaker",
        "WebcastSubCapsuleMessage": "subCapsule",
        "WebcastSubscriptionNotifyMessage": "subscriptionNotify", "WebcastToastMessage": "toast",
        "WebcastLiveGameIntroMessage": "liveGameIntro",
        "WebcastAnchorToolModificationMessage": "anchorToolModification",
        "WebcastBALeadGenMessage": "bALeadGen", "WebcastDonationStickerModifyMethod": "donationStickerModifyMethod",
        "WebcastEcShortItemRefreshMessage": "ecShortItemRefresh", "WebcastEcTaskRegisterMessage": "ecTaskRegister",
        "WebcastEnvelopePortalMessage": "envelopePortal", "WebcastGiftCollectionUpdateMessage": "giftCollectionUpdate",
        "WebcastGoodyBagMessage": "goodyBag", "WebcastHashtagMessage": "hashtag",
        "WebcastInRoomBannerRefreshMessage": "inRoomBannerRefresh",
        "WebcastLinkMicAnchorGuideMessage": "linkMicAnchorGuide", "WebcastLinkScreenChangeMessage": "linkScreenChange",
        "WebcastPaidContentLiveShoppingMessage": "paidContentLiveShopping",
        "WebcastPartnershipCardChangeMessage": "partnershipCardChange",
        "WebcastPartnershipDownloadCountMessage": "partnershipDownloadCount",
        "WebcastPictionaryEndMessage": "pictionaryEnd",
        "WebcastPictionaryExitMessage": "pictionaryExit", "WebcastPictionaryStartMessage": "pictionaryStart",
        "WebcastPictionaryUpdateMessage": "pictionaryUpdate", "WebcastQuestionDeleteMessage": "questionDelete",
        "WebcastQuestionSelectedMessage": "questionSelected", "WebcastQuestionSlideDownMessage": "questionSlideDown",
        "WebcastQuestionSwitchMessage": "questionSwitch", "WebcastRoomStickerMessage": "roomSticker",
        "WebcastSubTimerStickerMessage": "subTimerSticker", "WebcastSubWaveMessage": "subWave",
        "WebcastSubscriptionGuideMessage": "subscriptionGuide", "WebcastWeeklyRankRewardMessage": "weeklyRankReward",
        "WebcastAISummaryMessage": "aISummary", "WebcastCommentTrayMessage": "commentTray",
        "WebcastGameServerFeatureMessage": "gameServerFeature", "WebcastPrivilegeAdvanceMessage": "privilegeAdvance",
        "WebcastKaraokeReqMessage": "karaokeReq", "WebcastGameMomentMessage": "gameMoment",
        // Derived names are decided per message; the generic name is the catalog's.
        "WebcastMemberMessage": "member", "WebcastSocialMessage": "social", "WebcastControlMessage": "control",
    ]

    @Test("the catalog names every method of the contract, under the contract's name")
    func catalogCoversContract() {
        for (method, name) in Self.contract {
            #expect(EventCatalog.eventName(for: method) == name, "\(method)")
        }
        #expect(EventCatalog.methods.count >= Self.contract.count)
    }

    @Test(
        "the naming rule",
        arguments: [
            ("WebcastGiftPanelUpdateMessage", "giftPanelUpdate"), ("WebcastOecLiveShoppingMessage", "oecLiveShopping"),
            ("WebcastPictionaryStartMessage", "pictionaryStart"),
            ("WebcastDonationStickerModifyMethod", "donationStickerModifyMethod"),
            ("SomethingMessage", "something"), ("Message", "message"),
        ])
    func namingRule(method: String, name: String) {
        #expect(EventCatalog.ruleName(for: method) == name)
    }

    /// Each method, as bytes with a common block and one field our schema does not name: the event carries
    /// the method's name, the base fields and that field in `extras`.
    @Test("every catalog method decodes from bytes with its base fields", arguments: Array(contract.keys).sorted())
    func everyMethodDecodes(method: String) throws {
        var raw = RawProto()
        let commonField = method == "WebcastBindingGiftMessage" ? 2 : 1
        raw.bytes(commonField, WireBuilder.bytes(WireBuilder.common(method, msgId: 7_000_000_000_000_000_123)))
        raw.varint(999, 31_337)
        let event = try WireBuilder.events([WireBuilder.inner(method, raw.bytes, msgId: 5)]).first!
        let base = try #require(event.wireBase, "\(method) gave \(event)")
        #expect(base.msgId == "7000000000000000123")
        #expect(base.roomId == String(WireBuilder.roomId))
        #expect(base.timestamp == 1_764_000_000_000)
        #expect(base.method == method)
        #expect(base.extras["999"] == .uint(31_337))
        let expected = Self.contract[method]!
        if ["member", "social"].contains(expected) {
            // No action, no display key: the generic name stays.
            #expect(event.name == expected)
        } else if expected == "control" {
            #expect(event.name == "control")
        } else {
            #expect(event.name == expected)
        }
        #expect(base.type == event.name)
    }

    @Test("a method outside the catalog is an unknown event carrying its method, msgId, payload and extras")
    func unknownMethod() throws {
        var raw = RawProto()
        raw.bytes(1, WireBuilder.bytes(WireBuilder.common("WebcastBrandNewMessage", msgId: 77)))
        raw.string(2, "surprise")
        raw.varint(3, 9)
        let event = try WireBuilder.events([WireBuilder.inner("WebcastBrandNewMessage", raw.bytes, msgId: 76)]).first!
        guard case .unknown(let unknown) = event else {
            Issue.record("expected unknown, got \(event)")
            return
        }
        #expect(unknown.method == "WebcastBrandNewMessage")
        #expect(unknown.msgId == "77")
        #expect(Data(base64Encoded: unknown.payload.payload) == Data(raw.bytes))
        #expect(unknown.extras["2"] == .string("surprise"))
        #expect(unknown.extras["3"] == .uint(9))
        #expect(unknown.extras["1"]?.objectValue?["2"] == .uint(77))
        let json = WireBuilder.json(event)
        #expect(json["type"] as? String == "unknown")
        let data = json["data"] as! [String: Any]
        #expect(data["method"] as? String == "WebcastBrandNewMessage")
        #expect(data["payload"] as? String == Data(raw.bytes).base64EncodedString())
    }

    @Test("an unknown method whose payload is not protobuf still arrives, with an envelope msgId")
    func unknownNonProtobuf() throws {
        let event = try WireBuilder.events([WireBuilder.inner("WebcastOddMessage", [0xff, 0xff, 0xff], msgId: 31)])
            .first!
        guard case .unknown(let unknown) = event else {
            Issue.record("expected unknown, got \(event)")
            return
        }
        #expect(unknown.msgId == "31")
        #expect(unknown.payload.payload == "////")
        #expect(unknown.extras.isEmpty)
    }
}
