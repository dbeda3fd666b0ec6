import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTesting

@Test func myBotCountsEveryChatOfASandboxPass() async throws {
    let sandbox = SandboxRoom(speed: 40, ending: .streamEnd)  // one pass in ~2 s, then the stream ends
    let edge = try await FakeTikTokEdge.start(rooms: [sandbox.room])
    let live = TikTokLive(sandbox.uniqueId, configuration: .init(endpoints: edge.endpoints))
    var chats = 0
    do {
        for try await event in live.events {
            if case .chat = event { chats += 1 }  // your bot's work goes here
        }
    } catch {
        Issue.record("the run failed: \(error)")
    }
    try await edge.shutdown()
    #expect(chats == sandbox.summary.chatCount)
}
