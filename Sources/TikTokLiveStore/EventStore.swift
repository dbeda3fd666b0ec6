import Foundation
public import Logging
import NIOConcurrencyHelpers
public import TikTokLiveEvents

/// Keeps a room's events in SQLite or PostgreSQL: the library's event sink, and what `--store` uses.
///
/// ```swift
/// let store = try await EventStore.open(try StoreLocation(parsing: "sqlite:events.db"))
/// for try await event in live.events { try await store.store(event) }
/// try await store.close()   // writes what is still queued
/// ```
///
/// Events are written in batches (one transaction each) by a task of the store's own, behind a bounded queue.
/// When the database is slower than the room, or away, ``store(_:)`` waits for room in the queue: the reader slows
/// down, and nothing is dropped. A batch that fails for a lost connection is retried, with backoff, until the
/// database is back. Each row is unique on (room id, message id), so a message delivered twice — TikTok's replayed
/// history after a reconnect, two workers, a batch written again after a crash — is kept once.
///
/// A crash loses what was still queued, at most ``Configuration/queueCapacity`` events (a process that is stopped
/// by Ctrl-C or SIGTERM closes the store, which writes them).
public final class EventStore: Sendable {
    /// How the store batches and waits. Every property has a default.
    public struct Configuration: Sendable {
        /// Rows per transaction at most.
        public var batchSize: Int
        /// Events held at most, queued and in flight together; ``EventStore/store(_:)`` waits while it is full.
        public var queueCapacity: Int
        /// How long a partial batch waits for more events before it is written anyway: the store's latency in a quiet
        /// room.
        public var flushInterval: Duration
        /// The wait before retrying a failed write; it doubles with each failure, up to ``maxRetryDelay``.
        public var retryDelay: Duration
        public var maxRetryDelay: Duration
        /// How long ``EventStore/close()`` keeps retrying when the database is away, before it gives up on the
        /// events still queued (and says how many).
        public var closeTimeout: Duration
        /// Failed writes and their retries are logged here at `warning`. Silent by default.
        public var logger: Logger

        public init(
            batchSize: Int = 500,
            queueCapacity: Int = 10_000,
            flushInterval: Duration = .milliseconds(200),
            retryDelay: Duration = .milliseconds(100),
            maxRetryDelay: Duration = .seconds(5),
            closeTimeout: Duration = .seconds(30),
            logger: Logger = Logger(label: "tiktok-live-store", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.batchSize = max(1, batchSize)
            self.queueCapacity = max(self.batchSize, queueCapacity)
            self.flushInterval = flushInterval
            self.retryDelay = retryDelay
            self.maxRetryDelay = maxRetryDelay
            self.closeTimeout = closeTimeout
            self.logger = logger
        }
    }

    /// Counts since the store was opened.
    public struct Statistics: Sendable, Equatable {
        /// Events given to ``EventStore/store(_:)`` that are wire events (lifecycle events are not stored).
        public var accepted = 0
        /// Rows written that were new.
        public var stored = 0
        /// Events that were already stored (same room id and message id), and so were not written again.
        public var duplicates = 0
        /// Events the database refused by themselves (each costs that event only); see ``lastError``.
        public var rejected = 0
        /// Events waiting to be written, in flight included: the store's lag.
        public var queued = 0
        /// Writes that failed and were retried (the database was away, or refused the connection).
        public var failedWrites = 0
        /// Events given up when ``EventStore/close()`` timed out with the database away.
        public var abandoned = 0
        /// The last failure, as a person should read it.
        public var lastError: String?
    }

    /// Where the events go.
    public let location: StoreLocation
    private let configuration: Configuration
    private let backend: any EventBackend
    private let state = NIOLockedValueBox(QueueState())
    private let writer = NIOLockedValueBox<Task<Void, Never>?>(nil)

    private struct Pending: Sendable {
        var event: LiveEvent
        var receivedAt: Int64
    }

    private enum SpaceWaiter: Sendable {
        case task(CheckedContinuation<Void, Never>)
        case thread(DispatchSemaphore)

        func resume() {
            switch self {
            case .task(let continuation): continuation.resume()
            case .thread(let semaphore): semaphore.signal()
            }
        }
    }

