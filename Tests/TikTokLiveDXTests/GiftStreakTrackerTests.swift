import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport

@Suite struct GiftStreakTrackerTests {
    let t0 = ContinuousClock.now

    /// A Rose-like streak message from `sender`.
    func rose(
        _ tracker: inout GiftStreakTracker, _ count: Int, end: Bool = false, group: String = "900",
        sender: String = "1",
        diamonds: Int = 1, at seconds: Int = 0
    ) -> GiftStreakTracker.Update {
        tracker.record(
            senderId: sender, giftId: 5655, giftName: "Rose", groupId: group, diamondsPerUnit: diamonds,
            repeatCount: count, repeatEnd: end, streakable: true, at: t0 + .seconds(seconds))
    }

    @Test func aStreakCountsEachUnitOnce() {
        var tracker = GiftStreakTracker()
        let updates = [
            rose(&tracker, 1), rose(&tracker, 3), rose(&tracker, 7), rose(&tracker, 7, end: true),
        ]
        #expect(updates.map(\.newUnits) == [1, 2, 4, 0])
        #expect(updates.map(\.totalUnits) == [1, 3, 7, 7])
        #expect(updates.map(\.isFinal) == [false, false, false, true])
        #expect(updates.last?.ending == .ended)
        #expect(updates.map(\.newDiamonds).reduce(0, +) == 7)
        #expect(tracker.activeStreaks.isEmpty)
    }

    @Test func diamondsArePerUnitTimesNewUnits() {
        var tracker = GiftStreakTracker()
        // Finger Heart: 5 diamonds a unit, a streak of 2 → 6 → 6 (end).
        let updates = [
            rose(&tracker, 2, diamonds: 5), rose(&tracker, 6, diamonds: 5), rose(&tracker, 6, end: true, diamonds: 5),
        ]
        #expect(updates.map(\.newDiamonds) == [10, 20, 0])
        #expect(updates.last?.totalDiamonds == 30)
    }

    @Test func giftsThatAreNotStreakableCountInFullAtOnce() {
        var tracker = GiftStreakTracker()
        let lion = tracker.record(
            senderId: "1", giftId: 6369, giftName: "Lion", groupId: "0", diamondsPerUnit: 29_999, repeatCount: 1,
            repeatEnd: false, streakable: false)
        #expect(lion.newDiamonds == 29_999)
        #expect(lion.isFinal && lion.ending == .notStreakable)
        // A count of 0 still means one gift.
        let again = tracker.record(
            senderId: "1", giftId: 6369, groupId: "0", diamondsPerUnit: 29_999, repeatCount: 0, repeatEnd: true,
            streakable: false)
        #expect(again.newUnits == 1)
        #expect(tracker.activeStreaks.isEmpty)
    }

    @Test func streaksAreKeyedByGroupAndSender() {
        var tracker = GiftStreakTracker()
        _ = rose(&tracker, 4, group: "1", sender: "ann")
        _ = rose(&tracker, 2, group: "1", sender: "bob")  // same group id, another sender
        _ = rose(&tracker, 3, group: "2", sender: "ann")  // another streak of the same sender
        #expect(rose(&tracker, 5, group: "1", sender: "ann").newUnits == 1)
        #expect(rose(&tracker, 5, group: "1", sender: "bob").newUnits == 3)
        #expect(rose(&tracker, 3, end: true, group: "2", sender: "ann").newUnits == 0)
        #expect(tracker.activeStreaks.map(\.senderId).sorted() == ["ann", "bob"])
    }

    @Test func runningTotalsThatGoBackCountNothing() {
        var tracker = GiftStreakTracker()
        #expect(rose(&tracker, 5).newUnits == 5)
        #expect(rose(&tracker, 3).newUnits == 0)  // out of order
        #expect(rose(&tracker, 3).totalUnits == 5)
        #expect(rose(&tracker, 8, end: true).newUnits == 3)
        // A late message of the finished streak adds nothing, and the streak stays over.
        let late = rose(&tracker, 6)
        #expect(late.newUnits == 0 && late.isFinal)
        #expect(tracker.activeStreaks.isEmpty)
    }

    @Test func anEndWithoutItsStartCountsTheWholeStreak() {
        var tracker = GiftStreakTracker()
        let end = rose(&tracker, 4, end: true)
        #expect(end.newUnits == 4 && end.isFinal)
    }

    @Test func aStreakWhoseEndIsLostExpiresAfterTheTimeout() {
        var tracker = GiftStreakTracker(timeout: .seconds(60))
        _ = rose(&tracker, 2, at: 0)
        _ = rose(&tracker, 5, at: 1)
        #expect(tracker.flushExpired(now: t0 + .seconds(61)).isEmpty, "idle for exactly 60 s is not over")
        #expect(tracker.activeStreaks.map(\.totalUnits) == [5])
        let expired = tracker.flushExpired(now: t0 + .seconds(62))
        #expect(expired.count == 1)
        #expect(expired.first?.ending == .expired)
        #expect(expired.first?.newUnits == 0)
        #expect(expired.first?.totalUnits == 5)
        #expect(expired.first?.totalDiamonds == 5)
        #expect(tracker.activeStreaks.isEmpty)
        #expect(tracker.flushExpired(now: t0 + .seconds(63)).isEmpty)
        // The end turns up after all: only its growth counts, once.
        let end = rose(&tracker, 6, end: true, at: 70)
        #expect(end.newUnits == 1 && end.ending == .ended)
        #expect(rose(&tracker, 6, end: true, at: 71).newUnits == 0)
        // Long after, the streak is forgotten; the same group id would start afresh.
        _ = tracker.flushExpired(now: t0 + .seconds(400))
        #expect(rose(&tracker, 2, at: 401).newUnits == 2)
    }

    @Test func expiredStreaksComeOldestFirst() {
        var tracker = GiftStreakTracker(timeout: .seconds(10))
        _ = rose(&tracker, 1, group: "b", at: 5)
        _ = rose(&tracker, 1, group: "a", at: 3)
        _ = rose(&tracker, 1, group: "c", at: 30)
        #expect(tracker.flushExpired(now: t0 + .seconds(20)).map(\.groupId) == ["a", "b"])
        #expect(tracker.activeStreaks.map(\.groupId) == ["c"])
    }

    @Test func recordsGiftEvents() throws {
        let json = """
            {"type":"gift","data":{"type":"gift","timestamp":1,"msgId":"2","roomId":"3","method":"WebcastGiftMessage",\
            "user":{"userId":"42","uniqueId":"ann","isSubscriber":false,"isModerator":false},"giftId":5655,\
            "giftName":"Rose","diamondCount":1,"repeatCount":COUNT,"repeatEnd":END,"giftType":1,"streakable":true,\
            "groupId":"9100000000000000001"}}
            """
        func gift(_ count: Int, end: Bool) throws -> GiftEvent {
            let line = json.replacingOccurrences(of: "COUNT", with: String(count))
                .replacingOccurrences(of: "END", with: String(end))
            guard case .gift(let gift) = try JSONDecoder().decode(LiveEvent.self, from: Data(line.utf8)) else {
                throw TimedOut(what: "not a gift")
            }
            return gift
        }
        var tracker = GiftStreakTracker()
        let first = tracker.record(try gift(3, end: false))
        let last = tracker.record(try gift(5, end: true))
        #expect(first.senderId == "42" && first.sender?.uniqueId == "ann" && first.giftName == "Rose")
        #expect(first.groupId == "9100000000000000001")
        #expect(first.newUnits == 3 && last.newUnits == 2)
        #expect(last.isFinal)
    }
}
