import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Turns one batch's messages into events: picks the model by method, fills the base fields, derives the
/// specific names (`join`, `follow`/`share`, `streamEnd`, super-fan events) and keeps unnamed fields as extras.
struct EventMapper: Sendable {
    /// What one message's decoding needs: its method, its bytes (valid for the call only) and the batch's context.
    struct Context {
        var method: String
        /// The catalog's name for the method, `nil` for a method it does not know.
        var eventName: String?
        var envelopeMsgId: Int64
        var receivedAt: Int64
        var bytes: UnsafeRawBufferPointer
        /// Which of ``HotMessageDecoder``'s methods this is, if any: known with the method name, once per name.
        var hotKind: HotMessageDecoder.Kind?

        init(
            method: String, eventName: String?, hotKind: HotMessageDecoder.Kind?, envelopeMsgId: Int64,
            receivedAt: Int64, bytes: UnsafeRawBufferPointer, roomIds: RoomIdText
        ) {
            self.method = method
            self.eventName = eventName
            self.hotKind = hotKind
            self.envelopeMsgId = envelopeMsgId
            self.receivedAt = receivedAt
            self.bytes = bytes
            self.roomIds = roomIds
        }

        init(method: String, envelopeMsgId: Int64, receivedAt: Int64, bytes: UnsafeRawBufferPointer) {
            self.init(
                method: method, eventName: EventCatalog.eventName(for: method),
                hotKind: HotMessageDecoder.Kind(method: method), envelopeMsgId: envelopeMsgId, receivedAt: receivedAt,
                bytes: bytes, roomIds: RoomIdText())
        }

        /// The batch's room id as text, shared by its events (all from one room, as a rule).
        var roomIds: RoomIdText

        /// A copy of the bytes, for the generated decoder.
        var payload: Data { Data(bytes) }
    }

    /// A room id's decimal text, made once per batch rather than once per event (19 digits: a heap string).
    final class RoomIdText {
        private var id: Int64 = 0
        private var text = "0"

        func text(for id: Int64) -> String {
            if id != self.id {
                self.id = id
                text = String(id)
            }
            return text
        }
    }

    /// Whether ``HotMessageDecoder`` reads the busy methods; off only in tests that hold it to the generated path.
    var usesFastPath = true

    func events(
        from batch: BatchView, in bytes: UnsafeRawBufferPointer, methodNames: inout MethodNameCache, receivedAt: Int64
    ) -> [LiveEvent] {
        let roomIds = RoomIdText()
        return batch.messages.map { message in
            let (method, eventName, hotKind) = methodNames.lookUp(bytes[message.method])
            let context = Context(
                method: method, eventName: eventName, hotKind: hotKind, envelopeMsgId: message.msgId,
                receivedAt: receivedAt,
                bytes: UnsafeRawBufferPointer(rebasing: bytes[message.payload]), roomIds: roomIds)
            do {
                return try event(context)
            } catch {
                let reason = (error as? TikTokLiveError)?.message ?? "\(error)"
                return .error(
                    ErrorEvent(
                        kind: .decode,
                        message: "could not decode \(method) message \(message.msgId): \(reason)",
                        method: method))
            }
        }
    }

