import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between a session and one consumer: an ``TikTokLive/events`` loop, or the client's handlers.
///
/// The session never waits for a consumer: ``push(_:wireMessage:)`` returns at once, so acks, heartbeats and the
/// stale watchdog keep their pace whatever the consumer does. When ``capacity`` events wait, the next push drops
/// one: the oldest event of the lowest ``DropTier`` waiting (the pushed event included). Every drop is counted in
/// one `error` event of kind `overflow` waiting at the queue's end; further drops add to its counts until the
/// consumer takes it, so a burst costs one notice and a consumer that stays behind gets at most one notice per
/// `capacity` events it takes.
///
/// One consumer calls ``next()``; any task pushes. The policy is told to users in the ReconnectsAndErrors article
/// ("When the consumer is slower than the room").
final class EventBuffer: Sendable {
    struct Entry: Sendable {
        var event: LiveEvent
        /// Whether the event stands for a wire message (what the `event` handler name answers to).
        var wireMessage: Bool
    }

    private struct Queued {
        var sequence: UInt64
        var entry: Entry
    }

    /// The pending `overflow` notice: where it sits in the order, and what it counts.
    private struct Notice {
        var sequence: UInt64
        var dropped: [String: Int] = [:]
        var total = 0
    }

    private struct State {
        /// One queue per ``DropTier``; their sequence numbers interleave into arrival order.
        var tiers: [CircularBuffer<Queued>] = DropTier.allCases.map { _ in CircularBuffer() }
        var count = 0
        var nextSequence: UInt64 = 0
        var notice: Notice?
        var waiter: CheckedContinuation<Entry?, any Error>?
        /// Set by ``finish(throwing:)``: the consumer gets what waits, then the end (`nil` or the error, once).
        var finished = false
        var failure: (any Error)?
        /// The consumer left (cancelled or dropped its iterator): nothing is queued any more.
        var terminated = false
        var onTermination: (@Sendable () -> Void)?
    }

    let capacity: Int
    private let state: NIOLockedValueBox<State>

    init(capacity: Int, onTermination: (@Sendable () -> Void)? = nil) {
        self.capacity = max(capacity, 1)
        var initial = State()
        initial.onTermination = onTermination
        state = NIOLockedValueBox(initial)
    }

    /// Queues one event without waiting; a full buffer drops by the policy above.
    func push(_ event: LiveEvent, wireMessage: Bool) {
        let waiter: CheckedContinuation<Entry?, any Error>? = state.withLockedValue { state in
            guard !state.finished, !state.terminated else { return nil }
            let entry = Entry(event: event, wireMessage: wireMessage)
            if let waiter = state.waiter {
                // The consumer waits on an empty buffer: hand the event over.
                state.waiter = nil
                return waiter
            }
            state.tiers[event.dropTier.rawValue].append(Queued(sequence: state.nextSequence, entry: entry))
            state.nextSequence += 1
            state.count += 1
            if state.count > capacity { Self.dropOne(&state) }
            return nil
        }
        waiter?.resume(returning: Entry(event: event, wireMessage: wireMessage))
    }

    /// Drops the oldest event of the lowest tier that has one, and counts it in the pending notice.
    private static func dropOne(_ state: inout State) {
        guard let tier = state.tiers.firstIndex(where: { !$0.isEmpty }) else { return }
        let dropped = state.tiers[tier].removeFirst()
        state.count -= 1
        if state.notice == nil {
            state.notice = Notice(sequence: state.nextSequence)
            state.nextSequence += 1
        }
        state.notice!.dropped[dropped.entry.event.name, default: 0] += 1
        state.notice!.total += 1
    }

