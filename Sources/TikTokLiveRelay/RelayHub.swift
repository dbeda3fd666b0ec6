import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TikTokLiveEvents

/// The relay's bookkeeping: one upstream ``TikTokLive`` session per creator, shared by every client watching that
/// creator; opened by the first client, closed a grace period after the last one left.
///
/// The fan-out encodes each event once, into one buffer that every client's queue shares, and never waits for a
/// client (see ``ClientOutbox``). One lock guards the map of sessions and their clients; nothing slow runs under it.
final class RelayHub: Sendable {
    let configuration: RelayServer.Configuration
    var logger: Logger { configuration.logger }
    private let state = NIOLockedValueBox(State())

    private struct State {
        var sessions: [String: Entry] = [:]
        var clients = 0
        /// WebSocket handlers running, refused ones included.
        var connections = 0
        /// Who waits for `connections` to reach 0 (``connectionsClosed()``), by a number of their own.
        var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var nextID = 0
        var isShutDown = false
    }

    /// A creator's session and who is watching it.
    private struct Entry {
        let session: CreatorSession
        var clients: [ClientOutbox] = []
        /// A NIO timer rather than a sleeping task: a cancelled `Task.sleep` holds its memory until the deadline
        /// (LoopTimer.swift), and a join cancels this one every time a creator's last client comes back.
        var graceTask: Scheduled<Void>?
        /// `connected` and `roomInfo` of the current upstream connection, for clients that join later.
        var greeting: [ByteBuffer] = []
    }

    init(configuration: RelayServer.Configuration) {
        self.configuration = configuration
    }

    /// Sessions are keyed by handle without case: TikTok handles are case-insensitive.
    static func key(_ uniqueId: String) -> String { uniqueId.lowercased() }

    // MARK: - Admission

    /// Whether a client for `uniqueId` would be taken now (the handshake's check; ``join(uniqueId:)`` checks again).
    func refusal(forNewClientOf uniqueId: String) -> RelayRefusal? {
        state.withLockedValue { state in
            refusal(in: state, uniqueId: uniqueId)
        }
    }

    private func refusal(in state: State, uniqueId: String) -> RelayRefusal? {
        if state.isShutDown {
            return RelayRefusal(
                .serviceUnavailable, kind: .shuttingDown, "the relay is shutting down", close: .goingAway)
        }
        if state.clients >= configuration.maxClients {
            return RelayRefusal(
                .serviceUnavailable, kind: .tooManyClients,
                "the relay already serves its limit of \(configuration.maxClients) client(s)", close: .tryAgainLater)
        }
        if state.sessions[Self.key(uniqueId)] == nil && state.sessions.count >= configuration.maxCreators {
            return RelayRefusal(
                .serviceUnavailable, kind: .tooManyCreators,
                "the relay already watches its limit of \(configuration.maxCreators) creator(s)", close: .tryAgainLater)
        }
        return nil
    }

    /// Subscribes a new client to `uniqueId` (a valid handle), opening the creator's upstream session if it has none.
    func join(uniqueId: String) -> Result<ClientOutbox, RelayRefusal> {
        let key = Self.key(uniqueId)
        return state.withLockedValue { state in
            if let refusal = refusal(in: state, uniqueId: uniqueId) { return .failure(refusal) }
            state.nextID += 1
            state.clients += 1
            let outbox = ClientOutbox(id: state.nextID, uniqueId: uniqueId, limit: configuration.clientQueueLimit)
            if var entry = state.sessions[key] {
                entry.graceTask?.cancel()
                entry.graceTask = nil
                for message in entry.greeting {
                    outbox.push(message)
                }
                entry.clients.append(outbox)
                state.sessions[key] = entry
            } else {
                let session = CreatorSession(
                    uniqueId: uniqueId, configuration: configuration.upstream, eventSink: configuration.eventSink)
                state.sessions[key] = Entry(session: session, clients: [outbox])
                logger.info("opening the upstream session", metadata: ["uniqueId": "\(uniqueId)"])
                session.start(hub: self)
            }
            logger.debug(
                "client joined",
                metadata: ["client": "\(outbox.id)", "uniqueId": "\(uniqueId)", "clients": "\(state.clients)"])
            return .success(outbox)
        }
    }