    private struct QueueState: Sendable {
        var pending: [Pending] = []
        var inFlight = 0
        var spaceWaiters: [SpaceWaiter] = []
        var writerWaiting: CheckedContinuation<Void, Never>?
        /// The waiting writer has a partial batch: new events wake it only once they fill a batch.
        var writerWantsFullBatch = false
        /// Tells a partial batch's timer whether the wait it was set for is still the current one.
        var writerWaitNumber = 0
        /// Events accepted and events finished (written, duplicate, refused or given up), for ``flush()``.
        var acceptedCount = 0
        var finishedCount = 0
        var flushWaiters: [(target: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var closing = false
        var closeDeadline: ContinuousClock.Instant?
        var statistics = Statistics()

        var held: Int { pending.count + inFlight }
    }

    /// Opens the database (creating an SQLite file), brings its schema up to date, and starts the writer.
    ///
    /// Throws ``EventStoreError`` with kind `unreachable` when it cannot be reached or opened, `newerSchema` when a
    /// newer version of this project wrote its schema.
    public static func open(_ location: StoreLocation, configuration: Configuration = Configuration())
        async throws(EventStoreError) -> EventStore
    {
        let backend: any EventBackend
        switch location {
        case .sqlite(let path): backend = try SQLiteEventBackend(path: path)
        case .postgres(let address):
            backend = try await PostgresEventBackend.open(address, logger: configuration.logger)
        }
        let store = EventStore(location: location, backend: backend, configuration: configuration)
        store.start()
        return store
    }

    private init(location: StoreLocation, backend: any EventBackend, configuration: Configuration) {
        self.location = location
        self.backend = backend
        self.configuration = configuration
    }

    private func start() {
        let task = Task { await self.writeUntilClosed() }
        writer.withLockedValue { $0 = task }
    }

    /// Queues a wire event for writing; lifecycle events (connected, reconnecting, ...) are ignored. Waits while the
    /// queue is full. Throws kind `closed` after ``close()``.
    public func store(_ event: LiveEvent) async throws(EventStoreError) {
        while case .full = try enqueue(event) {
            await withCheckedContinuation { continuation in
                if !waitForRoom(.task(continuation)) { continuation.resume() }
            }
        }
    }

    /// ``store(_:)`` for synchronous code, such as a loop reading a capture file: blocks the calling thread while the
    /// queue is full. Never call it from a task (it would hold one of the few threads tasks run on).
    public func storeBlocking(_ event: LiveEvent) throws(EventStoreError) {
        while case .full = try enqueue(event) {
            let semaphore = DispatchSemaphore(value: 0)
            if waitForRoom(.thread(semaphore)) { semaphore.wait() }
        }
    }

    private enum Enqueued {
        case queued
        case full
    }

    private func enqueue(_ event: LiveEvent) throws(EventStoreError) -> Enqueued {
        guard event.isWireEvent else { return .queued }
        let receivedAt = Int64((Date().timeIntervalSince1970 * 1_000).rounded())
        enum Step {
            case queued(wakingWriter: CheckedContinuation<Void, Never>?)
            case full
            case closed
        }
        let step = state.withLockedValue { state -> Step in
            if state.closing { return .closed }
            guard state.held < configuration.queueCapacity else { return .full }
            state.pending.append(Pending(event: event, receivedAt: receivedAt))
            state.acceptedCount += 1
            state.statistics.accepted += 1
            guard !state.writerWantsFullBatch || state.pending.count >= configuration.batchSize else {
                return .queued(wakingWriter: nil)
            }
            defer { state.writerWaiting = nil }
            return .queued(wakingWriter: state.writerWaiting)
        }
        switch step {
        case .queued(let writer):
            writer?.resume()
            return .queued
        case .full: return .full
        case .closed: throw EventStoreError(.closed, "the event store was closed")
        }
    }

    /// Registers a waiter for room in the queue; `false` when there is room already (or the store is closing).
    private func waitForRoom(_ waiter: SpaceWaiter) -> Bool {
        state.withLockedValue { state in
            if state.closing || state.held < configuration.queueCapacity { return false }
            state.spaceWaiters.append(waiter)
            return true
        }
    }

    /// Waits until every event queued so far is written (or refused by the database). While the database is away
    /// this waits for it to come back.
    public func flush() async {
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state -> (Bool, CheckedContinuation<Void, Never>?) in
                if state.finishedCount >= state.acceptedCount { return (true, nil) }
                state.flushWaiters.append((state.acceptedCount, continuation))
                defer { state.writerWaiting = nil }
                return (false, state.writerWaiting)
            }
            done.1?.resume()
            if done.0 { continuation.resume() }
        }
    }

    /// Writes what is queued, then closes the database. When the database stays away longer than
    /// ``Configuration/closeTimeout``, throws kind `unflushed` saying how many events were not written.
    public func close() async throws(EventStoreError) {
        let writerWaiting = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard !state.closing else { return nil }
            state.closing = true
            state.closeDeadline = .now + configuration.closeTimeout
            defer { state.writerWaiting = nil }
            return state.writerWaiting
        }
        writerWaiting?.resume()
        await writer.withLockedValue { $0 }?.value
        await backend.close()
        let statistics = self.statistics
        if statistics.abandoned > 0 {
            throw EventStoreError(
                .unflushed,
                "\(statistics.abandoned) events were not written to \(location): \(statistics.lastError ?? "no reason")"
            )
        }
    }

    /// What the store has done so far.
    public var statistics: Statistics {
        state.withLockedValue { state in
            var statistics = state.statistics
            statistics.queued = state.held
            return statistics
        }
    }

    // MARK: - The writer