    func event(_ context: Context) throws -> LiveEvent {
        guard let name = context.eventName else {
            return .unknown(try unknown(context))
        }
        if usesFastPath, let event = HotMessageDecoder.event(context, name: name) {
            return event
        }
        switch context.method {
        case "WebcastChatMessage":
            let m = try Webcast_ChatMessage(serializedBytes: context.payload)
            return .chat(wire(name, m.common, m.hasCommon, m.unknownFields, context, chat(m)))
        case "WebcastEmoteChatMessage":
            let m = try Webcast_EmoteChatMessage(serializedBytes: context.payload)
            let payload = EmoteChatPayload(user: LiveUser(m.user, present: m.hasUser), emotes: m.emoteList.map(emote))
            return .emoteChat(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGiftMessage":
            let m = try Webcast_GiftMessage(serializedBytes: context.payload)
            return .gift(wire(name, m.common, m.hasCommon, m.unknownFields, context, gift(m)))
        case "WebcastLikeMessage":
            let m = try Webcast_LikeMessage(serializedBytes: context.payload)
            let payload = LikePayload(
                user: LiveUser(m.user, present: m.hasUser), likeCount: Int(m.count), totalLikes: m.total)
            return .like(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastMemberMessage":
            let m = try Webcast_MemberMessage(serializedBytes: context.payload)
            let payload = MemberPayload(
                user: LiveUser(m.user, present: m.hasUser), action: m.action, memberCount: m.memberCount,
                operator: LiveUser(m.operator, present: m.hasOperator), enterType: m.enterType,
                actionDescription: m.actionDescription)
            return Self.memberEvent(action: m.action, name: name) {
                wire($0, m.common, m.hasCommon, m.unknownFields, context, payload)
            }
        case "WebcastSocialMessage":
            let m = try Webcast_SocialMessage(serializedBytes: context.payload)
            return social(m, context)
        case "WebcastUnauthorizedMemberMessage":
            let m = try Webcast_UnauthorizedMemberMessage(serializedBytes: context.payload)
            let payload = UnauthorizedMemberPayload(
                action: Int(m.action), nickname: nonEmpty(m.nickName),
                nicknamePrefix: m.hasNickNamePrefix ? text(m.nickNamePrefix) : nil,
                enterText: m.hasEnterText ? text(m.enterText) : nil)
            return .unauthorizedMember(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRoomUserSeqMessage":
            let m = try Webcast_RoomUserSeqMessage(serializedBytes: context.payload)
            let payload = RoomUserSeqPayload(
                viewerCount: m.total, totalUser: m.totalUser,
                ranks: m.ranks.map {
                    .init(user: LiveUser($0.user, present: $0.hasUser), coinCount: $0.score, rank: Int($0.rank))
                }, popularity: m.popularity, anonymous: m.anonymous)
            return .roomUserSeq(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastControlMessage":
            let m = try Webcast_ControlMessage(serializedBytes: context.payload)
            return control(m, context)
        case "WebcastCaptionMessage":
            let m = try Webcast_CaptionMessage(serializedBytes: context.payload)
            let first = m.content.first
            let payload = CaptionPayload(
                text: first?.content ?? "", language: first.flatMap { nonEmpty($0.lang) }, isFinal: m.definite,
                startedAtMs: m.timestampMs,
                // Wrapping add: hostile values must not trap; real ones are far from the edge.
                endsAtMs: m.timestampMs &+ m.durationMs,
                sentenceId: m.sentenceID != 0 ? String(m.sentenceID) : nil,
                translations: m.content.count > 1
                    ? m.content.map { CaptionPayload.Translation(language: $0.lang, text: $0.content) } : nil)
            return .caption(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastImDeleteMessage":
            let m = try Webcast_ImDeleteMessage(serializedBytes: context.payload)
            let ids = m.deleteMsgIds.map { String($0) }
            let payload = ImDeletePayload(
                deletedMsgIds: ids, deletedUserIds: m.deleteUserIds.map { String($0) }, deletedMsgId: ids.first)
            return .imDelete(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkMicBattle":
            let m = try Webcast_LinkMicBattle(serializedBytes: context.payload)
            return .battle(wire(name, m.common, m.hasCommon, m.unknownFields, context, battle(m)))
        case "WebcastLinkMicArmies":
            let m = try Webcast_LinkMicArmies(serializedBytes: context.payload)
            let payload = BattleArmiesPayload(
                battleId: String(m.battleID), hosts: m.armies.map(armyHost), triggerReason: nonZero(m.triggerReason),
                giftId: nonZero(m.giftID), channelId: idString(m.channelID), giftCount: nonZero(m.giftCount),
                totalDiamondCount: nonZero(m.totalDiamondCount), repeatCount: nonZero(m.repeatCount))
            return .battleArmies(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastQuestionNewMessage":
            let m = try Webcast_QuestionNewMessage(serializedBytes: context.payload)
            let payload = QuestionPayload(
                questionId: String(m.data.questionID), text: m.data.content,
                user: LiveUser(m.data.user, present: m.data.hasUser), answerStatus: nonZero(m.data.answerStatus))
            return .question(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastSubNotifyMessage":
            let m = try Webcast_SubNotifyMessage(serializedBytes: context.payload)
            let payload = SubscribePayload(
                user: LiveUser(m.user, present: m.hasUser), subMonth: m.subMonth,
                subscribeType: nonZero(m.subscribeType),
                oldSubscribeStatus: Int(m.oldSubscribeStatus), subscribingStatus: nonZero(m.subscribingStatus),
                messageType: nonZero(m.messageType))
            return .subscribe(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRoomMessage", "RoomMessage":
            let m = try Webcast_RoomMessage(serializedBytes: context.payload)
            let payload = RoomMessagePayload(
                content: nonEmpty(m.content), scene: nonEmpty(m.scene), isWelcome: m.isWelcome ? true : nil,
                source: nonZero(m.source), showDurationMs: nonZero(m.showDurationMs))
            return .room(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastSystemMessage":
            let m = try Webcast_SystemMessage(serializedBytes: context.payload)
            let payload = RoomMessagePayload(
                content: nonEmpty(m.message) ?? nonEmpty(m.common.describe), scene: nil, isWelcome: nil, source: nil,
                showDurationMs: nil)
            return .room(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastBarrageMessage":
            let m = try Webcast_BarrageMessage(serializedBytes: context.payload)
            return barrage(m, context)
        case "WebcastEnvelopeMessage":
            let m = try Webcast_EnvelopeMessage(serializedBytes: context.payload)
            return envelope(m, context)
        case "WebcastGoalUpdateMessage":
            let m = try Webcast_GoalUpdateMessage(serializedBytes: context.payload)
            return .goalUpdate(wire(name, m.common, m.hasCommon, m.unknownFields, context, goal(m)))
        case "WebcastPollMessage":
            let m = try Webcast_PollMessage(serializedBytes: context.payload)
            return .poll(wire(name, m.common, m.hasCommon, m.unknownFields, context, poll(m)))
        case "WebcastRankUpdateMessage":
            let m = try Webcast_RankUpdateMessage(serializedBytes: context.payload)
            let payload = RankUpdatePayload(
                groupType: nonZero(m.groupType),
                updates: m.updates.map {
                    .init(rankType: $0.rankType, ownerRank: $0.ownerRank, countdown: nonZero($0.countdown))
                })
            return .rankUpdate(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkMessage":
            let m = try Webcast_LinkMessage(serializedBytes: context.payload)
            let payload = LinkPayload(
                messageType: Int(m.messageType), linkerId: idString(m.linkerID), scene: nonZero(m.scene))
            return .link(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkLayerMessage":
            let m = try Webcast_LinkLayerMessage(serializedBytes: context.payload)
            let payload = LinkPayload(
                messageType: Int(m.messageType), channelId: idString(m.channelID), scene: nonZero(m.scene))
            return .linkLayer(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkMicMethod", "LinkMicMethod":
            let m = try Webcast_LinkMicMethod(serializedBytes: context.payload)
            let payload = LinkPayload(
                messageType: Int(m.messageType), channelId: idString(m.channelID), userId: idString(m.userID),
                toUserId: idString(m.toUserID), rivalAnchorId: idString(m.rivalAnchorID),
                startTimeMs: nonZero(m.startTimeMs), anchorLinkmicId: nonEmpty(m.anchorLinkmicIDStr),
                rivalLinkmicId: nonEmpty(m.rivalLinkmicIDStr), fanTickets: nonZero(m.fanTicket),
                totalFanTickets: nonZero(m.totalLinkMicFanTicket))
            return .linkMicMethod(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRoomPinMessage":
            let m = try Webcast_RoomPinMessage(serializedBytes: context.payload)
            return .roomPin(wire(name, m.common, m.hasCommon, m.unknownFields, context, roomPin(m, context)))
        case "WebcastOecLiveShoppingMessage":
            let m = try Webcast_OecLiveShoppingMessage(serializedBytes: context.payload)
            let product =
                m.hasPopProduct
                ? ShoppingPayload.Product(
                    productId: idString(m.popProduct.productID), title: nonEmpty(m.popProduct.title),
                    price: nonEmpty(m.popProduct.price), imageUrl: nonEmpty(m.popProduct.imageURL),
                    url: nonEmpty(m.popProduct.openURL)) : nil
            let payload = ShoppingPayload(
                actionType: Int(m.actionType), productCount: nonZero(m.liveProductNumber), product: product)
            return .oecLiveShopping(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLiveIntroMessage":
            let m = try Webcast_LiveIntroMessage(serializedBytes: context.payload)
            let payload = LiveIntroPayload(
                content: m.content, language: nonEmpty(m.contentLanguage), host: LiveUser(m.user, present: m.hasUser),
                auditStatus: nonZero(m.auditStatus))
            var event = wire(name, m.common, m.hasCommon, m.unknownFields, context, payload)
            if m.common.roomID == 0, m.id != 0 { event.roomId = String(m.id) }
            return .liveIntro(event)
        case "WebcastLinkMicFanTicketMethod":
            let m = try Webcast_LinkMicFanTicketMethod(serializedBytes: context.payload)
            let notice = m.fanTicketRoomNotice
            let payload = FanTicketPayload(
                users: notice.userFanTicket.map {
                    .init(
                        userId: String($0.userID), fanTickets: $0.fanTicket,
                        matchTotalScore: nonZero($0.matchTotalScore),
                        matchRank: nonZero($0.matchRank))
                }, totalFanTickets: notice.totalLinkmicFanTicket, matchId: idString(notice.matchID),
                eventTime: nonZero(notice.eventTime), iconUrl: nonEmpty(notice.fanTicketIconURL))
            return .fanTicket(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRankTextMessage":
            let m = try Webcast_RankTextMessage(serializedBytes: context.payload)
            let payload = RankTextPayload(
                text: DisplayText.render(m.otherGetBadgeMsg), user: DisplayText.firstUser(m.otherGetBadgeMsg),
                userId: idString(m.curUserID), previousRank: nonZero(m.ownerIdxBeforeUpdate),
                rank: m.ownerIdxAfterUpdate, scene: nonZero(m.scene), selfText: DisplayText.render(m.selfGetBadgeMsg),
                content: DisplayText.render(m.content), iconUrl: m.leftIcon.urlList.first, rankType: nonZero(m.rankType)
            )
            return .rankText(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastAccessRecallMessage":
            let m = try Webcast_AccessRecallMessage(serializedBytes: context.payload)
            let payload = AccessRecallPayload(
                status: Int(m.status), scene: nonEmpty(m.scene), duration: nonZero(m.duration),
                endTime: nonZero(m.endTimeV2) ?? nonZero(m.endTime), notice: DisplayText.render(m.notice),
                content: DisplayText.render(m.content), punishment: m.hasPunishInfo ? punishment(m.punishInfo) : nil)
            return .accessRecall(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastBottomMessage":
            let m = try Webcast_BottomMessage(serializedBytes: context.payload)
            let payload = BottomMessagePayload(
                text: DisplayText.render(m.common.displayText), textKey: nonEmpty(m.common.displayText.key),
                content: nonEmpty(m.content), duration: nonZero(m.duration), bizType: nonZero(m.bizType),
                showType: nonZero(m.showType), textType: nonZero(m.textType),
                violationUserId: idString(m.violationUserID),
                punishment: m.hasPunishInfo ? punishment(m.punishInfo) : nil, style: nonZero(m.style),
                floatStyle: nonZero(m.floatStyle), detailUrl: nonEmpty(m.detailURL))
            return .bottomMessage(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkMicBattlePunishFinish":
            let m = try Webcast_LinkMicBattlePunishFinish(serializedBytes: context.payload)
            let settings = m.battleSettings
            let payload = BattlePunishFinishPayload(
                battleId: String(m.battleID != 0 ? m.battleID : settings.battleID), channelId: idString(m.channelID),
                operatorUserId: idString(m.opUid), reason: Int(m.reason),
                status: m.hasBattleSettings ? Int(settings.status) : nil, battleDuration: nonZero(settings.duration),
                startedAtMs: nonZero(settings.startTimeMs))
            return .battlePunishFinish(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRoomVerifyMessage", "RoomVerifyMessage":
            let m = try Webcast_RoomVerifyMessage(serializedBytes: context.payload)
            let payload = RoomVerifyPayload(
                action: Int(m.action), content: nonEmpty(m.content), noticeType: nonZero(m.noticeType),
                closeRoom: m.closeRoom ? true : nil)
            return .roomVerify(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastCapsuleMessage":
            let m = try Webcast_CapsuleMessage(serializedBytes: context.payload)
            let payload = CapsulePayload(
                text: DisplayText.render(m.desc), buttonText: DisplayText.render(m.buttonText),
                iconUrl: m.icon.urlList.first, schema: nonEmpty(m.schema), capsuleType: nonZero(m.type),
                scene: nonEmpty(m.scene), subScene: nonEmpty(m.subScene))
            return .capsule(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastRoomNotifyMessage":
            let m = try Webcast_RoomNotifyMessage(serializedBytes: context.payload)
            let payload = RoomNotifyPayload(notice: roomNotice(m))
            return .roomNotify(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGiftBroadcastMessage":
            let m = try Webcast_GiftBroadcastMessage(serializedBytes: context.payload)
            let payload = GiftBroadcastPayload(
                fromUserId: idString(m.fromUserID), iconUrl: m.leftIcon.urlList.first,
                notice: m.hasNotify ? roomNotice(m.notify) : nil)
            return .giftBroadcast(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastMarqueeAnnouncementMessage":
            let m = try Webcast_MarqueeAnnouncementMessage(serializedBytes: context.payload)
            let payload = MarqueeAnnouncementPayload(
                scene: nonEmpty(m.messageScene), notices: m.messageEntity.map { roomNotice($0.notify) })
            return .marqueeAnnouncement(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLinkMicBattleItemCard":
            let m = try Webcast_LinkMicBattleItemCard(serializedBytes: context.payload)
            return .battleItemCard(wire(name, m.common, m.hasCommon, m.unknownFields, context, battleItemCard(m)))
        case "WebcastLinkmicBattleTaskMessage":
            let m = try Webcast_LinkmicBattleTaskMessage(serializedBytes: context.payload)
            return .battleTask(wire(name, m.common, m.hasCommon, m.unknownFields, context, battleTask(m)))
        case "WebcastSubPinEventMessage":
            let m = try Webcast_SubPinEventMessage(serializedBytes: context.payload)
            let card = m.card
            let payload = SubPinPayload(
                action: Int(m.actionType), operatorUserId: idString(m.operatorUserID), cardId: idString(card.id),
                cardType: nonZero(card.type), title: nonEmpty(card.title.content), text: nonEmpty(card.desc.content),
                imageUrl: card.image.urlList.first, timeToLive: nonZero(card.timeToLive),
                schema: nonEmpty(card.actionSchema), goalId: idString(card.goal.goalID),
                goalText: nonEmpty(card.goal.desc.content), goalTarget: card.hasGoal ? card.goal.target : nil,
                goalProgress: card.hasGoal ? card.goal.progress : nil)
            return .subPin(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastHourlyRankRewardMessage":
            let m = try Webcast_HourlyRankRewardMessage(serializedBytes: context.payload)
            let payload = HourlyRankPayload(
                winners: m.winners.map {
                    .init(
                        userId: idString($0.userID), assetId: idString($0.assetID),
                        notice: $0.hasNotify ? roomNotice($0.notify) : nil,
                        borderUrl: $0.avatarBorder.icon.urlList.first)
                })
            return .hourlyRank(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastHourlyRankMessage":
            // The older method's body is known only as numbered pieces nobody has named: all of it is in extras.
            let m = try Webcast_HourlyRankMessage(serializedBytes: context.payload)
            let payload = HourlyRankPayload(winners: [])
            return .hourlyRank(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastPerceptionMessage":
            let m = try Webcast_PerceptionMessage(serializedBytes: context.payload)
            let dialog = m.dialog
            let payload = PerceptionPayload(
                title: DisplayText.render(dialog.title), subtitle: DisplayText.render(dialog.subTitle),
                actionText: DisplayText.render(dialog.adviceActionText) ?? DisplayText.render(dialog.defaultActionText),
                detailUrl: nonEmpty(dialog.violationDetailURL), iconType: nonZero(dialog.iconType),
                scene: nonZero(dialog.scene), targetUserId: idString(dialog.targetUserID),
                targetRoomId: idString(dialog.targetRoomID), countdown: nonZero(dialog.countDownTime),
                toast: DisplayText.render(m.toast), floatText: DisplayText.render(m.floatText),
                floatStyle: nonZero(m.floatStyle), showViolationWarning: m.showViolationWarning ? true : nil,
                endTime: nonZero(Int64(m.endTime)), punishment: m.hasPunishInfo ? punishment(m.punishInfo) : nil)
            return .perception(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastMsgDetectMessage":
            let m = try Webcast_MsgDetectMessage(serializedBytes: context.payload)
            let payload = MsgDetectPayload(
                detectType: nonZero(m.detectType), triggerBy: nonZero(m.triggerBy), fromRegion: nonEmpty(m.fromRegion),
                clientStartMs: nonZero(m.times.clientStartMs), serverReceivedMs: nonZero(m.times.apiRecvTimeMs),
                serverSentMs: nonZero(m.times.apiSendToGoimMs))
            return .msgDetect(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastPartnershipDropsUpdateMessage":
            let m = try Webcast_PartnershipDropsUpdateMessage(serializedBytes: context.payload)
            let payload = PartnershipDropsUpdatePayload(
                changeMode: Int(m.changeMode), dropsId: nonEmpty(m.dropsID), taskId: nonEmpty(m.taskID),
                eventId: nonEmpty(m.eventID), hostUserId: idString(m.anchorUid))
            return .partnershipDropsUpdate(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastToastMessage":
            let m = try Webcast_ToastMessage(serializedBytes: context.payload)
            let payload = ToastPayload(
                text: DisplayText.render(m.common.displayText), textKey: nonEmpty(m.common.displayText.key),
                displayDurationMs: nonZero(m.displayDurationMs),
                delayDisplayDurationMs: nonZero(m.delayDisplayDurationMs),
                scene: nonEmpty(m.scene))
            return .toast(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGiftPromptMessage":
            let m = try Webcast_GiftPromptMessage(serializedBytes: context.payload)
            let payload = GiftPromptPayload(
                title: nonEmpty(m.title), body: nonEmpty(m.body), blockNumDays: nonZero(m.blockNumDays),
                orderId: nonEmpty(m.orderID), orderTimestamp: nonZero(m.orderTimestamp),
                inGiftingAddiction: m.inUserGiftingAddiction ? true : nil, popUpSchema: nonEmpty(m.popUpSchema))
            return .giftPrompt(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastLiveGameIntroMessage":
            let m = try Webcast_LiveGameIntroMessage(serializedBytes: context.payload)
            let payload = LiveGameIntroPayload(
                content: DisplayText.render(m.content), hasRankInfo: m.hasRankInfo_p ? true : nil)
            return .liveGameIntro(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGameRankNotifyMessage":
            let m = try Webcast_GameRankNotifyMessage(serializedBytes: context.payload)
            let payload = GameRankNotifyPayload(messageType: nonZero(m.msgType), text: DisplayText.render(m.notifyText))
            return .gameRankNotify(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastNoticeMessage":
            let m = try Webcast_NoticeMessage(serializedBytes: context.payload)
            let payload = NoticePayload(
                content: nonEmpty(m.content), noticeType: nonZero(m.noticeType), style: nonEmpty(m.style),
                title: DisplayText.render(m.title), violationReason: DisplayText.render(m.violationReason),
                displayText: DisplayText.render(m.displayText), tipsTitle: DisplayText.render(m.tipsTitle),
                tipsUrl: nonEmpty(m.tipsURL), noticeTitle: DisplayText.render(m.noticeTitle),
                noticeContent: DisplayText.render(m.noticeContent), scene: nonEmpty(m.scene))
            return .notice(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGuideMessage":
            let m = try Webcast_GuideMessage(serializedBytes: context.payload)
            let payload = GuidePayload(
                guideType: nonZero(m.guideType), giftId: nonZero(m.giftID), description: nonEmpty(m.description_p),
                duration: nonZero(m.duration), displayStyle: nonZero(m.displayStyle), scene: nonEmpty(m.scene),
                roomShowCount: nonZero(m.frequencyRule.roomShowCount),
                dayShowCount: nonZero(m.frequencyRule.dayShowCount), streamTime: nonZero(m.streamTime))
            return .guide(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastAccessControlMessage":
            let m = try Webcast_AccessControlMessage(serializedBytes: context.payload)
            let payload = AccessControlPayload(
                captchaRecordId: idString(m.captcha.captchaRecordID), captchaRoomId: idString(m.captcha.roomID),
                verifyDurationSec: nonZero(m.captcha.verifyDurationSec))
            return .accessControl(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastBoostCardMessage":
            let m = try Webcast_BoostCardMessage(serializedBytes: context.payload)
            let payload = BoostCardPayload(
                cards: m.cards.map {
                    .init(cardId: idString($0.cardID), taskSource: nonZero($0.taskSource), taskId: idString($0.taskID))
                })
            return .boostCard(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGiftDynamicRestrictionMessage":
            let m = try Webcast_GiftDynamicRestrictionMessage(serializedBytes: context.payload)
            let scenes = m.restriction.scenes
            let payload = GiftDynamicRestrictionPayload(
                normalHiddenGiftIds: scenes.normalHiddenGiftIds, battleHiddenGiftIds: scenes.matchHiddenGiftIds,
                cohostHiddenGiftIds: scenes.cohostHiddenGiftIds,
                multiGuestHiddenGiftIds: scenes.multiguestHiddenGiftIds,
                receivers: m.restriction.receivers.map {
                    .init(userId: String($0.userID), hiddenGiftIds: $0.hiddenGiftIds)
                })
            return .giftDynamicRestriction(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastGiftPanelUpdateMessage":
            let m = try Webcast_GiftPanelUpdateMessage(serializedBytes: context.payload)
            let gallery = m.gallery
            let payload = GiftPanelUpdatePayload(
                updatedAt: nonZero(m.timestamp), strategyContext: nonEmpty(m.strategyContext),
                gallery: m.hasGallery
                    ? .init(
                        period: nonZero(gallery.period), endTimeMs: nonZero(gallery.endTimeMs),
                        titles: gallery.progress.sorted { $0.key < $1.key }.map {
                            .init(
                                key: $0.key, goalCount: nonZero($0.value.goalCount),
                                currentSponsorId: idString($0.value.currentSponsorID))
                        }) : nil,
                goal: m.hasGoal
                    ? .init(
                        status: nonZero(m.goal.status),
                        progress: m.goal.progress.sorted { $0.key < $1.key }.map {
                            .init(
                                key: $0.key, current: $0.value.current, target: nonZero($0.value.target),
                                expiresAtMs: nonZero($0.value.expiresAtMs))
                        }) : nil,
                roomGifts: m.roomBasedGifts.gifts.sorted { $0.key < $1.key }.map {
                    .init(key: $0.key, gifts: $0.value.gifts.map { .init(giftId: $0.id, price: nonZero($0.price)) })
                })
            var event = wire(name, m.common, m.hasCommon, m.unknownFields, context, payload)
            if m.common.roomID == 0, m.roomID != 0 { event.roomId = String(m.roomID) }
            return .giftPanelUpdate(event)
        case "WebcastViewerPicksUpdateMessage":
            let m = try Webcast_ViewerPicksUpdateMessage(serializedBytes: context.payload)
            return .viewerPicksUpdate(viewerPicks(m, name, context))
        case "WebcastLinkMicLayoutStateMessage":
            let m = try Webcast_LinkMicLayoutStateMessage(serializedBytes: context.payload)
            return .linkMicLayoutState(linkMicLayoutState(m, name, context))
        case "WebcastLinkStateMessage":
            let m = try Webcast_LinkStateMessage(serializedBytes: context.payload)
            return .linkState(linkState(m, name, context))
        case "WebcastPartnershipGameOfflineMessage":
            let m = try Webcast_PartnershipGameOfflineMessage(serializedBytes: context.payload)
            let payload = PartnershipGameOfflinePayload(
                games: m.games.map {
                    .init(
                        taskId: nonEmpty($0.taskID), gameId: nonEmpty($0.gameID), toastTitle: nonEmpty($0.toastTitle),
                        toastText: nonEmpty($0.toastText), taskListLength: nonZero($0.taskListLen),
                        offlineType: Int($0.offlineType), taskType: Int($0.taskType))
                })
            return .partnershipGameOffline(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastPartnershipPunishMessage":
            let m = try Webcast_PartnershipPunishMessage(serializedBytes: context.payload)
            let payload = PartnershipPunishPayload(punishment: m.hasPunishInfo ? punishment(m.punishInfo) : nil)
            return .partnershipPunish(wire(name, m.common, m.hasCommon, m.unknownFields, context, payload))
        case "WebcastBindingGiftMessage":
            // The one message whose common block sits at field 2.
            let m = try Webcast_BindingGiftMessage(serializedBytes: context.payload)
            return .other(wire(name, m.common, m.hasCommon, m.unknownFields, context, GenericPayload()))
        default:
            let m = try Webcast_CommonOnlyMessage(serializedBytes: context.payload)
            return .other(wire(name, m.common, m.hasCommon, m.unknownFields, context, GenericPayload()))
        }
    }

    // MARK: - Base fields

    func wire<Payload: EventPayload>(
        _ type: String, _ common: Webcast_CommonMessageData, _ hasCommon: Bool, _ unknown: UnknownStorage,
        _ context: Context, _ payload: Payload
    ) -> WireEvent<Payload> {
        let msgId = hasCommon && common.msgID != 0 ? common.msgID : context.envelopeMsgId
        return WireEvent(
            type: type,
            timestamp: hasCommon && common.createTime > 0 ? common.createTime : context.receivedAt,
            messageID: WireID(msgId),
            roomId: String(common.roomID),
            method: context.method,
            extras: ExtrasStorage(unknownFields: [UInt8](unknown.data)),
            payload: payload)
    }

    /// ``wire(_:_:_:_:_:_:)`` for a case whose name is fixed, not the catalog's.
    func wire<Payload: EventPayload>(
        _ name: LiveEvent.Name, _ common: Webcast_CommonMessageData, _ hasCommon: Bool, _ unknown: UnknownStorage,
        _ context: Context, _ payload: Payload
    ) -> WireEvent<Payload> {
        wire(name.rawValue, common, hasCommon, unknown, context, payload)
    }

    func unknown(_ context: Context) throws -> UnknownEvent {
        // Most methods carry the common block at field 1; read it for the base fields when it is there, and
        // show the whole message schema-less in extras. An unknown message that is not protobuf at all still
        // arrives, with its bytes in `payload`.
        let common = (try? Webcast_CommonOnlyMessage(serializedBytes: context.payload))?.common
        let extras = WireExtras.isMessage(context.bytes) ? ExtrasStorage(unknownFields: Array(context.bytes)) : .none
        let msgId = common.map { $0.msgID } ?? 0
        return WireEvent(
            type: LiveEvent.Name.unknown.rawValue,
            timestamp: (common?.createTime ?? 0) > 0 ? common!.createTime : context.receivedAt,
            messageID: WireID(msgId != 0 ? msgId : context.envelopeMsgId),
            roomId: String(common?.roomID ?? 0),
            method: context.method,
            extras: extras,
            payload: UnknownPayload(payload: context.payload.base64EncodedString()))
    }

    // MARK: - Payloads

    /// Action 1 is a viewer joining, which users know as its own event, `join`.
    static func memberEvent(action: Int32, name: String, _ event: (String) -> MemberEvent) -> LiveEvent {
        action == 1 ? .join(event(LiveEvent.Name.join.rawValue)) : .member(event(name))
    }

    func chat(_ m: Webcast_ChatMessage) -> ChatPayload {
        var user = LiveUser(m.user, present: m.hasUser)
        if m.hasUserIdentity, user != nil {
            user!.apply(m.userIdentity)
        }
        var mentions = m.mentionUsers.compactMap { LiveUser($0, present: true) }
        if mentions.isEmpty {
            mentions = m.mentionUserList.map { LiveUser(userId: String($0)) }
        }
        if m.hasAtUser, let atUser = LiveUser(m.atUser, present: true),
            !mentions.contains(where: { $0.userId == atUser.userId })
        {
            mentions.insert(atUser, at: 0)
        }
        return ChatPayload(
            user: user, comment: m.content,
            emotes: m.emotes.isEmpty
                ? nil
                : m.emotes.map { chatEmote in
                    var emote = emote(chatEmote.emote)
                    emote.index = Int(chatEmote.index)
                    return emote
                },
            language: nonEmpty(m.contentLanguage), mentions: mentions.isEmpty ? nil : mentions)
    }

    func emote(_ info: Webcast_ChatEmoteInfo) -> ChatPayload.Emote {
        ChatPayload.Emote(emoteId: info.emoteID, imageUrl: info.image.urlList.first, index: nil)
    }

    func gift(_ m: Webcast_GiftMessage) -> GiftPayload {
        var user = LiveUser(m.user, present: m.hasUser)
        if m.hasUserIdentity, user != nil {
            user!.apply(m.userIdentity)
        }
        var fields = GiftWireFields()
        fields.giftId = m.giftID
        fields.groupCount = m.groupCount
        fields.repeatCount = m.repeatCount
        fields.comboCount = m.comboCount
        fields.repeatEnd = m.repeatEnd
        fields.groupId = m.groupID
        fields.toMemberNickname = m.toMemberNickname
        fields.definitionId = m.gift.id
        fields.giftType = m.gift.type
        fields.diamondCount = m.gift.diamondCount
        fields.name = m.gift.name
        fields.describe = m.gift.describe
        fields.imageURL = m.gift.image.urlList.first
        fields.iconURL = m.gift.icon.urlList.first
        fields.fanTicketCount = m.fanTicketCount
        fields.logId = m.logID
        fields.sendType = m.sendType
        fields.isFirstSent = m.isFirstSent
        return GiftPayload(fields, user: user, toUser: LiveUser(m.toUser, present: m.hasToUser))
    }

    func social(_ m: Webcast_SocialMessage, _ context: Context) -> LiveEvent {
        // The display key is what TikTok's own client goes by; the action number is the fallback.
        let key = m.common.displayText.key.lowercased()
        let kind: LiveEvent.Name?
        if key.contains("follow") {
            kind = .follow
        } else if key.contains("share") {
            kind = .share
        } else if key.isEmpty {
            kind = m.action == 1 ? .follow : (2...5).contains(m.action) ? .share : nil
        } else {
            kind = nil
        }
        let payload = SocialPayload(
            user: LiveUser(m.user, present: m.hasUser), action: kind?.rawValue ?? String(m.action),
            followCount: nonZero(m.followCount), shareType: nonZero(m.shareType), shareTarget: nonEmpty(m.shareTarget),
            shareCount: nonZero(m.shareCount), usersJoined: kind == .share ? Self.usersJoined(fromKey: key) : nil)
        switch kind {
        case .follow: return .follow(wire(.follow, m.common, m.hasCommon, m.unknownFields, context, payload))
        case .share: return .share(wire(.share, m.common, m.hasCommon, m.unknownFields, context, payload))
        default: return .social(wire(.social, m.common, m.hasCommon, m.unknownFields, context, payload))
        }
    }

    /// `pm_mt_guidance_viewer_<N>_share` says N viewers joined through a share.
    static func usersJoined(fromKey key: String) -> Int? {
        guard let range = key.range(of: "viewer_") else { return nil }
        let digits = key[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    func control(_ m: Webcast_ControlMessage, _ context: Context) -> LiveEvent {
        var reason = nonEmpty(m.tips)
        if reason == nil, m.hasExtra {
            reason = [m.extra.content, m.extra.violationReason, m.extra.title].lazy.compactMap { text($0) }.first
        }
        let payload = ControlPayload(action: Int(m.action), reason: reason)
        if m.action == 3 || m.action == 4 {
            return .streamEnd(wire(.streamEnd, m.common, m.hasCommon, m.unknownFields, context, payload))
        }
        return .control(wire(.control, m.common, m.hasCommon, m.unknownFields, context, payload))
    }

    func battle(_ m: Webcast_LinkMicBattle) -> BattlePayload {
        var results: [Int64: Webcast_BattleResult] = [:]
        for entry in m.battleResult { results[entry.key] = entry.value }
        var teams = m.anchorsInfo.map { entry -> BattlePayload.Team in
            let user = entry.value.user
            let id = user.userID != 0 ? user.userID : entry.key
            return BattlePayload.Team(
                hostUserId: String(id), uniqueId: nonEmpty(user.displayID), nickname: nonEmpty(user.nickName),
                result: results[id].map { Int($0.result) }, score: results[id]?.score)
        }
        // Results can name hosts the anchors list left out.
        for entry in m.battleResult where !teams.contains(where: { $0.hostUserId == String(entry.key) }) {
            teams.append(
                BattlePayload.Team(
                    hostUserId: String(entry.key), uniqueId: nil, nickname: nil, result: Int(entry.value.result),
                    score: entry.value.score))
        }
        let settings = m.battleSettings
        return BattlePayload(
            battleId: String(m.battleID != 0 ? m.battleID : settings.battleID), status: Int(settings.status),
            battleDuration: Int(settings.duration), action: Int(m.action), startedAtMs: nonZero(settings.startTimeMs),
            teams: teams, armies: m.armies.isEmpty ? nil : m.armies.map(armyHost))
    }

    func roomPin(_ m: Webcast_RoomPinMessage, _ context: Context) -> RoomPinPayload {
        let pinned = pinnedEvent(m, context)
        var comment: String?
        var user: LiveUser?
        switch pinned {
        case .chat(let e): (comment, user) = (e.comment, e.user)
        case .gift(let e): user = e.user
        case .like(let e): user = e.user
        case .member(let e), .join(let e): user = e.user
        case .social(let e), .follow(let e), .share(let e): user = e.user
        default: break
        }
        return RoomPinPayload(
            action: Int(m.action), pinnedMethod: nonEmpty(m.method),
            pinnedMsgId: pinned?.msgId.flatMap { $0 == "0" ? nil : $0 }, pinId: idString(m.pinMsgID),
            pinTime: nonZero(m.pinTime), displayDurationMs: nonZero(m.displayDuration),
            operator: LiveUser(m.operator, present: m.hasOperator), comment: comment, user: user, pinned: pinned)
    }

    /// The pinned message, decoded as its method's event: the field `method` names, else the first one set.
    func pinnedEvent(_ m: Webcast_RoomPinMessage, _ context: Context) -> LiveEvent? {
        let fields: [(method: String, bytes: Data)] = [
            ("WebcastChatMessage", m.chatMessage), ("WebcastSocialMessage", m.socialMessage),
            ("WebcastGiftMessage", m.giftMessage), ("WebcastMemberMessage", m.memberMessage),
            ("WebcastLikeMessage", m.likeMessage),
        ]
        guard
            let field = fields.first(where: { $0.method == m.method && !$0.bytes.isEmpty })
                ?? fields.first(where: { !$0.bytes.isEmpty })
        else { return nil }
        return field.bytes.withUnsafeBytes { bytes in
            // No envelope id: without its own, the pinned message's id is unknown, not the pin's.
            let nested = Context(method: field.method, envelopeMsgId: 0, receivedAt: context.receivedAt, bytes: bytes)
            return try? event(nested)
        }
    }

    /// A room notice: its text is its own common block's display text, also when it is nested in another message.
    func roomNotice(_ m: Webcast_RoomNotifyMessage) -> RoomNotice {
        RoomNotice(
            text: DisplayText.render(m.common.displayText), textKey: nonEmpty(m.common.displayText.key),
            notifyType: nonZero(m.notifyType), notifyClass: nonZero(m.notifyClass), content: nonEmpty(m.content),
            user: LiveUser(m.user, present: m.hasUser), source: nonEmpty(m.source), fromUserId: idString(m.fromUserID),
            toHostUserId: idString(m.toAnchorID), schema: nonEmpty(m.schema), durationSec: nonZero(m.extra.duration),
            backgroundUrl: m.extra.background.mUrls.first)
    }

    /// An item card: the card used (each kind has its own field; the message carries one), or the cards awarded.
    func battleItemCard(_ m: Webcast_LinkMicBattleItemCard) -> BattleItemCardPayload {
        var payload = BattleItemCardPayload(battleId: String(m.battleID), messageType: Int(m.msgType))
        func use(
            _ anchorID: Int64, _ content: Webcast_Text, name: String, image: Webcast_Image, sentAt: Int64,
            sender: Webcast_BattleCardUser, duration: Int64
        ) {
            payload.text = DisplayText.render(content)
            payload.hostUserId = idString(anchorID)
            payload.cardNameKey = nonEmpty(name)
            payload.cardImageUrl = image.urlList.first
            payload.sentAtSec = nonZero(sentAt)
            payload.senderUserId = idString(sender.user.userID)
            payload.senderNickname = nonEmpty(sender.user.nickName)
            payload.durationSec = nonZero(duration)
        }
        func use(_ card: Webcast_BattleCardInfo, _ anchorID: Int64, _ content: Webcast_Text) {
            use(
                anchorID, content, name: card.cardNameKey, image: card.cardImage, sentAt: card.sendTimeSec,
                sender: card.sendUser, duration: card.effectLastDuration)
        }
        if m.hasCriticalStrike {
            let card = m.criticalStrike.cardInfo
            use(
                m.criticalStrike.anchorID, m.criticalStrike.displayContent, name: card.cardNameKey,
                image: card.cardImage, sentAt: card.sendTimeSec, sender: card.sendUser,
                duration: card.effectLastDuration)
            payload.multiplier = nonZero(card.multiple)
        } else if m.hasExtraTime {
            let card = m.extraTime.cardInfo
            use(
                m.extraTime.anchorID, m.extraTime.displayContent, name: card.cardNameKey, image: card.cardImage,
                sentAt: card.sendTimeSec, sender: card.sendUser, duration: card.effectLastDuration)
            payload.extraDurationSec = nonZero(card.extraDurationSec)
        } else if m.hasSpecialEffect {
            use(m.specialEffect.cardInfo, m.specialEffect.anchorID, m.specialEffect.displayContent)
            payload.effectType = nonZero(m.specialEffect.effectType)
        } else if let plain = [m.hasSmoke ? m.smoke : nil, m.hasPotion ? m.potion : nil, m.hasWave ? m.wave : nil]
            .lazy.compactMap({ $0 }).first
        {
            use(plain.cardInfo, plain.anchorID, plain.displayContent)
        } else if m.hasAward {
            payload.text = DisplayText.render(m.award.displayContent)
        }
        return payload
    }

    /// A battle task: the phase the message is about is the one block it carries.
    func battleTask(_ m: Webcast_LinkmicBattleTaskMessage) -> BattleTaskPayload {
        let config = m.start.config
        let update = m.update
        return BattleTaskPayload(
            battleId: idString(m.battleID), messageType: Int(m.taskMessageType),
            progressTarget: nonZero(config.task.progressTarget), targetType: nonZero(config.task.targetType),
            taskStartTime: nonZero(config.task.startTime), taskDuration: nonZero(config.task.duration),
            rewardMultiplier: nonZero(config.reward.rewardMultiple), rewardDuration: nonZero(config.reward.duration),
            progress: m.hasUpdate ? update.progress : nil, fromUserId: idString(update.fromUserID),
            promptKey: nonEmpty(update.promptKey) ?? nonEmpty(m.reward.prompt.key),
            result: m.hasSettle ? Int(m.settle.result) : nil, rewardStartTime: nonZero(m.settle.rewardStartTime),
            rewardStatus: m.hasReward ? Int(m.reward.status) : nil)
    }

    /// Viewer picks. The records left undeclared inside the info block (Protos/webcast_messages.proto) would be lost
    /// with it; they go to `extras` at their place instead, as `3` holding them and, for the picks, `2` with one entry
    /// per pick (in order) whenever any pick has some.
    func viewerPicks(_ m: Webcast_ViewerPicksUpdateMessage, _ name: String, _ context: Context)
        -> ViewerPicksUpdateEvent
    {
        let info = m.info
        let payload = ViewerPicksUpdatePayload(
            updateType: nonZero(m.updateType), picksId: nonEmpty(info.viewerPicksIDStr) ?? idString(info.viewerPicksID),
            status: nonZero(info.status), roundDurationSec: nonZero(info.roundDurationSec),
            startTimeMs: nonZero(info.startTimeMs), endTimeMs: nonZero(info.endTimeMs),
            hasDuration: info.hasDuration_p ? true : nil, hasScore: info.hasScore_p ? true : nil,
            autoRestart: info.enableAutoRestart ? true : nil,
            startedFromAutoRestart: info.startedFromAutoRestart ? true : nil,
            startedFromAutoStart: info.startedFromAutoStart ? true : nil, displayMode: nonZero(info.displayMode),
            scene: nonZero(info.scene),
            picks: info.giftPicks.map {
                let gift = $0.giftPick
                return .init(
                    pickId: nonEmpty(gift.giftPickIDStr) ?? idString(gift.giftPickID), giftId: nonZero(gift.giftID),
                    description: nonEmpty(gift.customizedDesc), descriptionSource: nonZero(gift.descSource),
                    iconUrl: gift.giftIcon.urlList.first, giftPrice: nonZero(gift.giftPrice),
                    priorityRequest: gift.isPriorityRequest ? true : nil, score: $0.score)
            })
        let picks = info.giftPicks.map {
            [UInt8]($0.unknownFields.data)
                + Self.field(1, $0.giftPick.unknownFields.data + Self.field(3, $0.giftPick.giftIcon.unknownFields.data))
        }
        let carried = Self.field(3, info.unknownFields.data + Self.fields(2, picks))
        return wire(name, m.common, m.hasCommon, m.unknownFields, context, payload, carrying: carried)
    }

    /// A link-mic channel's state. What a guest's state leaves undeclared goes to `extras` under `7`, one entry per
    /// guest, as in ``viewerPicks(_:_:_:)``.
    func linkState(_ m: Webcast_LinkStateMessage, _ name: String, _ context: Context) -> LinkStateEvent {
        let payload = LinkStatePayload(
            channelId: idString(m.channelID), scene: nonZero(m.scene), version: nonZero(m.version),
            needAck: nonZero(m.needAck), clientSendTime: nonZero(m.clientSendTime), stateType: nonZero(m.stateType),
            wallpaperUrl: nonEmpty(m.wallpaperURL), mutedChannelIds: m.audioMutedRemoteChannels.map(String.init),
            linkerMode: nonZero(m.linkerMode),
            guests: m.userStates.map {
                .init(
                    userId: idString($0.user.userID), roomId: idString($0.user.roomID),
                    linkmicId: nonEmpty($0.linkmicID), linkerSessionId: nonEmpty($0.linkerSessionID),
                    positionType: $0.hasPos ? Int($0.pos.type) : nil,
                    position: $0.pos.hasLink ? Int($0.pos.link.position) : nil,
                    positionOption: nonZero($0.pos.link.opt), linkedTimeNano: nonZero($0.linkedTimeNano),
                    onlineState: nonZero($0.onlineUserState), audioState: nonZero($0.audioMuted),
                    videoState: nonZero($0.videoMuted), rtcConnection: nonZero($0.rtcConnection),
                    networkState: nonZero($0.networkState))
            })
        let guests = m.userStates.map {
            [UInt8]($0.unknownFields.data) + Self.field(1, $0.user.unknownFields.data)
                + Self.field(3, $0.pos.unknownFields.data + Self.field(2, $0.pos.link.unknownFields.data))
        }
        return wire(name, m.common, m.hasCommon, m.unknownFields, context, payload, carrying: Self.fields(7, guests))
    }

    /// A session's layout. What a place leaves undeclared goes to `extras` under `6`, one entry per place, as in
    /// ``viewerPicks(_:_:_:)``.
    func linkMicLayoutState(_ m: Webcast_LinkMicLayoutStateMessage, _ name: String, _ context: Context)
        -> LinkMicLayoutStateEvent
    {
        let payload = LinkMicLayoutStatePayload(
            channelId: idString(m.channelID), scene: nonZero(m.scene), version: nonZero(m.version),
            spots: m.spots.map {
                .init(
                    spotId: Int($0.spotID), holderType: $0.hasHolder ? Int($0.holder.type) : nil,
                    holderId: nonEmpty($0.holder.value))
            })
        let spots = m.spots.map { [UInt8]($0.unknownFields.data) + Self.field(2, $0.holder.unknownFields.data) }
        return wire(name, m.common, m.hasCommon, m.unknownFields, context, payload, carrying: Self.fields(6, spots))
    }

    /// ``wire(_:_:_:_:_:_:)``, with `carried` (unknown fields of declared nested blocks, wrapped in the field numbers
    /// that lead to them: ``field(_:_:)``) added to the message's own unknown fields, so that `extras` keeps them at
    /// their place.
    func wire<Payload: EventPayload>(
        _ type: String, _ common: Webcast_CommonMessageData, _ hasCommon: Bool, _ unknown: UnknownStorage,
        _ context: Context, _ payload: Payload, carrying carried: [UInt8]
    ) -> WireEvent<Payload> {
        var event = wire(type, common, hasCommon, unknown, context, payload)
        if !carried.isEmpty {
            event.extrasStorage = ExtrasStorage(unknownFields: [UInt8](unknown.data) + carried)
        }
        return event
    }

    /// `bytes` as the length-delimited field `number`; nothing when there are none.
    static func field<Bytes: Collection<UInt8>>(_ number: Int, _ bytes: Bytes) -> [UInt8] {
        bytes.isEmpty ? [] : entry(number, bytes)
    }

    /// The elements of a repeated block as repeated field `number`, one entry per element so that the n-th entry is
    /// the n-th element's (an element with nothing to carry gives an empty entry); nothing when none has any.
    static func fields(_ number: Int, _ elements: [[UInt8]]) -> [UInt8] {
        guard elements.contains(where: { !$0.isEmpty }) else { return [] }
        return elements.flatMap { entry(number, $0) }
    }

    /// One length-delimited field: its tag, its length, its bytes.
    private static func entry<Bytes: Collection<UInt8>>(_ number: Int, _ bytes: Bytes) -> [UInt8] {
        var out: [UInt8] = []
        for var value in [UInt64(number << 3 | 2), UInt64(bytes.count)] {
            while value >= 0x80 {
                out.append(UInt8(value & 0x7f) | 0x80)
                value >>= 7
            }
            out.append(UInt8(value))
        }
        return out + bytes
    }

    func punishment(_ p: Webcast_PunishEventInfo) -> Punishment {
        Punishment(
            punishType: nonEmpty(p.punishType), reason: nonEmpty(p.punishReason), punishId: nonEmpty(p.punishID),
            violationUserId: nonEmpty(p.violationUidStr) ?? idString(p.violationUid),
            punishTypeId: nonZero(p.punishTypeID), duration: nonZero(p.duration),
            endTime: nonZero(p.endTimeV2) ?? nonZero(p.endTime), showReason: nonEmpty(p.showReason),
            perceptionCode: nonEmpty(p.punishPerceptionCode))
    }

    func armyHost(_ entry: Webcast_BattleArmiesEntry) -> BattleArmiesPayload.Host {
        let contributors = entry.value.userArmies.map {
            BattleArmiesPayload.Contributor(
                userId: $0.userIDStr.isEmpty ? String($0.userID) : $0.userIDStr, nickname: nonEmpty($0.nickname),
                score: $0.score, diamondScore: nonZero($0.diamondScore))
        }
        // MVP first; ties keep wire order.
        let ranked = contributors.enumerated().sorted {
            ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset)
        }
        return BattleArmiesPayload.Host(
            hostUserId: entry.value.anchorIDStr.isEmpty ? String(entry.key) : entry.value.anchorIDStr,
            teamTotalScore: entry.value.hostscore, contributors: ranked.map(\.element))
    }

    func barrage(_ m: Webcast_BarrageMessage, _ context: Context) -> LiveEvent {
        let keys = [m.content.key, m.commonBarrageContent.key].map { $0.lowercased() }
        let payload = BarragePayload(
            user: LiveUser(m.user, present: m.hasUser),
            contentKey: nonEmpty(m.content.key) ?? nonEmpty(m.commonBarrageContent.key),
            content: nonEmpty(m.content.defaultPattern) ?? nonEmpty(m.commonBarrageContent.defaultPattern),
            msgType: Int(m.msgType), subType: nonEmpty(m.subType), durationMs: nonZero(m.duration),
            iconUrl: m.icon.urlList.first, scene: nonEmpty(m.scene))
        if keys.contains(where: { $0.contains("ttlive_superfan_commentnotif_superfanjoined") }) {
            return .superFanJoin(wire(.superFanJoin, m.common, m.hasCommon, m.unknownFields, context, payload))
        }
        if keys.contains(where: { $0.contains("ttlive_superfan") }) {
            return .superFan(wire(.superFan, m.common, m.hasCommon, m.unknownFields, context, payload))
        }
        return .barrage(wire(.barrage, m.common, m.hasCommon, m.unknownFields, context, payload))
    }

    func envelope(_ m: Webcast_EnvelopeMessage, _ context: Context) -> LiveEvent {
        let info = m.envelopeInfo
        let payload = EnvelopePayload(
            envelopeId: nonEmpty(info.envelopeID), businessType: Int(info.businessType),
            senderName: nonEmpty(info.sendUserName), senderUserId: nonEmpty(info.sendUserID),
            diamondCount: Int(info.diamondCount), peopleCount: Int(info.peopleCount),
            unpackAt: nonZero(Int64(info.unpackAt)), display: Int(m.display))
        if m.common.displayText.key.lowercased().contains("ttlive_superfanbox") || info.businessType == 19 {
            return .superFanBox(wire(.superFanBox, m.common, m.hasCommon, m.unknownFields, context, payload))
        }
        return .envelope(wire(.envelope, m.common, m.hasCommon, m.unknownFields, context, payload))
    }

    func goal(_ m: Webcast_GoalUpdateMessage) -> GoalUpdatePayload {
        let goal = m.goal
        return GoalUpdatePayload(
            goalId: m.hasGoal ? (goal.idStr.isEmpty ? String(goal.id) : goal.idStr) : nil,
            description: nonEmpty(goal.description_p), status: m.hasGoal ? Int(goal.status) : nil,
            subGoals: goal.subGoals.map {
                .init(
                    id: $0.idStr.isEmpty ? String($0.id) : $0.idStr, type: Int($0.type), progress: $0.progress,
                    target: $0.target)
            },
            contributorId: idString(m.contributorID), contributorUniqueId: nonEmpty(m.contributorDisplayID),
            contributeCount: nonZero(m.contributeCount), contributeScore: nonZero(m.contributeScore))
    }

    func poll(_ m: Webcast_PollMessage) -> PollPayload {
        // Whichever content block the message carries has the current options.
        let options: [Webcast_PollOption] =
            m.hasUpdateVotesContent
            ? m.updateVotesContent.optionList
            : m.hasEndContent ? m.endContent.optionList : m.startContent.optionList
        return PollPayload(
            pollId: String(m.pollID), messageType: m.messageType, title: nonEmpty(m.startContent.title),
            options: options.map { .init(index: Int($0.optionIdx), text: $0.displayContent, votes: $0.votes) })
    }

    func text(_ value: Webcast_Text) -> String? {
        nonEmpty(value.defaultPattern) ?? nonEmpty(value.key)
    }
}

// MARK: - Small conversions

func nonEmpty(_ value: String) -> String? {
    value.isEmpty ? nil : value
}

func nonZero<T: BinaryInteger>(_ value: T) -> Int? where T: FixedWidthInteger {
    value == 0 ? nil : Int(truncatingIfNeeded: value)
}

func nonZero(_ value: Int64) -> Int64? {
    value == 0 ? nil : value
}

func idString(_ value: Int64) -> String? {
    value == 0 ? nil : String(value)
}