    /// The client's connection is over, whatever ended it.
    func leave(_ outbox: ClientOutbox) {
        let key = Self.key(outbox.uniqueId)
        state.withLockedValue { state in
            state.clients -= 1
            guard var entry = state.sessions[key], let index = entry.clients.firstIndex(where: { $0 === outbox }) else {
                return
            }
            entry.clients.remove(at: index)
            if entry.clients.isEmpty && !state.isShutDown {
                let session = entry.session
                let grace = configuration.gracePeriod
                entry.graceTask = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(grace)) {
                    self.graceExpired(session)
                }
            }
            state.sessions[key] = entry
        }
        logger.debug(
            "client left",
            metadata: ["client": "\(outbox.id)", "uniqueId": "\(outbox.uniqueId)", "slow": "\(outbox.didOverflow)"])
    }

    private func graceExpired(_ session: CreatorSession) {
        let expired = state.withLockedValue { state in
            guard let entry = state.sessions[session.key], entry.session === session, entry.clients.isEmpty else {
                return false
            }
            state.sessions[session.key] = nil
            return true
        }
        guard expired else { return }
        logger.info("closing the upstream session: no clients", metadata: ["uniqueId": "\(session.uniqueId)"])
        session.stop()
    }

    // MARK: - Fan-out

    /// Hands one upstream event to every client of the session.
    func broadcast(_ event: LiveEvent, from session: CreatorSession) {
        let message = ByteBuffer(bytes: RelayEnvelope.encode(event))
        let clients: [ClientOutbox] = state.withLockedValue { state in
            guard var entry = state.sessions[session.key], entry.session === session else { return [] }
            switch event {
            case .connected: entry.greeting = [message]
            case .roomInfo: entry.greeting.append(message)
            case .disconnected: entry.greeting = []
            default: return entry.clients
            }
            state.sessions[session.key] = entry
            return entry.clients
        }
        for client in clients where !client.push(message) && client.didOverflow {
            logger.info(
                "dropping a slow client",
                metadata: ["client": "\(client.id)", "uniqueId": "\(client.uniqueId)", "limit": "\(client.limit)"])
        }
    }

    /// The upstream run is over: the stream ended (`error == nil`) or the session failed for good. Its clients get
    /// the rest of their queue, then (on failure) one `error` message, then a close.
    func upstreamEnded(_ session: CreatorSession, error: (any Error)?) {
        let clients: [ClientOutbox] = state.withLockedValue { state in
            guard let entry = state.sessions[session.key], entry.session === session else { return [] }
            entry.graceTask?.cancel()
            state.sessions[session.key] = nil
            return entry.clients
        }
        guard let error else {
            logger.info("the stream ended", metadata: ["uniqueId": "\(session.uniqueId)"])
            for client in clients {
                client.close(.streamEnded, reason: "the stream ended")
            }
            return
        }
        let failure =
            (error as? TikTokLiveError) ?? TikTokLiveError(TikTokLiveError.Kind(rawValue: "internal"), "\(error)")
        logger.info(
            "the upstream session failed",
            metadata: ["uniqueId": "\(session.uniqueId)", "kind": "\(failure.kind)", "message": "\(failure.message)"])
        let message = ByteBuffer(bytes: RelayEnvelope.encode(.error(ErrorEvent(failure))))
        let reason = Self.closeReason("\(failure.kind): \(failure.message)")
        for client in clients {
            client.push(message)
            client.close(.upstreamFailed, reason: reason)
        }
    }

    // MARK: - Lifecycle

    func connectionOpened() { state.withLockedValue { $0.connections += 1 } }
    func connectionClosed() {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLockedValue { state in
            state.connections -= 1
            guard state.connections == 0 else { return [] }
            defer { state.idleWaiters = [:] }
            return Array(state.idleWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no WebSocket handler runs (at once if none does), or when the calling task is cancelled.
    func connectionsClosed() async {
        let id = state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state in
                    if state.connections == 0 || Task.isCancelled { return true }
                    state.idleWaiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.idleWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    var health: RelayHealth {
        state.withLockedValue { state in
            RelayHealth(
                status: state.isShutDown ? "shuttingDown" : "ok", creators: state.sessions.count, clients: state.clients
            )
        }
    }

    /// Closes every client (1001) and every upstream session, and waits (up to `limit`) for the sessions to end.
    func shutdown(limit: Duration = .seconds(5)) async {
        let entries: [Entry] = state.withLockedValue { state in
            state.isShutDown = true
            defer { state.sessions.removeAll() }
            return Array(state.sessions.values)
        }
        for entry in entries {
            entry.graceTask?.cancel()
            for client in entry.clients {
                client.close(.goingAway, reason: "the relay is shutting down")
            }
            entry.session.stop()
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for entry in entries {
                    await entry.session.finished()
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A close frame's reason is at most 123 bytes of UTF-8.
    static func closeReason(_ text: String) -> String {
        guard text.utf8.count > 123 else { return text }
        var result = ""
        for character in text {
            if result.utf8.count + character.utf8.count > 120 { break }
            result.append(character)
        }
        return result + "..."
    }
}

/// Why a client was not taken: an HTTP status for the handshake, a close code after it.
struct RelayRefusal: Error, Sendable {
    var status: HTTPStatus
    var kind: TikTokLiveError.Kind
    var message: String
    var close: RelayCloseCode

    init(_ status: HTTPStatus, kind: TikTokLiveError.Kind, _ message: String, close: RelayCloseCode = .tryAgainLater) {
        self.status = status
        self.kind = kind
        self.message = message
        self.close = close
    }

    enum HTTPStatus: Int, Sendable {
        case badRequest = 400
        case unauthorized = 401
        case serviceUnavailable = 503
    }
}

/// What `GET /health` answers.
public struct RelayHealth: Sendable, Hashable, Codable {
    /// `ok`, or `shuttingDown`.
    public var status: String
    /// Creators with an upstream session (those in their grace period included).
    public var creators: Int
    /// Clients connected now.
    public var clients: Int

    public init(status: String, creators: Int, clients: Int) {
        self.status = status
        self.creators = creators
        self.clients = clients
    }
}
