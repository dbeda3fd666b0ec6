package import TikTokLiveEvents

/// One row of the events table: the columns queries filter on, and the event's NDJSON line.
package struct StoredEvent: Sendable, Equatable {
    package var roomId: String
    /// `nil` when the wire message carried no id (`0`): such rows are never taken for duplicates.
    package var msgId: String?
    package var event: String
    package var userId: String?
    package var uniqueId: String?
    /// Milliseconds since the epoch: TikTok's `create_time`, else when it was received.
    package var createdAt: Int64
    /// Milliseconds since the epoch when this process received it.
    package var receivedAt: Int64
    /// `{"type":"<name>","data":{...}}`, exactly what `--json` prints for the event.
    package var json: String

    package init(
        roomId: String, msgId: String?, event: String, userId: String?, uniqueId: String?, createdAt: Int64,
        receivedAt: Int64, json: String
    ) {
        self.roomId = roomId
        self.msgId = msgId
        self.event = event
        self.userId = userId
        self.uniqueId = uniqueId
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.json = json
    }

    /// The row for a wire event; `nil` for the client's own lifecycle events (connected, reconnecting, ...),
    /// which describe this process rather than the room.
    package init?(_ event: LiveEvent, receivedAt: Int64, encoder: EventJSONEncoder) {
        guard let base = event.wireBase else { return nil }
        let user = event.actingUser
        let msgId = base.msgId
        self.init(
            roomId: base.roomId, msgId: msgId.isEmpty || msgId == "0" ? nil : msgId, event: event.name,
            userId: user?.userId, uniqueId: user?.uniqueId, createdAt: base.timestamp, receivedAt: receivedAt,
            json: encoder.line(for: event))
    }
}

extension LiveEvent {
    /// The viewer who did what the event says (sent the chat, the gift, the like, joined, followed, ...), for the
    /// user columns; `nil` for events about the room rather than one person.
    var actingUser: LiveUser? {
        switch self {
        case .chat(let e): e.user
        case .emoteChat(let e): e.user
        case .gift(let e): e.user
        case .like(let e): e.user
        case .member(let e), .join(let e): e.user
        case .social(let e), .follow(let e), .share(let e): e.user
        case .question(let e): e.user
        case .subscribe(let e): e.user
        case .barrage(let e), .superFan(let e), .superFanJoin(let e): e.user
        case .roomPin(let e): e.user
        default: nil
        }
    }
}
