/// Turns gift streaks into deltas, so that a leaderboard or a goal counts every diamond exactly once.
///
/// A streakable gift (a Rose held down) arrives several times with a growing *running total* in `repeatCount` and
/// `repeatEnd` on the last message (docs/PROTOCOL.md#gift-streaks); summing `repeatCount` would count the first units
/// again on every message. The tracker remembers each streak's last total, keyed by its `groupId` and sender, and
/// reports only what is new. A gift that is not streakable is counted in full at once.
///
/// TikTok sometimes never sends the end of a streak. ``flushExpired(now:)`` reports streaks idle for longer than
/// ``timeout`` as ended (their units were already counted as they arrived); call it from a timer, or before reading
/// final results.
///
/// ```swift
/// var tracker = GiftStreakTracker()
/// var diamonds: [String: Int] = [:]
/// for try await event in live.events {
///     guard case .gift(let gift) = event else { continue }
///     let update = tracker.record(gift)
///     diamonds[update.senderId, default: 0] += update.newDiamonds
/// }
/// ```
///
/// A value type, meant for the `for try await` loop above: one task owns it and needs no lock. `on(...)` handlers are
/// `@Sendable` and cannot mutate a `var` they capture (`live.on(.gift) { tracker.record($0) }` does not compile); to
/// count gifts, read ``TikTokLive/events`` in one task as above instead of registering a handler.
public struct GiftStreakTracker: Sendable {
    /// What one gift message adds.
    public struct Update: Sendable, Hashable {
        /// The sender's user id, else their `uniqueId`, else `""`.
        public var senderId: String
        public var sender: LiveUser?
        public var giftId: Int64
        public var giftName: String?
        /// The streak's `groupId` (`"0"` for gifts that are not streakable).
        public var groupId: String
        public var diamondsPerUnit: Int
        /// Units this message adds: the growth of the running total (never negative).
        public var newUnits: Int
        /// Units counted for this streak so far, this message included.
        public var totalUnits: Int
        /// Whether the streak is over: its end message, a gift that is not streakable, or an expired streak.
        public var isFinal: Bool
        /// Why the streak is over, when ``isFinal``.
        public var ending: Ending?

        /// ``newUnits`` × ``diamondsPerUnit``: add this to a leaderboard.
        public var newDiamonds: Int { newUnits * diamondsPerUnit }
        /// ``totalUnits`` × ``diamondsPerUnit``.
        public var totalDiamonds: Int { totalUnits * diamondsPerUnit }

        public init(
            senderId: String, sender: LiveUser? = nil, giftId: Int64, giftName: String? = nil, groupId: String,
            diamondsPerUnit: Int, newUnits: Int, totalUnits: Int, isFinal: Bool, ending: Ending? = nil
        ) {
            self.senderId = senderId
            self.sender = sender
            self.giftId = giftId
            self.giftName = giftName
            self.groupId = groupId
            self.diamondsPerUnit = diamondsPerUnit
            self.newUnits = newUnits
            self.totalUnits = totalUnits
            self.isFinal = isFinal
            self.ending = ending
        }
    }

    /// How a streak ended.
    public enum Ending: String, Sendable, Hashable, Codable {
        /// The message with `repeatEnd` arrived.
        case ended
        /// A gift that is not streakable: one message, final at once.
        case notStreakable
        /// No message for longer than ``GiftStreakTracker/timeout``: reported by ``flushExpired(now:)``.
        case expired
    }

    struct Key: Hashable {
        var groupId: String
        var senderId: String
    }

    struct Streak {
        var update: Update
        var lastSeen: ContinuousClock.Instant
    }

    /// How long a streak may go without a message before ``flushExpired(now:)`` reports it as ended.
    public var timeout: Duration

