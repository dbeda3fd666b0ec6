// gift-leaderboard: who sent the most diamonds. A streak (a Rose held down) arrives as several messages with a
// running total; GiftStreakTracker turns them into deltas so each diamond counts once.
//
//   swift run gift-leaderboard some_creator
//
// Prints each finished gift and the top 3; the full board when the stream ends.
import Foundation
import TikTokLiveEvents

guard let username = CommandLine.arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("usage: gift-leaderboard <username>\n".utf8))
    exit(2)
}

var tracker = GiftStreakTracker()
var diamonds: [String: Int] = [:]

/// Most diamonds first; ties by name.
@MainActor func leaderboard() -> [(name: String, diamonds: Int)] {
    diamonds.map { (name: $0.key, diamonds: $0.value) }.sorted { ($1.diamonds, $0.name) < ($0.diamonds, $1.name) }
}

let live = TikTokLive(username)
do {
    for try await event in live.events {
        guard case .gift(let gift) = event else { continue }
        let update = tracker.record(gift)
        let sender = gift.user?.uniqueId ?? update.senderId
        diamonds[sender, default: 0] += update.newDiamonds
        if update.isFinal {
            let top = leaderboard().prefix(3).map { "\($0.name) \($0.diamonds)" }.joined(separator: ", ")
            print("\(sender) sent \(gift.giftName ?? "a gift") x\(update.totalUnits): top 3: \(top)")
        }
        // TikTok sometimes never sends the end of a streak: its units are already counted, just close it.
        for expired in tracker.flushExpired() {
            print("\(expired.sender?.uniqueId ?? expired.senderId)'s \(expired.giftName ?? "gift") streak timed out")
        }
    }
} catch {
    FileHandle.standardError.write(Data("gift-leaderboard: \(error)\n".utf8))
    exit(1)
}

print("Final leaderboard (diamonds):")
for (rank, entry) in leaderboard().enumerated() {
    print("\(rank + 1). \(entry.name) \(entry.diamonds)")
}
