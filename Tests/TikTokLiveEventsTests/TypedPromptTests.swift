import Foundation
import Testing
import TikTokLiveTestSupport

@testable import TikTokLiveEvents

/// Prompts, guides, gift-panel changes, link-mic state and partnership notices, typed from an independent public
/// schema's field numbers (docs/PROTOCOL.md#message-fields): random values, fields out of order and repeated, an
/// undeclared field kept in `extras`, and a cut message costing that message only.
@Suite("Typed prompts and state")
struct TypedPromptTests {
    typealias T = TypedDepthTests
    typealias N = TypedNoticeTests

    /// The event, after checking that the generated decoder alone gives the same one, and that the message cut by
    /// one byte is an `error` event rather than a wrong event.
    static func decoded(_ method: String, _ raw: RawProto) throws -> LiveEvent {
        let event = try T.event(method, raw.bytes)
        #expect(try T.generated(method, raw.bytes) == event, "fast path and generated decoder agree")
        #expect(try T.event(method, Array(raw.bytes.dropLast(1))).name == "error", "a cut \(method)")
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: event)) == event)
        return event
    }

    @Test("toast and giftPrompt")
    func toastAndGiftPrompt() throws {
        var v = T.Values(seed: 61)
        let (shown, delay, orderTime) = (v.small(), v.small(), v.id())
        let (scene, order) = (v.word(), v.word())
        var common = RawProto(bytes: T.common("WebcastToastMessage", msgId: 71))
        common.bytes(8, N.text("Thanks for watching!", key: "pm_toast_thanks"))
        var toast = RawProto()
        toast.string(4, scene)
        toast.varint(3, UInt64(delay))
        toast.varint(2, 1)
        toast.varint(2, UInt64(shown))  // repeated: the last one counts
        toast.bytes(1, common.bytes)
        toast.varint(40, 9)
        let t = try Self.decoded("WebcastToastMessage", toast)
        guard case .toast(let te) = t else {
            Issue.record("expected toast, got \(t)")
            return
        }
        #expect(te.text == "Thanks for watching!")
        #expect(te.textKey == "pm_toast_thanks")
        #expect(te.displayDurationMs == shown)
        #expect(te.delayDisplayDurationMs == delay)
        #expect(te.scene == scene)
        #expect(te.msgId == "71")
        #expect(te.extras["40"] == .int(9), "an undeclared field stays in extras")
        #expect(T.data(t)["displayDurationMs"] as? Int == Int(shown))
        #expect(EventTextFormatter().body(for: t) == "Thanks for watching!")

        var prompt = RawProto()
        prompt.string(8, "sslocal://gift_limit")
        prompt.varint(7, 1)
        prompt.varint(6, UInt64(orderTime))
        prompt.string(5, order)
        prompt.varint(4, 7)
        prompt.string(3, "You have sent many gifts today.")
        prompt.string(2, "Take a break")
        prompt.bytes(1, T.common("WebcastGiftPromptMessage", msgId: 72))
        let p = try Self.decoded("WebcastGiftPromptMessage", prompt)
        guard case .giftPrompt(let pe) = p else {
            Issue.record("expected giftPrompt, got \(p)")
            return
        }
        #expect(pe.title == "Take a break")
        #expect(pe.body == "You have sent many gifts today.")
        #expect(pe.blockNumDays == 7)
        #expect(pe.orderId == order)
        #expect(pe.orderTimestamp == orderTime)
        #expect(pe.inGiftingAddiction == true)
        #expect(pe.popUpSchema == "sslocal://gift_limit")
        #expect(T.data(p)["inGiftingAddiction"] as? Bool == true)
        #expect(EventTextFormatter().body(for: p) == "Take a break: You have sent many gifts today.")
    }

    @Test("liveGameIntro, gameRankNotify and notice: their texts as shown")
    func gameTextsAndNotice() throws {
        var v = T.Values(seed: 62)
        let (game, url) = (v.word(), "https://www.tiktok.com/" + v.word())
        var intro = RawProto()
        intro.varint(3, 1)
        intro.bytes(2, N.text("Playing {0:string} today", pieces: [N.stringPiece(game)]))
        intro.bytes(1, T.common("WebcastLiveGameIntroMessage", msgId: 73))
        let i = try Self.decoded("WebcastLiveGameIntroMessage", intro)
        guard case .liveGameIntro(let ie) = i else {
            Issue.record("expected liveGameIntro, got \(i)")
            return
        }
        #expect(ie.content == "Playing \(game) today")
        #expect(ie.hasRankInfo == true)

        var rank = RawProto()
        rank.bytes(3, N.text("You moved up to No. 4"))
        rank.varint(2, 1)
        rank.bytes(1, T.common("WebcastGameRankNotifyMessage", msgId: 74))
        let r = try Self.decoded("WebcastGameRankNotifyMessage", rank)
        guard case .gameRankNotify(let re) = r else {
            Issue.record("expected gameRankNotify, got \(r)")
            return
        }
        #expect(re.messageType == 1)
        #expect(re.text == "You moved up to No. 4")

        var notice = RawProto()
        notice.string(12, "live_room")
        notice.bytes(11, N.text("Keep your LIVE friendly."))
        notice.bytes(10, N.text("Community notice"))
        notice.string(9, url)
        notice.bytes(8, N.text("Learn more"))
        notice.bytes(7, N.text("Shown to the host"))
        notice.bytes(6, N.text("Harassment"))
        notice.bytes(5, N.text("Warning"))
        notice.string(4, "banner")
        notice.varint(3, 2)
        notice.string(2, "plain content")
        notice.bytes(1, T.common("WebcastNoticeMessage", msgId: 75))
        let n = try Self.decoded("WebcastNoticeMessage", notice)
        guard case .notice(let ne) = n else {
            Issue.record("expected notice, got \(n)")
            return
        }
        #expect(ne.content == "plain content")
        #expect(ne.noticeType == 2)
        #expect(ne.style == "banner")
        #expect(ne.title == "Warning")
        #expect(ne.violationReason == "Harassment")
        #expect(ne.displayText == "Shown to the host")
        #expect(ne.tipsTitle == "Learn more")
        #expect(ne.tipsUrl == url)
        #expect(ne.noticeTitle == "Community notice")
        #expect(ne.noticeContent == "Keep your LIVE friendly.")
        #expect(ne.scene == "live_room")
        #expect(T.data(n)["violationReason"] as? String == "Harassment")
        #expect(EventTextFormatter().body(for: n) == "Community notice")
    }

    @Test("guide and accessControl: nested blocks read")
    func guideAndCaptcha() throws {
        var v = T.Values(seed: 63)
        let (gift, duration, streamTime, record, room) = (v.small(), v.small(), v.id(), v.id(), v.id())
        var rule = RawProto()
        rule.varint(2, 3)
        rule.varint(1, 1)
        var guide = RawProto()
        guide.varint(9, UInt64(streamTime))
        guide.bytes(8, rule.bytes)
        guide.string(7, "gift_guide")
        guide.varint(6, 2)
        guide.varint(5, UInt64(duration))
        guide.string(4, "Send a Rose to say hi")
        guide.varint(3, UInt64(gift))
        guide.varint(2, 4)
        guide.bytes(1, T.common("WebcastGuideMessage", msgId: 76))
        let g = try Self.decoded("WebcastGuideMessage", guide)
        guard case .guide(let ge) = g else {
            Issue.record("expected guide, got \(g)")
            return
        }
        #expect(ge.guideType == 4)
        #expect(ge.giftId == gift)
        #expect(ge.description == "Send a Rose to say hi")
        #expect(ge.duration == duration)
        #expect(ge.displayStyle == 2)
        #expect(ge.scene == "gift_guide")
        #expect(ge.roomShowCount == 1)
        #expect(ge.dayShowCount == 3)
        #expect(ge.streamTime == streamTime)
        #expect(EventTextFormatter().body(for: g) == "Send a Rose to say hi")

        var captcha = RawProto()
        captcha.varint(3, 60)
        captcha.varint(2, UInt64(room))
        captcha.varint(1, UInt64(record))
        var access = RawProto()
        access.bytes(2, captcha.bytes)
        access.bytes(1, T.common("WebcastAccessControlMessage", msgId: 77))
        let a = try Self.decoded("WebcastAccessControlMessage", access)
        guard case .accessControl(let ae) = a else {
            Issue.record("expected accessControl, got \(a)")
            return
        }
        #expect(ae.captchaRecordId == String(record))
        #expect(ae.captchaRoomId == String(room))
        #expect(ae.verifyDurationSec == 60)
        #expect(T.data(a)["captchaRecordId"] as? String == String(record))
        #expect(EventTextFormatter().body(for: a) == "captcha, 60 s to solve")
    }

    @Test("boostCard, giftDynamicRestriction, giftPanelUpdate and viewerPicksUpdate")
    func giftPanel() throws {
        var v = T.Values(seed: 64)
        let cards = (0..<3).map { _ in (v.id(), v.id()) }
        var boost = RawProto()
        for (card, task) in cards {
            var entry = RawProto()
            entry.varint(3, UInt64(task))
            entry.varint(2, 1)
            entry.varint(1, UInt64(card))
            boost.bytes(3, entry.bytes)
        }
        boost.bytes(1, T.common("WebcastBoostCardMessage", msgId: 78))
        let b = try Self.decoded("WebcastBoostCardMessage", boost)
        guard case .boostCard(let be) = b else {
            Issue.record("expected boostCard, got \(b)")
            return
        }
        #expect(be.cards.map(\.cardId) == cards.map { String($0.0) }, "in wire order")
        #expect(be.cards.map(\.taskId) == cards.map { String($0.1) })
        #expect(be.cards.allSatisfy { $0.taskSource == 1 })

        let (normal, battle, receiver) = ([v.small(), v.small()], [v.small()], v.id())
        var scenes = RawProto()
        scenes.varint(2, UInt64(battle[0]))
        for id in normal { scenes.varint(1, UInt64(id)) }  // unpacked
        scenes.bytes(4, RawProto.varint(5) + RawProto.varint(6))  // packed
        var perReceiver = RawProto()
        perReceiver.bytes(2, RawProto.varint(7))
        perReceiver.varint(1, UInt64(receiver))
        var restriction = RawProto()
        restriction.bytes(2, perReceiver.bytes)
        restriction.bytes(1, scenes.bytes)
        var hide = RawProto()
        hide.bytes(2, restriction.bytes)
        hide.bytes(1, T.common("WebcastGiftDynamicRestrictionMessage", msgId: 79))
        let h = try Self.decoded("WebcastGiftDynamicRestrictionMessage", hide)
        guard case .giftDynamicRestriction(let he) = h else {
            Issue.record("expected giftDynamicRestriction, got \(h)")
            return
        }
        #expect(he.normalHiddenGiftIds == normal)
        #expect(he.battleHiddenGiftIds == battle)
        #expect(he.cohostHiddenGiftIds.isEmpty)
        #expect(he.multiGuestHiddenGiftIds == [5, 6])
        #expect(he.receivers == [.init(userId: String(receiver), hiddenGiftIds: [7])])
        #expect(EventTextFormatter().body(for: h) == "\(Set(normal + battle + [5, 6, 7]).count) gift(s) hidden")

        let (room, stamp, sponsor, panelEnds) = (v.id(), v.id(), v.id(), v.id())
        /// A map entry: `{1 key, 2 value}`.
        func entry(_ key: Int64, _ value: RawProto) -> [UInt8] {
            var raw = RawProto()
            raw.bytes(2, value.bytes)
            raw.varint(1, UInt64(key))
            return raw.bytes
        }
        var gallery = RawProto()
        for (key, count) in [(30, 2), (10, 5)] as [(Int64, UInt64)] {  // keys out of order
            var title = RawProto()
            title.varint(2, UInt64(sponsor))
            title.varint(1, count)
            gallery.bytes(1, entry(key, title))
        }
        gallery.varint(3, UInt64(panelEnds))
        gallery.varint(2, 7)
        var progress = RawProto()
        progress.varint(3, UInt64(panelEnds))
        progress.varint(2, 100)
        progress.varint(1, 40)
        var goal = RawProto()
        goal.bytes(2, entry(4, progress))
        goal.varint(1, 1)
        var price = RawProto()
        price.varint(2, 99)
        price.varint(1, 5655)
        var offered = RawProto()
        offered.bytes(1, price.bytes)
        var byRoom = RawProto()
        byRoom.bytes(2, entry(room, offered))
        var panel = RawProto()
        panel.string(100, "ctx")
        panel.bytes(12, byRoom.bytes)
        panel.bytes(11, goal.bytes)
        panel.bytes(10, gallery.bytes)
        panel.varint(3, UInt64(stamp))
        panel.varint(2, UInt64(room))
        panel.bytes(1, T.common("WebcastGiftPanelUpdateMessage", msgId: 80, roomId: nil))
        let u = try Self.decoded("WebcastGiftPanelUpdateMessage", panel)
        guard case .giftPanelUpdate(let ue) = u else {
            Issue.record("expected giftPanelUpdate, got \(u)")
            return
        }
        #expect(ue.roomId == String(room), "the message's own room id when the common block has none")
        #expect(ue.updatedAt == stamp)
        #expect(ue.strategyContext == "ctx")
        #expect(ue.gallery?.period == 7)
        #expect(ue.gallery?.endTimeMs == panelEnds)
        #expect(
            ue.gallery?.titles == [
                .init(key: 10, goalCount: 5, currentSponsorId: String(sponsor)),
                .init(key: 30, goalCount: 2, currentSponsorId: String(sponsor)),
            ], "in key order")
        #expect(ue.goal?.status == 1)
        #expect(ue.goal?.progress == [.init(key: 4, current: 40, target: 100, expiresAtMs: panelEnds)])
        #expect(ue.roomGifts == [.init(key: room, gifts: [.init(giftId: 5655, price: 99)])])
        #expect(ue.extras.isEmpty, "\(ue.extras)")
        #expect((T.data(u)["goal"] as? [String: Any])?["status"] as? Int == 1)

        let (picksId, started, ends) = (v.id(), v.id(), v.id())
        let gifts = (0..<2).map { _ in (pick: v.id(), gift: v.small(), price: v.small(), score: v.id()) }
        var info = RawProto()
        info.varint(17, 1)
        info.bytes(14, Array("header".utf8))  // a header image: not declared
        info.varint(13, 3)
        info.varint(12, 1)
        info.string(11, String(picksId))
        info.varint(9, 1)
        info.varint(8, 1)
        info.varint(7, 1)
        info.varint(6, UInt64(ends))
        info.varint(5, UInt64(started))
        info.varint(4, 300)
        info.varint(3, 1)
        for (index, entry) in gifts.enumerated() {
            var icon = RawProto()
            icon.string(5, "#ffaa00")  // avg_color: not declared
            icon.string(1, "https://example.invalid/\(entry.gift).png")
            var gift = RawProto()
            if index == 1 { gift.bytes(9, Array("game".utf8)) }  // game-integration data: not declared
            gift.varint(8, 2)
            gift.varint(7, 1)
            gift.string(6, String(entry.pick))
            gift.varint(4, UInt64(entry.price))
            gift.bytes(3, icon.bytes)
            gift.string(2, "Dance for 10 s")
            gift.varint(1, UInt64(entry.gift))
            var pick = RawProto()
            pick.varint(2, UInt64(entry.score))
            pick.bytes(1, gift.bytes)
            info.bytes(2, pick.bytes)
        }
        var picks = RawProto()
        picks.bytes(3, info.bytes)
        picks.varint(2, 2)
        picks.bytes(1, T.common("WebcastViewerPicksUpdateMessage", msgId: 81))
        let p = try Self.decoded("WebcastViewerPicksUpdateMessage", picks)
        guard case .viewerPicksUpdate(let pe) = p else {
            Issue.record("expected viewerPicksUpdate, got \(p)")
            return
        }
        #expect(pe.updateType == 2)
        #expect(pe.picksId == String(picksId))
        #expect(pe.status == 1)
        #expect(pe.roundDurationSec == 300)
        #expect(pe.startTimeMs == started)
        #expect(pe.endTimeMs == ends)
        #expect(pe.hasDuration == true && pe.hasScore == true && pe.autoRestart == true)
        #expect(pe.startedFromAutoRestart == nil)
        #expect(pe.startedFromAutoStart == true)
        #expect(pe.displayMode == 1)
        #expect(pe.scene == 3)
        #expect(pe.picks.map(\.pickId) == gifts.map { String($0.pick) }, "in wire order")
        #expect(pe.picks.map(\.giftId) == gifts.map(\.gift))
        #expect(pe.picks.map(\.giftPrice) == gifts.map(\.price))
        #expect(pe.picks.map(\.score) == gifts.map(\.score))
        #expect(pe.picks.map(\.iconUrl) == gifts.map { "https://example.invalid/\($0.gift).png" })
        #expect(pe.picks.allSatisfy { $0.description == "Dance for 10 s" && $0.descriptionSource == 2 })
        #expect(pe.picks.allSatisfy { $0.priorityRequest == true })
        // What the schema leaves undeclared inside the block is in extras at its place: the header image, and per
        // pick (in order) the icon's colour and the second gift's game data.
        let kept = try #require(pe.extras["3"]?.objectValue, "\(pe.extras)")
        #expect(kept["14"] == .string("header"))
        let perPick = try #require(kept["2"]?.arrayValue, "\(kept)")
        #expect(perPick.count == 2)
        #expect(perPick.first?.objectValue?["1"]?.objectValue?["3"] == .object(["5": .string("#ffaa00")]))
        #expect(perPick.last?.objectValue?["1"]?.objectValue?["9"] == .string("game"))
        #expect((T.data(p)["picks"] as? [[String: Any]])?.first?["score"] as? Int == Int(gifts[0].score))
        #expect(
            EventTextFormatter().body(for: p)
                == "viewer picks: Dance for 10 s \(gifts[0].score), Dance for 10 s \(gifts[1].score)")
    }

    @Test("linkMicLayoutState and linkState")
    func linkState() throws {
        var v = T.Values(seed: 65)
        let (channel, version, sent, muted) = (v.id(), v.small(), v.id(), [v.id(), v.id()])
        var layout = RawProto()
        for (spotId, holder) in [(1, "rtc-\(channel)"), (2, "")] {
            var identity = RawProto()
            if !holder.isEmpty { identity.string(2, holder) }
            identity.varint(1, holder.isEmpty ? 0 : 1)
            var place = RawProto()
            if spotId == 1 { place.bytes(3, RawProto.varint(8) + RawProto.varint(9)) }  // its extra: not declared
            place.bytes(2, identity.bytes)
            place.varint(1, UInt64(spotId))
            layout.bytes(6, place.bytes)
        }
        layout.bytes(5, RawProto.varint(8) + RawProto.varint(1))  // the layout's own record: not declared
        layout.varint(4, UInt64(version))
        layout.varint(3, 4)
        layout.varint(2, UInt64(channel))
        layout.bytes(1, T.common("WebcastLinkMicLayoutStateMessage", msgId: 82))
        let l = try Self.decoded("WebcastLinkMicLayoutStateMessage", layout)
        guard case .linkMicLayoutState(let le) = l else {
            Issue.record("expected linkMicLayoutState, got \(l)")
            return
        }
        #expect(le.channelId == String(channel))
        #expect(le.scene == 4)
        #expect(le.version == version)
        #expect(
            le.spots == [.init(spotId: 1, holderType: 1, holderId: "rtc-\(channel)"), .init(spotId: 2, holderType: 0)])
        #expect(le.extras["5"] == .object(["1": .int(1)]), "the layout's record stays in extras")
        let perSpot = try #require(le.extras["6"]?.arrayValue, "\(le.extras)")
        #expect(perSpot.count == 2, "one entry per place")
        #expect(perSpot.first?.objectValue?["3"] == .object(["1": .int(9)]))

        var spot = RawProto()
        spot.varint(1, 3)
        let guests = (0..<2).map { _ in (user: v.id(), room: v.id(), since: v.id()) }
        var state = RawProto()
        for (index, guest) in guests.enumerated() {
            var player = RawProto()
            player.varint(2, UInt64(guest.user))
            player.varint(1, UInt64(guest.room))
            var slot = RawProto()
            slot.varint(2, 1)
            slot.varint(1, UInt64(index + 1))
            var position = RawProto()
            position.bytes(2, slot.bytes)
            position.varint(1, 2)
            var user = RawProto()
            if index == 0 { user.bytes(10, RawProto.varint(8) + RawProto.varint(42)) }  // an avatar: not declared
            user.string(11, "session-\(index)")
            user.varint(9, 2)
            user.varint(8, 1)
            user.varint(7, 2)
            user.varint(6, 1)
            user.varint(5, 1)
            user.varint(4, UInt64(guest.since))
            user.bytes(3, position.bytes)
            user.string(2, "linkmic-\(index)")
            user.bytes(1, player.bytes)
            state.bytes(7, user.bytes)
        }
        state.varint(16, 2)
        for id in muted { state.varint(15, UInt64(id)) }
        state.bytes(14, spot.bytes)
        state.string(12, "https://example.invalid/wall.png")
        state.varint(9, 1)
        state.varint(8, UInt64(sent))
        state.varint(5, 1)
        state.varint(4, UInt64(version))
        state.varint(3, 2)
        state.varint(2, UInt64(channel))
        state.bytes(1, T.common("WebcastLinkStateMessage", msgId: 83))
        let s = try Self.decoded("WebcastLinkStateMessage", state)
        guard case .linkState(let se) = s else {
            Issue.record("expected linkState, got \(s)")
            return
        }
        #expect(se.channelId == String(channel))
        #expect(se.scene == 2)
        #expect(se.version == version)
        #expect(se.needAck == 1)
        #expect(se.clientSendTime == sent)
        #expect(se.stateType == 1)
        #expect(se.wallpaperUrl == "https://example.invalid/wall.png")
        #expect(se.mutedChannelIds == muted.map(String.init))
        #expect(se.linkerMode == 2)
        #expect(se.extras["14"] == .object(["1": .int(3)]), "the spots stay in extras")
        #expect(se.guests.map(\.userId) == guests.map { String($0.user) }, "in wire order")
        #expect(se.guests.map(\.roomId) == guests.map { String($0.room) })
        #expect(se.guests.map(\.linkedTimeNano) == guests.map(\.since))
        #expect(se.guests.map(\.linkmicId) == ["linkmic-0", "linkmic-1"])
        #expect(se.guests.map(\.linkerSessionId) == ["session-0", "session-1"])
        #expect(se.guests.map(\.position) == [1, 2])
        #expect(se.guests.allSatisfy { $0.positionType == 2 && $0.positionOption == 1 })
        #expect(se.guests.allSatisfy { $0.onlineState == 1 && $0.audioState == 1 && $0.videoState == 2 })
        #expect(se.guests.allSatisfy { $0.rtcConnection == 1 && $0.networkState == 2 })
        // The first guest's avatar is in extras at its place, one entry per guest.
        let perGuest = try #require(se.extras["7"]?.arrayValue, "\(se.extras)")
        #expect(perGuest.count == 2)
        #expect(perGuest.first?.objectValue?["10"] == .object(["1": .int(42)]))
        #expect(T.data(s)["mutedChannelIds"] as? [String] == muted.map(String.init))
    }

    @Test("partnershipGameOffline and partnershipPunish")
    func partnership() throws {
        var v = T.Values(seed: 66)
        let games = (0..<2).map { _ in (v.word(), v.word()) }
        var offline = RawProto()
        for (task, game) in games {
            var entry = RawProto()
            entry.varint(7, 1)
            entry.string(6, game)
            entry.string(5, "Task ended")
            entry.varint(4, 2)
            entry.varint(3, 5)
            entry.string(2, "This task is over")
            entry.string(1, task)
            offline.bytes(2, entry.bytes)
        }
        offline.bytes(1, T.common("WebcastPartnershipGameOfflineMessage", msgId: 84))
        let o = try Self.decoded("WebcastPartnershipGameOfflineMessage", offline)
        guard case .partnershipGameOffline(let oe) = o else {
            Issue.record("expected partnershipGameOffline, got \(o)")
            return
        }
        #expect(oe.games.map(\.taskId) == games.map(\.0))
        #expect(oe.games.map(\.gameId) == games.map(\.1))
        #expect(oe.games.allSatisfy { $0.toastTitle == "Task ended" && $0.toastText == "This task is over" })
        #expect(oe.games.allSatisfy { $0.taskListLength == 5 && $0.offlineType == 2 && $0.taskType == 1 })

        let violator = v.id()
        var punish = RawProto()
        punish.varint(11, 1_764_000_999)
        punish.string(7, "perception-3")
        punish.string(3, "punish-9")
        punish.string(2, "cheating")
        punish.varint(4, UInt64(violator))
        var message = RawProto()
        message.bytes(2, punish.bytes)
        message.bytes(1, T.common("WebcastPartnershipPunishMessage", msgId: 85))
        let p = try Self.decoded("WebcastPartnershipPunishMessage", message)
        guard case .partnershipPunish(let pe) = p else {
            Issue.record("expected partnershipPunish, got \(p)")
            return
        }
        #expect(pe.punishment?.reason == "cheating")
        #expect(pe.punishment?.punishId == "punish-9")
        #expect(pe.punishment?.violationUserId == String(violator))
        #expect(pe.punishment?.endTime == 1_764_000_999)
        #expect(pe.punishment?.perceptionCode == "perception-3")
        #expect(EventTextFormatter().body(for: p) == "partnership punishment: cheating")
    }
}