    private var running: [Key: Streak] = [:]
    /// Streaks that ended recently, with the units counted: a late or repeated message of one is not counted again.
    private var finished: [Key: (units: Int, ending: Ending, at: ContinuousClock.Instant)] = [:]
    /// Above this many remembered ended streaks,
    /// ``record(senderId:sender:giftId:giftName:groupId:diamondsPerUnit:repeatCount:repeatEnd:streakable:at:)`` forgets
    /// the old ones itself, for callers that never call ``flushExpired(now:)``.
    static let finishedLimit = 4096

    /// - Parameter timeout: 60 s by default; a held gift button sends a message every second or so.
    public init(timeout: Duration = .seconds(60)) {
        self.timeout = timeout
    }

    /// Streaks that have started and not ended, oldest message first.
    public var activeStreaks: [Update] {
        running.values.sorted { ($0.lastSeen, $0.update.groupId) < ($1.lastSeen, $1.update.groupId) }.map(\.update)
    }

    /// Records a gift event and returns what it adds.
    public mutating func record(_ gift: GiftEvent, at now: ContinuousClock.Instant = .now) -> Update {
        let user = gift.user
        return record(
            senderId: user?.userId ?? user?.uniqueId ?? "", sender: user, giftId: gift.giftId, giftName: gift.giftName,
            groupId: gift.groupId, diamondsPerUnit: gift.diamondCount, repeatCount: gift.repeatCount,
            repeatEnd: gift.repeatEnd, streakable: gift.streakable, at: now)
    }

    /// Records a gift given by its fields (for gifts from another source, such as NDJSON) and returns what it adds.
    public mutating func record(
        senderId: String, sender: LiveUser? = nil, giftId: Int64, giftName: String? = nil, groupId: String,
        diamondsPerUnit: Int, repeatCount: Int, repeatEnd: Bool, streakable: Bool,
        at now: ContinuousClock.Instant = .now
    ) -> Update {
        var update = Update(
            senderId: senderId, sender: sender, giftId: giftId, giftName: giftName, groupId: groupId,
            diamondsPerUnit: diamondsPerUnit, newUnits: 0, totalUnits: 0, isFinal: false)
        guard streakable else {
            update.newUnits = max(repeatCount, 1)
            update.totalUnits = update.newUnits
            update.isFinal = true
            update.ending = .notStreakable
            return update
        }
        let key = Key(groupId: groupId, senderId: senderId)
        let counted = running[key]?.update.totalUnits ?? finished[key]?.units ?? 0
        update.totalUnits = max(counted, repeatCount)
        update.newUnits = update.totalUnits - counted
        if let done = finished[key] {
            // A straggler of a streak already over (late, or its end after it expired): count any growth only.
            let ending = repeatEnd ? .ended : done.ending
            finished[key] = (update.totalUnits, ending, done.at)
            update.isFinal = true
            update.ending = ending
            return update
        }
        if repeatEnd {
            running[key] = nil
            finished[key] = (update.totalUnits, .ended, now)
            if finished.count > Self.finishedLimit { forgetFinished(before: now - timeout * 2) }
            update.isFinal = true
            update.ending = .ended
        } else {
            running[key] = Streak(update: update, lastSeen: now)
        }
        return update
    }

    /// Ends the streaks that have had no message for longer than ``timeout`` and returns them (`newUnits` 0,
    /// `ending` `.expired`), oldest first. Also forgets streaks that ended long ago.
    public mutating func flushExpired(now: ContinuousClock.Instant = .now) -> [Update] {
        let expired = running.filter { now - $0.value.lastSeen > timeout }.sorted {
            ($0.value.lastSeen, $0.key.groupId) < ($1.value.lastSeen, $1.key.groupId)
        }
        for (key, streak) in expired {
            running[key] = nil
            finished[key] = (streak.update.totalUnits, .expired, now)
        }
        forgetFinished(before: now - timeout * 2)
        return expired.map { _, streak in
            var update = streak.update
            update.newUnits = 0
            update.isFinal = true
            update.ending = .expired
            return update
        }
    }

    private mutating func forgetFinished(before cutoff: ContinuousClock.Instant) {
        finished = finished.filter { $0.value.at >= cutoff }
    }
}
