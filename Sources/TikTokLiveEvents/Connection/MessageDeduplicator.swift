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
    private var numbers: Window<IdTable>
    private var texts: Window<HashedKeys<String>>

    public init(capacity: Int = 10_000) {
        self.capacity = max(capacity, 1)
        numbers = Window(capacity: self.capacity)
        texts = Window(capacity: self.capacity)
    }

    public var count: Int { numbers.count + texts.count }

    /// Records `msgId`; returns `false` when it was seen within the window. Ids that identify nothing
    /// (`""`, `"0"`) are always new.
    public mutating func insert(_ msgId: String) -> Bool {
        insert(WireID(msgId))
    }

    /// Records the event's `msgId`, as ``insert(_:)-(String)`` does; events without one, such as the client's own
    /// lifecycle events, are always new.
    public mutating func insert(_ event: LiveEvent) -> Bool {
        event.messageID.map { insert($0) } ?? true
    }

    /// Positive numbers (every TikTok id) go to the window of numbers; anything else, text and all, to the other.
    private mutating func insert(_ id: WireID) -> Bool {
        switch id {
        case .number(0), .text(""): true
        case .number(let number) where number > 0: numbers.insert(UInt64(number))
        case .number(let number): texts.insert(String(number))
        case .text(let text): texts.insert(text)
        }
    }

    /// The last `capacity` keys in arrival order, and the same keys as a set.
    private struct Window<Keys: KeySet>: Sendable {
        let capacity: Int
        private var ring: [Keys.Key] = []
        private var next = 0
        private var seen = Keys()

        init(capacity: Int) {
            self.capacity = capacity
        }

        var count: Int { seen.count }

        mutating func insert(_ key: Keys.Key) -> Bool {
            // One lookup for the common case, a new key; the evicted key cannot be this one (it was not seen).
            guard seen.insert(key) else { return false }
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

/// The set behind a de-duplication window.
protocol KeySet: Sendable {
    associatedtype Key: Sendable
    init()
    var count: Int { get }
    /// Adds `key`; `false` when it was there already.
    mutating func insert(_ key: Key) -> Bool
    mutating func remove(_ key: Key)
}

/// Any hashable keys, in a `Set`: the ids that are not plain numbers.
struct HashedKeys<Key: Hashable & Sendable>: KeySet {
    private var keys = Set<Key>()

    init() {}

    var count: Int { keys.count }

    mutating func insert(_ key: Key) -> Bool { keys.insert(key).inserted }

    mutating func remove(_ key: Key) { keys.remove(key) }
}

/// A set of non-zero 64-bit ids: open addressing, linear probing, deletion by shifting back.
///
/// Why not `Set<UInt64>`: it hashes with SipHash, which was most of what de-duplicating an event cost. Here an id's
/// slot comes from one multiplication by an odd number drawn per table (multiply-shift hashing), so ids cannot be
/// picked in advance to pile up in one place. It grows with use, up to three quarters full, like `Set`, so a full
/// 10,000-id window takes the same 128 KiB.
struct IdTable: KeySet {
    /// 0 marks an empty slot; 0 is never stored (``MessageDeduplicator`` treats id "0" as naming nothing).
    private var slots: [UInt64] = []
    private var shift = 64
    private let multiplier = UInt64.random(in: 1...UInt64.max) | 1
    private(set) var count = 0

    init() {}

    private func home(of id: UInt64) -> Int {
        Int(truncatingIfNeeded: (id &* multiplier) >> UInt64(shift))
    }

    /// Adds `id`; `false` when it was there already.
    mutating func insert(_ id: UInt64) -> Bool {
        precondition(id != 0, "IdTable does not hold 0")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var index = home(of: id)
        while slots[index] != 0 {
            if slots[index] == id { return false }
            index = (index + 1) & mask
        }
        slots[index] = id
        count += 1
        return true
    }

    /// Removes `id` if it is there.
    mutating func remove(_ id: UInt64) {
        guard !slots.isEmpty else { return }
        let mask = slots.count - 1
        var hole = home(of: id)
        while slots[hole] != id {
            if slots[hole] == 0 { return }
            hole = (hole + 1) & mask
        }
        // Close the gap: move back each later id of the run whose home is not between the hole and where it sits.
        var index = hole
        while true {
            index = (index + 1) & mask
            let candidate = slots[index]
            if candidate == 0 { break }
            let distanceFromHome = (index - home(of: candidate)) & mask
            let distanceToHole = (index - hole) & mask
            if distanceFromHome >= distanceToHole {
                slots[hole] = candidate
                hole = index
            }
        }
        slots[hole] = 0
        count -= 1
    }

    private mutating func grow() {
        let old = slots
        let size = max(16, slots.count * 2)
        slots = [UInt64](repeating: 0, count: size)
        shift = 64 - size.trailingZeroBitCount
        count = 0
        for id in old where id != 0 { _ = insert(id) }
    }
}
