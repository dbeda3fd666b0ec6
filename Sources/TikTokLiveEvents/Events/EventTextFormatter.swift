/// One readable line per event, as the CLI prints them: `[chat]    ann_1: hello`,
/// `[gift]    cat_3 -> Rose x5`, `[follow]  bob.b`.
public struct EventTextFormatter: Sendable {
    /// Width of the `[name]` column, spaces included.
    public var labelWidth: Int

    public init(labelWidth: Int = 10) {
        self.labelWidth = labelWidth
    }

    /// The label column, padded: `[chat]    `.
    public func label(for event: LiveEvent) -> String {
        let label = "[\(event.name)]"
        return label + String(repeating: " ", count: max(1, labelWidth - label.count))
    }

    /// The text after the label.
    public func body(for event: LiveEvent) -> String {
        switch event {
        case .chat(let e): return "\(name(e.user)): \(e.comment)"
        case .emoteChat(let e): return "\(name(e.user)): " + e.emotes.map { ":\($0.emoteId):" }.joined(separator: " ")
        case .gift(let e):
            let gift = e.giftName ?? "gift \(e.giftId)"
            let to = e.toUser.map { " (to \($0.displayName))" } ?? ""
            return "\(name(e.user)) -> \(gift) x\(e.repeatCount)\(to)"
        case .like(let e): return "\(name(e.user)) liked x\(e.likeCount) (room total \(e.totalLikes))"
        case .join(let e): return "\(name(e.user)) joined"
        case .member(let e): return "\(name(e.user)) action \(e.action)" + (e.actionDescription.map { ": \($0)" } ?? "")
        case .follow(let e): return name(e.user)
        case .share(let e): return name(e.user)
        case .social(let e): return "\(name(e.user)) action \(e.action)"
        case .unauthorizedMember(let e): return "\(e.nickname ?? "anonymous") joined"
        case .roomUserSeq(let e): return "\(e.viewerCount) viewers (\(e.totalViewers) total)"
        case .control(let e): return "action \(e.action)" + (e.reason.map { ": \($0)" } ?? "")
        case .streamEnd(let e):
            return (e.action == 4 ? "stream suspended" : "stream ended") + (e.reason.map { ": \($0)" } ?? "")
        case .caption(let e): return (e.language.map { "(\($0)) " } ?? "") + e.text + (e.isFinal ? "" : " …")
        case .imDelete(let e):
            return "deleted \(e.deletedMsgIds.count) message(s)"
                + (e.deletedUserIds.isEmpty ? "" : ", all from \(e.deletedUserIds.count) user(s)")
        case .battle(let e):
            return "battle \(e.battleId) status \(e.status): "
                + e.teams.map { ($0.uniqueId ?? $0.hostUserId) + ($0.score.map { " \($0)" } ?? "") }.joined(
                    separator: " vs ")
        case .battleArmies(let e):
            return "battle \(e.battleId): "
                + e.hosts.map { host in
                    "\(host.hostUserId) \(host.teamTotalScore)"
                        + (host.contributors.first.map { " (MVP \($0.nickname ?? $0.userId) \($0.score))" } ?? "")
                }.joined(separator: " vs ")
        case .question(let e): return "\(name(e.user)) asks: \(e.text)"
        case .subscribe(let e): return "\(name(e.user)) subscribed (month \(e.subMonth))"
        case .room(let e): return e.content ?? ""
        case .barrage(let e), .superFan(let e), .superFanJoin(let e):
            return [e.user.map(name), e.content ?? e.contentKey].compactMap { $0 }.joined(separator: ": ")
        case .envelope(let e), .superFanBox(let e):
            return "\(e.senderName ?? "someone") dropped a chest of \(e.diamondCount) diamonds for \(e.peopleCount)"
        case .goalUpdate(let e):
            return (e.description ?? "goal") + ": "
                + e.subGoals.map { "\($0.progress)/\($0.target)" }.joined(separator: ", ")
        case .poll(let e):
            return (e.title ?? "poll \(e.pollId)") + ": "
                + e.options.map { "\($0.text) \($0.votes)" }.joined(separator: ", ")
        case .rankUpdate(let e): return e.updates.map { "rank \($0.rankType): \($0.ownerRank)" }.joined(separator: ", ")
        case .link(let e), .linkLayer(let e), .linkMicMethod(let e): return "type \(e.messageType)"
        case .roomPin(let e):
            return (e.action == 2 ? "unpinned " : "pinned ")
                + (e.comment.map { "\"\($0)\"" } ?? e.pinned.map { "a \($0.name)" } ?? e.pinnedMethod ?? "a message")
        case .oecLiveShopping(let e): return e.product?.title ?? "shop action \(e.actionType)"
        case .liveIntro(let e): return e.content
        case .fanTicket(let e):
            return "\(e.totalFanTickets) fan tickets: "
                + e.users.map { "\($0.userId) \($0.fanTickets)" }.joined(separator: ", ")
        case .rankText(let e): return e.text ?? "\(e.userId ?? "a viewer") is No. \(e.rank)"
        case .accessRecall(let e): return e.notice ?? e.content ?? "status \(e.status)"
        case .bottomMessage(let e): return e.text ?? e.content ?? "notice"
        case .battlePunishFinish(let e): return "battle \(e.battleId) punishment over"
        case .roomVerify(let e): return e.content ?? "action \(e.action)"
        case .capsule(let e): return e.text ?? e.scene ?? "capsule"
        case .roomNotify(let e): return e.notice.text ?? e.notice.content ?? "notice"
        case .giftBroadcast(let e): return e.notice?.text ?? "gift broadcast"
        case .marqueeAnnouncement(let e): return e.notices.compactMap(\.text).joined(separator: " | ")
        case .battleItemCard(let e): return e.text ?? e.cardNameKey ?? "battle \(e.battleId) item card"
        case .battleTask(let e): return Self.battleTask(e)
        case .subPin(let e):
            return "\(e.action == 2 ? "unpinned" : "pinned") \(e.title ?? e.text ?? "subscription card")"
        case .hourlyRank(let e):
            return e.winners.isEmpty
                ? "hourly ranking" : e.winners.map { $0.notice?.text ?? $0.userId ?? "?" }.joined(separator: " | ")
        case .perception(let e): return e.title ?? e.toast ?? e.floatText ?? e.punishment?.reason ?? "warning"
        case .msgDetect(let e): return "message probe \(e.detectType ?? 0)"
        case .partnershipDropsUpdate(let e):
            let mode = [0: "shown", 1: "updated", 2: "closed"][e.changeMode] ?? "mode \(e.changeMode)"
            return "drops \(e.dropsId ?? "?") \(mode)"
        case .toast(let e): return e.text ?? e.textKey ?? "toast"
        case .giftPrompt(let e):
            return nonEmpty([e.title, e.body].compactMap { $0 }.joined(separator: ": ")) ?? "gift prompt"
        case .liveGameIntro(let e): return e.content ?? "game intro"
        case .gameRankNotify(let e): return e.text ?? "game rank \(e.messageType ?? 0)"
        case .notice(let e):
            return e.noticeTitle ?? e.title ?? e.displayText ?? e.content ?? e.noticeContent ?? "notice"
        case .guide(let e): return e.description ?? "guide \(e.guideType ?? 0)"
        case .accessControl(let e): return "captcha" + (e.verifyDurationSec.map { ", \($0) s to solve" } ?? "")
        case .boostCard(let e): return "\(e.cards.count) boost card(s)"
        case .giftDynamicRestriction(let e):
            let hidden = Set(
                e.normalHiddenGiftIds + e.battleHiddenGiftIds + e.cohostHiddenGiftIds + e.multiGuestHiddenGiftIds
                    + e.receivers.flatMap(\.hiddenGiftIds))
            return "\(hidden.count) gift(s) hidden"
        case .giftPanelUpdate: return "gift panel updated"
        case .viewerPicksUpdate(let e):
            return "viewer picks: "
                + e.picks.map { "\($0.description ?? "gift \($0.giftId ?? 0)") \($0.score)" }
                .joined(separator: ", ")
        case .linkMicLayoutState(let e): return "layout of channel \(e.channelId ?? "?") v\(e.version ?? 0)"
        case .linkState(let e):
            return "link state of channel \(e.channelId ?? "?") v\(e.version ?? 0), \(e.guests.count) guest(s)"
        case .partnershipGameOffline(let e):
            return e.games.map { $0.toastTitle ?? $0.gameId ?? "game" }.joined(separator: ", ") + " offline"
        case .partnershipPunish(let e): return "partnership punishment" + (e.punishment?.reason.map { ": \($0)" } ?? "")
        case .other(let e): return "\(e.method) \(e.msgId)"
        case .unknown(let e): return "\(e.method) \(e.msgId) (\(e.payload.payload.count * 3 / 4) bytes)"
        case .connected(let e): return "connected to @\(e.uniqueId), room \(e.roomId)"
        case .roomInfo(let e): return "room \(e.roomId) via \(e.wsHost)"
        case .reconnecting(let e): return "attempt \(e.attempt) in \(e.delaySeconds)s: \(e.reason)"
        case .disconnected(let e): return "\(e.reason ?? "closed")" + (e.code.map { " (\($0))" } ?? "")
        case .error(let e): return "\(e.kind): \(e.message)"
        }
    }

    /// The whole line: label and body.
    public func line(for event: LiveEvent) -> String {
        label(for: event) + body(for: event)
    }

    private func name(_ user: LiveUser?) -> String {
        user?.displayName ?? "?"
    }
}

extension EventTextFormatter {
    /// A battle task's line: what the message says about it, by its phase.
    static func battleTask(_ e: BattleTaskEvent) -> String {
        switch e.messageType {
        case 0: return "battle task started" + (e.progressTarget.map { ", target \($0)" } ?? "")
        case 1: return "battle task progress \(e.progress ?? 0)" + (e.progressTarget.map { "/\($0)" } ?? "")
        case 2: return "battle task " + (e.result == 1 ? "failed" : "succeeded")
        case 3: return "battle task reward " + (e.rewardStatus == 1 ? "failed" : "given")
        default: return "battle task \(e.messageType)"
        }
    }
}
