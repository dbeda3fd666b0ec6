// gift-catalog-board: which gifts brought the most diamonds, with their names and images from the room's gift
// catalog. Some gift messages carry only a gift id; with `enrichGifts` the client fills in the name, image and
// diamond value from the catalog, and GiftStreakTracker counts each streak's units once.
//
//   swift run gift-catalog-board some_creator
//
// Prints the catalog's size, each finished gift, and the board when the stream ends.
import Foundation
import TikTokLiveEvents

guard let username = CommandLine.arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("usage: gift-catalog-board <username>\n".utf8))
    exit(2)
}

var configuration = TikTokLive.Configuration()
configuration.enrichGifts = true
let live = TikTokLive(username, configuration: configuration)

// The catalog, for the images of the board (the events already carry them when enriched).
let catalog: GiftCatalog
do {
    catalog = try await live.giftCatalog()
} catch {
    FileHandle.standardError.write(Data("gift-catalog-board: \(error)\n".utf8))
    exit(1)
}
print("The room's catalog has \(catalog.gifts.count) gifts.")

struct Row {
    var name: String
    var units = 0
    var diamonds = 0
}
var tracker = GiftStreakTracker()
var rows: [Int64: Row] = [:]

do {
    for try await event in live.events {
        guard case .gift(let gift) = event else { continue }
        let update = tracker.record(gift)
        let name = gift.giftName ?? catalog[gift.giftId]?.name ?? "gift \(gift.giftId)"
        rows[gift.giftId, default: Row(name: name)].units += update.newUnits
        rows[gift.giftId, default: Row(name: name)].diamonds += update.newDiamonds
        if update.isFinal {
            print("\(gift.user?.uniqueId ?? update.senderId) sent \(name) x\(update.totalUnits)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("gift-catalog-board: \(error)\n".utf8))
    exit(1)
}

print("Gifts by diamonds:")
let board = rows.sorted { ($1.value.diamonds, $0.value.name) < ($0.value.diamonds, $1.value.name) }
for (rank, (id, row)) in board.enumerated() {
    let image = catalog[id]?.imageUrl ?? "no image"
    print("\(rank + 1). \(row.name) x\(row.units) = \(row.diamonds) diamonds \(image)")
}
