/// Remembers the last `capacity` message ids, so that messages a reconnect delivers again (TikTok replays recent
/// history to a new socket) reach the user once. Memory is bounded: a ring of ids plus a set of the same ids.
///
/// TikTok's message ids are decimal 64-bit numbers, and a process watching many rooms keeps one window per room,
/// so they are held as `UInt64` (8 bytes, no allocation) rather than as 19-character strings, which Swift
/// stores on the heap: a full default window costs ~0.2 MB instead of ~1 MB. Storage grows with use rather than
/// being reserved up front, because a set's reserved table is touched all over by hashing and so becomes
/// resident even for a quiet room. Ids that are not plain decimal numbers keep a window of their own.
public struct MessageDeduplicator: Sendable {
    public let capacity: Int
    private var numbers: Window<UInt64>
    private var texts: Window<String>

    public init(capacity: Int = 10_000) {
        self.capacity = max(capacity, 1)
        numbers = Window(capacity: self.capacity)
        texts = Window(capacity: self.capacity)
    }

    public var count: Int { numbers.count + texts.count }

    /// Records `msgId`; returns `false` when it was seen within the window. Ids that identify nothing
    /// (`""`, `"0"`) are always new.
    public mutating func insert(_ msgId: String) -> Bool {
        guard !msgId.isEmpty, msgId != "0" else { return true }
        if let number = Self.canonicalNumber(msgId) {
            return numbers.insert(number)
        }
        return texts.insert(msgId)
    }

    /// The id's value when it is written the way a number prints (digits only, no leading zero), so that two ids
    /// map to the same number only when they are the same string.
    private static func canonicalNumber(_ id: String) -> UInt64? {
        var value: UInt64 = 0
        var utf8 = id.utf8.makeIterator()
        guard let first = utf8.next(), first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") else { return nil }
        value = UInt64(first - UInt8(ascii: "0"))
        while let byte = utf8.next() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        return value
    }

    /// The last `capacity` keys in arrival order, and the same keys as a set.
    private struct Window<Key: Hashable & Sendable>: Sendable {
        let capacity: Int
        private var ring: [Key] = []
        private var next = 0
        private var seen: Set<Key> = []

        init(capacity: Int) {
            self.capacity = capacity
        }

        var count: Int { seen.count }

        mutating func insert(_ key: Key) -> Bool {
            // One hash for the common case, a new key; the evicted key cannot be this one (it was not seen).
            guard seen.insert(key).inserted else { return false }
            if ring.count < capacity {
                if ring.count == ring.capacity {
                    // Doubling, but never past the window: plain appends would round 10,000 up to 16,384 slots.
                    ring.reserveCapacity(min(capacity, max(16, ring.count * 2)))
                }
                ring.append(key)
            } else {
                seen.remove(ring[next])
                ring[next] = key
                next = (next + 1) % capacity
            }
            return true
        }
    }
}
