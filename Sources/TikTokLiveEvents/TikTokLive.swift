import Foundation
import NIOConcurrencyHelpers

/// A connection to one creator's TikTok LIVE room.
///
/// ```swift
/// let live = TikTokLive("some_creator")
/// live.on(.chat) { chat in print("\(chat.user?.displayName ?? "?"): \(chat.comment)") }
/// live.on("social") { event in print(event.name) }   // follows and shares too
/// try await live.run()                                // until the stream ends or stop() is called
/// ```
///
/// or, without handlers:
///
/// ```swift
/// for try await event in TikTokLive("some_creator").events { print(event.name) }
/// ```
///
/// Handlers registered by name see an event under its specific name and its generic one (``LiveEvent/names``:
/// a handler on `social` sees follows and shares, one on `viewer` sees `roomUserSeq`); the catch-all name
/// `event` fires exactly once per wire message and never for the client's own lifecycle events. Handlers run
/// one at a time, in registration order, in wire order; a slow handler delays the ones after it (the socket
/// keeps reading meanwhile).
///
/// Memory is bounded whatever the consumer does: each ``events`` loop, and the handlers together, have a buffer of
/// ``Configuration/eventBufferCapacity`` events; when a consumer falls that far behind the room, the oldest
/// low-value events (likes and viewer counts first) are dropped and one `error` event of kind `overflow` counts
/// them (the ReconnectsAndErrors article's "When the consumer is slower than the room").
public final class TikTokLive: Sendable {
    /// The creator's handle, without `@`.
    public let uniqueId: String
    public let configuration: Configuration

    typealias Handler = @Sendable (LiveEvent) async -> Void

    struct State {
        var handlers: [String: [(id: Int, handler: Handler)]] = [:]
        var nextID = 0
        var subscribers: [Int: EventBuffer] = [:]
        /// The handlers' buffer for the current run, drained by its delivery task.
        var handlerBuffer: EventBuffer?
        var runTask: Task<Void, any Error>?
        /// Whether the current run was started by iterating ``events`` rather than by ``run()``.
        var autoStarted = false
        var stopRequested = false
        var sessionInputs: AsyncStream<SessionInput>.Continuation?
        var isConnected = false
    }

    let state = NIOLockedValueBox(State())
    /// Fills gifts from the room's catalog when ``Configuration/enrichGifts`` is on (WebAPI/GiftEnrichment.swift).
    let giftEnrichment = GiftEnrichment()

    /// - Parameters:
    ///   - uniqueId: the creator's handle, with or without `@`. It is checked by ``run()``, before any request.
    ///   - configuration: endpoints, timeouts, reconnects and the rest; the defaults watch TikTok itself (or the
    ///     endpoints in `TIKTOK_LIVE_WEB_URL`, `TIKTOK_LIVE_WEBCAST_URL` and `TIKTOK_LIVE_WS_URL`).
    public init(_ uniqueId: String, configuration: Configuration = Configuration()) {
        self.uniqueId = (try? Self.validateUsername(uniqueId)) ?? uniqueId
        self.configuration = configuration
    }

    /// Whether the push socket is open right now.
    public var isConnected: Bool {
        state.withLockedValue { $0.isConnected }
    }

    // MARK: - Handlers

    /// An id for removing a handler with ``removeHandler(_:)``.
    public struct HandlerID: Sendable, Hashable {
        let name: String
        let id: Int
    }

    /// Calls `handler` for each event answering to `name`: a specific name (`follow`), a generic one (`social`,
    /// `viewer`), a lifecycle name (`connected`, `error`, ...) or `event` for every wire message.
    @discardableResult
    public func on(_ name: String, _ handler: @escaping @Sendable (LiveEvent) async -> Void) -> HandlerID {
        state.withLockedValue { state in
            state.nextID += 1
            state.handlers[name, default: []].append((state.nextID, handler))
            return HandlerID(name: name, id: state.nextID)
        }
    }

    /// Calls `handler` with the typed event: `live.on(.gift) { gift in print(gift.diamondCount) }`.
    @discardableResult
    public func on<Value>(_ kind: EventKind<Value>, _ handler: @escaping @Sendable (Value) async -> Void) -> HandlerID {
        let extract = kind.extract
        return on(kind.name) { event in
            if let value = extract(event) { await handler(value) }
        }
    }

