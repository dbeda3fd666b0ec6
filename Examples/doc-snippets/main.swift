// doc-snippets: the Swift code blocks of the DocC articles (Sources/TikTokLiveEvents/TikTokLiveEvents.docc), each
// word for word between a `// snippet: <article>` line and an `// end` line, 4 spaces in; a block's `import` lines
// are this file's. Tests/TikTokLiveDXTests/RecipeTests.swift holds the blocks and these the same and runs each one
// against the sandbox (TIKTOK_LIVE_WEB_URL, _WEBCAST_URL and _WS_URL point the default configuration at it).
// `swift run doc-snippets <name>`; the names are listed at the bottom.
import Foundation
import TikTokLiveEvents

func overview() async throws {
    // snippet: TikTokLiveEvents.md
    let live = TikTokLive("some_creator")
    live.on(.chat) { chat in print("\(chat.user?.uniqueId ?? "?"): \(chat.comment)") }
    live.on(.gift) { gift in print("\(gift.user?.uniqueId ?? "?") sent \(gift.giftName ?? "a gift")") }
    try await live.run()  // until the stream ends, stop() is called or the task is cancelled
    // end
}

func handlers() async throws {
    // snippet: GettingStarted.md
    let live = TikTokLive("some_creator")
    live.on(.chat) { chat in print("\(chat.user?.uniqueId ?? "?"): \(chat.comment)") }
    live.on("social") { event in print(event.name) }  // follows and shares
    live.on(.like) { like in print("room total \(like.totalLikes)") }
    try await live.run()
    // end
}

func eventLoop() async throws {
    // snippet: GettingStarted.md
    for try await event in TikTokLive("some_creator").events {
        switch event {
        case .chat(let chat): print(chat.comment)
        case .gift(let gift) where gift.repeatEnd: print("\(gift.giftName ?? "gift") x\(gift.repeatCount)")
        case .streamEnd: print("bye")
        default: break
        }
    }
    // end
}

func giftStreaks() async throws {
    let live = TikTokLive("some_creator")
    // snippet: Events.md
    var tracker = GiftStreakTracker()
    var diamonds: [String: Int] = [:]
    for try await event in live.events {
        guard case .gift(let gift) = event else { continue }
        let update = tracker.record(gift)
        diamonds[gift.user?.uniqueId ?? update.senderId, default: 0] += update.newDiamonds
    }
    // end
    print(diamonds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
}

func captions() async throws {
    let username = "some_creator"
    // snippet: Recipes.md
    let live = TikTokLive(username)
    for try await event in live.events {
        guard case .caption(let caption) = event, caption.isFinal else { continue }
        print("[\(caption.language ?? "?")] \(caption.text)")
    }
    // the loop ends when the stream ends; errors (offline, blocked, ...) are thrown
    // end
}

func offline() async throws {
    let live = TikTokLive("offline_creator")
    // snippet: ReconnectsAndErrors.md
    do {
        try await live.run()
    } catch let error as TikTokLiveError where error.kind == .offline {
        print("not live; try again later")
    }
    // end
}

func roomInfo() async throws {
    // snippet: RoomData.md
    let info = try await TikTokWeb().roomInfo(of: "some_creator")
    print(info.title ?? "", info.viewerCount ?? 0, info.likeCount ?? 0, info.startTime ?? Date())
    if let hd = info.stream(.hd) { print(hd.flv?.absoluteString ?? "", hd.hls?.absoluteString ?? "") }
    // end
}

func giftCatalog() async throws {
    // snippet: RoomData.md
    let catalog = try await TikTokWeb().giftCatalog(of: "some_creator")
    if let rose = catalog[5655] { print(rose.name, rose.diamondCount, rose.imageUrl ?? "", rose.streakable) }
    // end
}

func liveStatus() async throws {
    // snippet: RoomData.md
    for status in await TikTokWeb().liveStatus(of: ["creator_a", "creator_b", "creator_c"]) {
        print(status.uniqueId, status.state)  // live, offline, notFound, blocked or error
    }
    // end
}

func record() async throws {
    // snippet: RoomData.md
    let url = try await TikTokWeb().roomInfo(of: "some_creator").stream(.origin)!.flv!
    let (ending, progress) = try await StreamRecorder().record(from: url, toFile: "show.flv")
    // end
    print(ending, progress.bytes)
}

func signer() async throws {
    // snippet: SigningAndDiagnosis.md
    var configuration = TikTokLive.Configuration()
    configuration.socketSigner = HTTPSocketSigner(url: URL(string: "http://127.0.0.1:9000/sign")!)
    let live = TikTokLive("some_creator", configuration: configuration)
    // end
    print(live.uniqueId, live.configuration.socketSigner != nil)
}

let snippets: [(name: String, run: () async throws -> Void)] = [
    ("overview", overview), ("handlers", handlers), ("event-loop", eventLoop), ("gift-streaks", giftStreaks),
    ("captions", captions), ("offline", offline), ("room-info", roomInfo), ("gift-catalog", giftCatalog),
    ("live-status", liveStatus), ("record", record), ("signer", signer),
]
guard let name = CommandLine.arguments.dropFirst().first, let snippet = snippets.first(where: { $0.name == name })
else {
    print("usage: doc-snippets \(snippets.map(\.name).joined(separator: "|"))")
    exit(2)
}
do {
    try await snippet.run()
} catch {
    print("stopped: \(error)")
    exit(1)
}
