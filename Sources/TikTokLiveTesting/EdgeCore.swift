import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Everything the edge's connections share, behind one lock.
///
/// Channel handlers run on the event loop and script players run as tasks; both only touch shared state
/// through short critical sections here, so no await ever happens while the lock is held.
final class EdgeCore: Sendable {
    let state: NIOLockedValueBox<EdgeState>

    init(rooms: [FakeRoom], faults: FakeEdgeFaults) {
        var state = EdgeState(faults: faults)
        for room in rooms { state.add(room) }
        self.state = NIOLockedValueBox(state)
    }

    // MARK: - Sessions

    func sessionOpened(connection: Int, channel: any Channel) {
        state.withLockedValue { $0.sessions[connection] = EdgeState.Session(channel: channel) }
    }

    func sessionClosed(connection: Int) {
        let player = state.withLockedValue { $0.sessions.removeValue(forKey: connection)?.player }
        player?.cancel()
    }

    func attachPlayer(_ task: Task<Void, Never>, connection: Int) {
        let orphan = state.withLockedValue { state -> Bool in
            state.players.append(task)
            guard state.sessions[connection] != nil else { return true }
            state.sessions[connection]?.player = task
            return false
        }
        // The socket closed between the enter-room frame and now: nobody would ever cancel the player.
        if orphan { task.cancel() }
    }

    func record(_ frame: ReceivedFrame) {
        state.withLockedValue { $0.receivedFrames.append(frame) }
    }

    func nextSeqId() -> UInt64 {
        state.withLockedValue { $0.takeSeqId() }
    }

    // MARK: - Script

    enum Next {
        /// A step, and which pass of a looping script it belongs to (0 for the first).
        case step(FakeScriptStep, pass: Int)
        /// At the end of a script that does not loop, or the room has no script: wait for more steps.
        case idle
        /// A looping script just started over; `paced` says it has no wait step of its own.
        case wrapped(paced: Bool)
        /// The room was removed.
        case gone
    }

    /// Takes the step at the room's cursor and moves the cursor past it, atomically, so that concurrent
    /// connections to one room never play the same step twice.
    func nextStep(roomId: Int64) -> Next {
        state.withLockedValue { state in
            guard var room = state.rooms[roomId] else { return .gone }
            defer { state.rooms[roomId] = room }
            let script = room.room.script
            if room.cursor < script.count {
                room.cursor += 1
                return .step(script[room.cursor - 1], pass: room.pass)
            }
            guard room.room.loopScript, !script.isEmpty else { return .idle }
            room.cursor = 0
            room.pass += 1
            let hasWait = script.contains { if case .wait = $0 { true } else { false } }
            return .wrapped(paced: !hasWait)
        }
    }

    /// Remembers the last `count` messages of the room for its next connection.
    func scheduleReplay(roomId: Int64, count: Int) {
        state.withLockedValue { state in
            guard count > 0, var room = state.rooms[roomId] else { return }
            room.pendingReplay = Array(room.sent.suffix(count))
            state.rooms[roomId] = room
        }
    }

    func takeReplay(roomId: Int64) -> [FakeMessage] {
        state.withLockedValue { state in
            guard var room = state.rooms[roomId] else { return [] }
            let replay = room.pendingReplay
            room.pendingReplay = []
            state.rooms[roomId] = room
            return replay
        }
    }

    /// Assigns ids to a batch, records what is being sent and returns the encoded frame.
    func prepareBatch(
        roomId: Int64, connection: Int, messages: [FakeMessage], needAck: Bool, compress: Bool, isFirst: Bool
    ) -> [UInt8] {
        let batch = state.withLockedValue { state -> EdgeFrames.Batch in
            let logId = state.takeLogId()
            let seqId = state.takeSeqId()
            let now = EdgeFrames.nowMillis()
            // Shaped like the 2026 samples in docs/PROTOCOL.md#bootstrap-paths; unique per batch so that acks can be
            // matched.
            let internalExt = "internal_src:pushserver|first_req_ms:\(now)|wss_msg_type:r|seq:\(seqId)|log_id:\(logId)"
            let cursor = "r-\(logId)_d-1_u-1_fh-\(seqId)_t-\(now)"
            state.sentMessageIds.append(contentsOf: messages.map(\.msgId))
            // Mutated in place: a copy of the room taken out of the dictionary would make every append copy the
            // whole history (copy-on-write), which for a busy room costs more than encoding the batch.
            state.rooms[roomId]?.sent.append(contentsOf: messages)
            // Only the tail is ever replayed; keep an endless sandbox room from growing without bound.
            if let count = state.rooms[roomId]?.sent.count, count > EdgeState.Room.sentHistoryLimit * 2 {
                state.rooms[roomId]?.sent.removeFirst(count - EdgeState.Room.sentHistoryLimit)
            }
            state.sentBatches.append(
                SentBatch(
                    connection: connection, logId: logId, seqId: seqId, internalExt: Array(internalExt.utf8),
                    messageIds: messages.map(\.msgId), needAck: needAck, isFirst: isFirst))
            return EdgeFrames.Batch(
                messages: messages, logId: logId, seqId: seqId, needAck: needAck, compress: compress, isFirst: isFirst,
                internalExt: Array(internalExt.utf8), cursor: cursor)
        }
        // Encoding and gzip happen outside the lock.
        return EdgeFrames.message(batch)
    }