    public func removeHandler(_ id: HandlerID) {
        state.withLockedValue { state in
            state.handlers[id.name]?.removeAll { $0.id == id.id }
        }
    }

    public func removeAllHandlers() {
        state.withLockedValue { $0.handlers.removeAll() }
    }

    // MARK: - Running

    /// Every event, as an `AsyncSequence`. Iterating starts the client if ``run()`` has not; the sequence ends
    /// when the run does: normally after `streamEnd` or ``stop()``, by throwing the run's error otherwise.
    /// Leaving the loop stops a client that the loop started.
    public var events: LiveEventStream {
        LiveEventStream(live: self)
    }

    /// Looks the room up, connects, and delivers events until the stream ends (`streamEnd`), ``stop()`` is
    /// called or the task is cancelled (all three return normally).
    ///
    /// - Throws: ``TikTokLiveError`` of kind `invalidUsername`, `offline`, `notFound`, `blocked`, `rateLimited`
    ///   or `network` when the room cannot be looked up; `reconnectBudgetSpent` when the connection failed
    ///   ``Configuration/maxReconnectAttempts`` times in a row after its first attempt (`deviceBlocked`,
    ///   `signer` or `signatureRequired` when the last of those failures were of that kind). With
    ///   ``Configuration/autoReconnect`` off, the first failure's own error.
    ///
    /// Calling it while a run is in progress joins that run.
    public func run() async throws {
        let task = start(autoStarted: false)
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            self.stop()
        }
    }

    /// Ends the current run: the socket is closed, a `disconnected` event is sent, and ``run()`` returns.
    /// A `stop()` that comes before ``run()`` makes that run return at once.
    public func stop() {
        let (task, inputs) = state.withLockedValue { state in
            state.stopRequested = true
            return (state.runTask, state.sessionInputs)
        }
        inputs?.yield(.stop)
        task?.cancel()
    }

    /// `@name` or `name` → `name`, if it is a possible TikTok handle: 2–24 letters, digits, `_` and `.`.
    public static func validateUsername(_ username: String) throws(TikTokLiveError) -> String {
        var name = username.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.hasPrefix("@") { name.removeFirst() }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == ".")
        }
        guard (2...24).contains(name.count), allowed else {
            throw TikTokLiveError(
                .invalidUsername,
                "\(LogText.quoted(username)) is not a TikTok username: use 2-24 letters, digits, '_' or '.', with or without a leading @"
            )
        }
        return name
    }

    /// The run in progress, or a new one.
    func start(autoStarted: Bool) -> Task<Void, any Error> {
        state.withLockedValue { state in
            if let task = state.runTask {
                if !autoStarted { state.autoStarted = false }
                return task
            }
            state.autoStarted = autoStarted
            let handlerBuffer = EventBuffer(capacity: configuration.eventBufferCapacity)
            state.handlerBuffer = handlerBuffer
            // The handlers run on a task of their own, so that a slow handler never holds up the socket's reading;
            // the run ends once they have seen every event, `disconnected` included.
            let delivery = Task {
                while let entry = try? await handlerBuffer.next() {
                    await self.runHandlers(entry.event, wireMessage: entry.wireMessage)
                }
            }
            let task = Task {
                do {
                    try await Supervisor(live: self).run()
                    await self.finish(nil, handlers: handlerBuffer, delivery: delivery)
                } catch {
                    if self.isStopRequested {
                        await self.finish(nil, handlers: handlerBuffer, delivery: delivery)
                        return
                    }
                    await self.finish(error, handlers: handlerBuffer, delivery: delivery)
                    throw error
                }
            }
            state.runTask = task
            return task
        }
    }

    /// The run is over: let the handlers see what is queued for them, end every event sequence (after what it
    /// holds), and make the client ready for another run.
    func finish(_ error: (any Error)?, handlers: EventBuffer, delivery: Task<Void, Never>) async {
        handlers.finish()
        await delivery.value
        let subscribers = state.withLockedValue { state in
            let subscribers = Array(state.subscribers.values)
            state.subscribers.removeAll()
            state.handlerBuffer = nil
            state.runTask = nil
            state.autoStarted = false
            state.stopRequested = false
            state.sessionInputs = nil
            state.isConnected = false
            return subscribers
        }
        for buffer in subscribers {
            buffer.finish(throwing: error)
        }
    }

    var isStopRequested: Bool {
        state.withLockedValue { $0.stopRequested }
    }

    /// Registers the running session's input, so that ``stop()`` reaches it; a stop that came first is delivered now.
    func attachSession(_ inputs: AsyncStream<SessionInput>.Continuation?) {
        let stopNow = state.withLockedValue { state in
            state.sessionInputs = inputs
            return state.stopRequested
        }
        if stopNow { inputs?.yield(.stop) }
    }

    /// A new session's input, registered so that ``stop()`` reaches it; ``closeSession(_:)`` undoes it.
    func openSession() -> (AsyncStream<SessionInput>, AsyncStream<SessionInput>.Continuation) {
        let (inputs, continuation) = AsyncStream<SessionInput>.makeStream()
        attachSession(continuation)
        return (inputs, continuation)
    }

    /// The session is over: nothing is connected, and its input ends.
    func closeSession(_ continuation: AsyncStream<SessionInput>.Continuation) {
        attachSession(nil)
        setConnected(false)
        continuation.finish()
    }

    func setConnected(_ connected: Bool) {
        state.withLockedValue { $0.isConnected = connected }
    }

    // MARK: - Delivery

    /// Hands one event to the event sequences and the handlers answering to its names (and to `event` when it
    /// stands for a wire message), through their buffers: it never waits for a consumer.
    func emit(_ event: LiveEvent, wireMessage: Bool) async {
        let event = await giftEnrichment.apply(to: event, live: self)
        let (subscribers, handlers) = state.withLockedValue { state in
            (state.subscribers.values, state.handlers.isEmpty ? nil : state.handlerBuffer)
        }
        for buffer in subscribers {
            buffer.push(event, wireMessage: wireMessage)
        }
        handlers?.push(event, wireMessage: wireMessage)
    }

    /// Runs the handlers registered now for one event, one at a time, in registration order.
    func runHandlers(_ event: LiveEvent, wireMessage: Bool) async {
        let handlers = state.withLockedValue { state in
            var matched: [(id: Int, handler: Handler)] = []
            for name in event.names {
                matched += state.handlers[name] ?? []
            }
            if wireMessage {
                matched += state.handlers[LiveEvent.Name.catchAll] ?? []
            }
            matched.sort { $0.id < $1.id }
            return matched.map(\.handler)
        }
        for handler in handlers {
            await handler(event)
        }
    }

    /// Between two connection attempts, direct or through a relay: the failure as an `error` event (unless the
    /// session already delivered it), `reconnecting` with the delay, then the backoff's sleep.
    func waitBeforeRetry(after failure: TikTokLiveError, attempt: Int, alreadyReported: Bool) async {
        if !alreadyReported {
            await emit(.error(ErrorEvent(failure)), wireMessage: false)
        }
        let delay = configuration.backoff.delay(forAttempt: attempt)
        await emit(
            .reconnecting(ReconnectingEvent(attempt: attempt, delaySeconds: delay.seconds, reason: failure.message)),
            wireMessage: false)
        try? await Task.sleep(for: delay)
    }

    /// A new event sequence's source. Registered before the run starts, so it misses nothing of that run.
    func subscribe() -> EventBuffer {
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        let buffer = EventBuffer(capacity: configuration.eventBufferCapacity) { [weak self] in
            self?.unsubscribe(id)
        }
        state.withLockedValue { $0.subscribers[id] = buffer }
        _ = start(autoStarted: true)
        return buffer
    }

    func unsubscribe(_ id: Int) {
        let stopAutoStartedRun = state.withLockedValue { state in
            guard state.subscribers.removeValue(forKey: id) != nil else { return false }
            return state.autoStarted && state.subscribers.isEmpty && state.runTask != nil
        }
        if stopAutoStartedRun { stop() }
    }
}

/// The events of a ``TikTokLive`` client; see ``TikTokLive/events``.
public struct LiveEventStream: AsyncSequence, Sendable {
    public typealias Element = LiveEvent
    public typealias Failure = any Error

    let live: TikTokLive

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: Subscription(buffer: live.subscribe()))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let subscription: Subscription

        public mutating func next() async throws -> LiveEvent? {
            try await subscription.buffer.next()?.event
        }
    }

    /// Ends the subscription when the last copy of its iterator goes away (a loop left with `break`, say), as an
    /// `AsyncStream` does.
    final class Subscription: Sendable {
        let buffer: EventBuffer

        init(buffer: EventBuffer) {
            self.buffer = buffer
        }

        deinit {
            buffer.terminate()
        }
    }
}