    /// The next event in arrival order; `nil` once the buffer is finished and empty, or the consumer's task is
    /// cancelled. Throws the error the buffer was finished with, once, after the last event.
    func next() async throws -> Entry? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Entry?, any Error>) in
                let result: Result<Entry?, any Error>? = state.withLockedValue { state in
                    if let entry = Self.popFirst(&state, capacity: capacity) { return .success(entry) }
                    if state.terminated { return .success(nil) }
                    if state.finished {
                        defer { state.failure = nil }
                        return state.failure.map { .failure($0) } ?? .success(nil)
                    }
                    state.waiter = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            terminate()
        }
    }

    private static func popFirst(_ state: inout State, capacity: Int) -> Entry? {
        var tier: Int?
        var first = UInt64.max
        for index in state.tiers.indices {
            if let sequence = state.tiers[index].first?.sequence, sequence < first {
                first = sequence
                tier = index
            }
        }
        if let notice = state.notice, notice.sequence < first {
            state.notice = nil
            let counts = notice.dropped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let message =
                "the consumer fell behind the room: \(notice.total) event(s) dropped to keep at most \(capacity) "
                + "waiting (\(counts))"
            let error = ErrorEvent(
                kind: .overflow, message: message, dropped: notice.dropped)
            return Entry(event: .error(error), wireMessage: false)
        }
        guard let tier else { return nil }
        state.count -= 1
        return state.tiers[tier].removeFirst().entry
    }

    /// No more events: the consumer gets what waits, then `nil`, or `error` once.
    func finish(throwing error: (any Error)? = nil) {
        let waiter: CheckedContinuation<Entry?, any Error>? = state.withLockedValue { state in
            guard !state.finished else { return nil }
            state.finished = true
            state.failure = error
            guard let waiter = state.waiter else { return nil }
            // A waiting consumer means an empty buffer.
            state.waiter = nil
            state.failure = nil
            return waiter
        }
        if let error {
            waiter?.resume(throwing: error)
        } else {
            waiter?.resume(returning: nil)
        }
    }

    /// The consumer is gone: drop what waits, end a pending ``next()``, and tell `onTermination` (once).
    func terminate() {
        typealias Leftovers = (waiter: CheckedContinuation<Entry?, any Error>?, onTermination: (@Sendable () -> Void)?)
        let leftovers: Leftovers = state.withLockedValue { state in
            guard !state.terminated else { return (nil, nil) }
            state.terminated = true
            state.tiers = DropTier.allCases.map { _ in CircularBuffer() }
            state.count = 0
            state.notice = nil
            let leftovers = (state.waiter, state.onTermination)
            state.waiter = nil
            state.onTermination = nil
            return leftovers
        }
        leftovers.waiter?.resume(returning: nil)
        leftovers.onTermination?()
    }

    /// Events waiting (the pending notice not counted).
    var count: Int { state.withLockedValue { $0.count } }
}

/// Which events a full ``EventBuffer`` drops first: the lowest tier, oldest first.
///
/// Counters and presence go first because a later event supersedes them (like and viewer totals are running
/// totals; joins are presence); then the room's other traffic; then what people said; then what money and the
/// room's end mean; lifecycle events (``LiveEvent/isWireEvent`` false: `connected`, `error`, ...), `control` and
/// `streamEnd` only when nothing else waits.
enum DropTier: Int, CaseIterable, Sendable {
    /// `like`, `roomUserSeq`, `member`, `join`, `rankUpdate`.
    case counters
    /// Every wire event not named in another tier.
    case roomTraffic
    /// `chat`, `emoteChat`, `social`, `follow`, `share`, `question`.
    case conversation
    /// `gift`, `subscribe`, `envelope`.
    case money
    /// Lifecycle events, `control`, `streamEnd`.
    case lifecycle
}

extension LiveEvent {
    var dropTier: DropTier {
        switch self {
        case .like, .roomUserSeq, .member, .join, .rankUpdate: .counters
        case .chat, .emoteChat, .social, .follow, .share, .question: .conversation
        case .gift, .subscribe, .envelope: .money
        case .control, .streamEnd, .connected, .roomInfo, .reconnecting, .disconnected, .error: .lifecycle
        default: .roomTraffic
        }
    }
}
