/// Remembers the last `capacity` message ids, so that messages a reconnect delivers again (TikTok replays recent
/// history to a new socket) reach the user once. Memory is bounded: a ring of ids plus a set of the same ids.
public struct MessageDeduplicator: Sendable {
    public let capacity: Int
    private var ring: [String] = []
    private var next = 0
    private var seen: Set<String> = []

    public init(capacity: Int = 10_000) {
        self.capacity = max(capacity, 1)
        ring.reserveCapacity(self.capacity)
        seen.reserveCapacity(self.capacity)
    }

    public var count: Int { seen.count }

    /// Records `msgId`; returns `false` when it was seen within the window. Ids that identify nothing
    /// (`""`, `"0"`) are always new.
    public mutating func insert(_ msgId: String) -> Bool {
        guard !msgId.isEmpty, msgId != "0" else { return true }
        guard !seen.contains(msgId) else { return false }
        if ring.count < capacity {
            ring.append(msgId)
        } else {
            seen.remove(ring[next])
            ring[next] = msgId
            next = (next + 1) % capacity
        }
        seen.insert(msgId)
        return true
    }
}