    func prepareBadGzip() -> [UInt8] {
        let (logId, seqId) = state.withLockedValue { ($0.takeLogId(), $0.takeSeqId()) }
        return EdgeFrames.badGzip(logId: logId, seqId: seqId)
    }
}

/// The edge's mutable state.
struct EdgeState {
    struct Room {
        var room: FakeRoom
        /// How many recent messages are kept for `dropConnection(replayLast:)`.
        static let sentHistoryLimit = 10_000

        /// Index of the next script step; shared by all connections to the room.
        var cursor = 0
        /// How many times a looping script has started over.
        var pass = 0
        /// Every message pushed to the room, for `dropConnection(replayLast:)`.
        var sent: [FakeMessage] = []
        /// Messages the next connection re-sends before continuing the script.
        var pendingReplay: [FakeMessage] = []
    }

    /// An open push socket.
    struct Session {
        var channel: any Channel
        var player: Task<Void, Never>?
    }

    var rooms: [Int64: Room] = [:]
    var faults: FakeEdgeFaults
    /// Every ttwid the edge handed out, normalised with `|` separators.
    var mintedTtwids: Set<String> = []
    var receivedFrames: [ReceivedFrame] = []
    /// Push sockets that ran a `goSilent` step (and so send nothing more, heartbeat echoes included).
    var silencedConnections = 0
    var handshakes: [HandshakeRecord] = []
    var httpRequests: [HTTPRequestRecord] = []
    var sentMessageIds: [Int64] = []
    var sentBatches: [SentBatch] = []
    var sessions: [Int: Session] = [:]
    /// Per room, the index of the next stream tag: a new stream GET continues from there (EdgeStreamServer.swift).
    var streamCursors: [Int64: Int] = [:]
    var streamConnections: [FakeStreamConnection] = []
    /// Delayed api-live requests not yet answered, and the most there ever were at once.
    var lookupsInFlight = 0
    var maxLookupsInFlight = 0
    /// Every player ever started, so that shutdown can wait for them before stopping the event loop.
    var players: [Task<Void, Never>] = []
    var nextHandshake = 1
    /// Above 2^53 and below 2^63, so that clients which squeeze ids through a Double or read them signed both fail
    /// visibly or work, as they would against TikTok.
    var nextLogId: UInt64 = 7_312_000_000_000_000_001
    var nextSeqId: UInt64 = 1

    init(faults: FakeEdgeFaults) {
        self.faults = faults
    }

    /// Adds a room, replacing any room with the same id or handle (a host's new stream gets a new room id).
    mutating func add(_ room: FakeRoom) {
        let handle = room.uniqueId.lowercased()
        for (id, existing) in rooms where id == room.roomId || existing.room.uniqueId.lowercased() == handle {
            rooms[id] = nil
        }
        rooms[room.roomId] = Room(room: room)
    }

    func room(uniqueId: String) -> FakeRoom? {
        var handle = uniqueId.lowercased()
        if handle.hasPrefix("@") { handle.removeFirst() }
        return rooms.values.first { $0.room.uniqueId.lowercased() == handle }?.room
    }

    mutating func takeLogId() -> UInt64 {
        defer { nextLogId += 1 }
        return nextLogId
    }

    mutating func takeSeqId() -> UInt64 {
        defer { nextSeqId += 1 }
        return nextSeqId
    }

    /// Normalises a ttwid as sent in a Cookie header (`1%7C…` or `1|…`).
    static func normalisedTtwid(_ value: String) -> String {
        value.replacingOccurrences(of: "%7C", with: "|").replacingOccurrences(of: "%7c", with: "|")
    }
}
