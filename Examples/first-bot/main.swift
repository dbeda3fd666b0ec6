// first-bot: the README's first program, as written there (a test holds the two the same and runs this one
// against the sandbox). `swift run first-bot some_creator`; with no name it watches `sandbox_creator`, the
// sandbox's room, which it finds when TIKTOK_LIVE_WEB_URL, _WEBCAST_URL and _WS_URL are set.
import TikTokLiveEvents

let live = TikTokLive(CommandLine.arguments.dropFirst().first ?? "sandbox_creator")
live.on(.chat) { chat in print("\(chat.user?.uniqueId ?? "?"): \(chat.comment)") }
do {
    try await live.run()
} catch {
    print("stopped: \(error)")
}