    private func writeUntilClosed() async {
        let encoder = EventJSONEncoder()
        while let batch = await nextBatch() {
            // Encoding here, not in `store(_:)`, keeps the reader's task free to decode the next frame.
            let rows = batch.compactMap { StoredEvent($0.event, receivedAt: $0.receivedAt, encoder: encoder) }
            let outcome = await write(rows)
            finish(batch.count, outcome: outcome)
        }
    }

    /// The next batch: a full one as soon as there is one, else what is there ``Configuration/flushInterval`` after
    /// the first of it arrived (at once when flushing or closing); `nil` once closed and empty.
    private func nextBatch() async -> [Pending]? {
        var partialDeadline: ContinuousClock.Instant?
        while true {
            enum Step {
                case batch([Pending])
                case wait
                case waitForMore
                case done
            }
            let step = state.withLockedValue { state -> Step in
                let hurry =
                    partialDeadline.map { .now >= $0 } ?? false || state.closing
                    || state.flushWaiters.contains { $0.target > state.finishedCount }
                if state.pending.count >= configuration.batchSize || (hurry && !state.pending.isEmpty) {
                    let count = min(configuration.batchSize, state.pending.count)
                    let batch: [Pending]
                    if count == state.pending.count {
                        batch = state.pending
                        state.pending = []
                        state.pending.reserveCapacity(configuration.batchSize)
                    } else {
                        batch = Array(state.pending.prefix(count))
                        state.pending.removeFirst(count)
                    }
                    state.inFlight = count
                    return .batch(batch)
                }
                if state.pending.isEmpty { return state.closing ? .done : .wait }
                return .waitForMore
            }
            switch step {
            case .batch(let batch): return batch
            case .done: return nil
            case .wait:
                partialDeadline = nil
                await waitForWork(fullBatchOnly: false, until: nil)
            case .waitForMore:
                let deadline = partialDeadline ?? .now + configuration.flushInterval
                partialDeadline = deadline
                await waitForWork(fullBatchOnly: true, until: deadline)
            }
        }
    }

    /// Suspends the writer until events arrive (a full batch of them when `fullBatchOnly`), a flush or close asks
    /// for what there is, or `deadline` passes.
    private func waitForWork(fullBatchOnly: Bool, until deadline: ContinuousClock.Instant?) async {
        await withCheckedContinuation { continuation in
            let number = state.withLockedValue { state -> Int? in
                let enough = fullBatchOnly ? state.pending.count >= configuration.batchSize : !state.pending.isEmpty
                if enough || state.closing || state.flushWaiters.contains(where: { $0.target > state.finishedCount }) {
                    return nil
                }
                state.writerWaiting = continuation
                state.writerWantsFullBatch = fullBatchOnly
                state.writerWaitNumber += 1
                return state.writerWaitNumber
            }
            guard let number else { return continuation.resume() }
            guard let deadline else { return }
            Task {
                try? await Task.sleep(until: deadline)
                let writer = self.state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                    guard state.writerWaitNumber == number else { return nil }
                    defer { state.writerWaiting = nil }
                    return state.writerWaiting
                }
                writer?.resume()
            }
        }
    }

    /// Writes the rows, retrying with backoff until the database takes them; gives up only when closing has timed out.
    private func write(_ rows: [StoredEvent]) async -> BatchOutcome? {
        var delay = configuration.retryDelay
        while true {
            do {
                return try await backend.write(rows)
            } catch {
                let reason = Self.reason(error)
                let giveUp = state.withLockedValue { state -> Bool in
                    state.statistics.failedWrites += 1
                    state.statistics.lastError = reason
                    guard let deadline = state.closeDeadline else { return false }
                    return .now >= deadline
                }
                if giveUp { return nil }
                configuration.logger.warning(
                    "writing \(rows.count) events to \(location) failed, retrying in \(delay): \(reason)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maxRetryDelay)
            }
        }
    }

    /// Books a batch as done (`outcome` nil: given up) and wakes whoever waited for room or for a flush.
    private func finish(_ count: Int, outcome: BatchOutcome?) {
        let (spaceWaiters, flushed) = state.withLockedValue { state in
            state.inFlight = 0
            state.finishedCount += count
            if let outcome {
                state.statistics.stored += outcome.inserted
                state.statistics.rejected += outcome.rejected
                state.statistics.duplicates += count - outcome.inserted - outcome.rejected
                if let rejection = outcome.firstRejection { state.statistics.lastError = rejection }
            } else {
                // Closing timed out with the database away: the rest of the queue goes the same way, at once.
                state.statistics.abandoned += count + state.pending.count
                state.finishedCount += state.pending.count
                state.pending = []
            }
            let spaceWaiters = state.spaceWaiters
            state.spaceWaiters = []
            let finished = state.finishedCount
            let flushed = state.flushWaiters.filter { $0.target <= finished }.map(\.continuation)
            state.flushWaiters.removeAll { $0.target <= finished }
            return (spaceWaiters, flushed)
        }
        for waiter in spaceWaiters { waiter.resume() }
        for waiter in flushed { waiter.resume() }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? EventStoreError { return error.message }
        return PostgresSession.reason(error)
    }
}
