import Testing
import TikTokLiveTestSupport

@testable import TikTokLiveEvents

/// The de-duplicator's id table against `Set<UInt64>`, on random inserts and removals.
@Suite("Id table")
struct IdTableTests {
    @Test("inserts and removals agree with Set, crowded and sparse, through growth")
    func agreesWithSet() {
        var random = MessageRandomizer(seed: 21)
        // A narrow range forces long runs and many shifts back on removal; a wide one, sparse tables.
        for range in [UInt64(1)...64, UInt64(1)...5_000, UInt64(1)...UInt64.max] {
            var table = IdTable()
            var model = Set<UInt64>()
            for _ in 0..<20_000 {
                let id =
                    range.upperBound == .max
                    ? random.next() | 1 : range.lowerBound + random.next() % (range.upperBound - range.lowerBound + 1)
                if random.chance(60) {
                    let inserted = table.insert(id)
                    #expect(inserted == model.insert(id).inserted)
                } else {
                    table.remove(id)
                    model.remove(id)
                }
                #expect(table.count == model.count)
            }
            for id in model {
                let inserted = table.insert(id)
                #expect(!inserted, "lost \(id)")
            }
            #expect(table.count == model.count)
        }
    }

    @Test("the de-duplicator keeps a 10,000-id window exact over 100,000 ids")
    func windowStaysExact() {
        var window = MessageDeduplicator(capacity: 10_000)
        var random = MessageRandomizer(seed: 22)
        // The model: the last 10,000 new ids, in order, and the same as a set.
        var order: [String] = []
        var held = Set<String>()
        for _ in 0..<100_000 {
            let id = String(1 + random.next() % 30_000)
            let expectedNew = !held.contains(id)
            let inserted = window.insert(id)
            #expect(inserted == expectedNew)
            if expectedNew {
                order.append(id)
                held.insert(id)
                if order.count > 10_000 { held.remove(order[order.count - 10_001]) }
            }
        }
    }
}
