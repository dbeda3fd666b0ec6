import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTesting

@Suite struct ScratchDebug {
    @Test func slowDebug() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.clientQueueLimit = 64
            $0.clientSendBufferSize = 16_384
            $0.slowClientCloseTimeout = .milliseconds(200)
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { edge, relay in
            let normal = try await RelayTestClient.connect(relay, uniqueId: "host")
            let slow = try await NonReadingClient.connect(relay, uniqueId: "host")
            #expect(await eventually { relay.health.clients == 2 })
            let text = String(repeating: "x", count: 2_000)
            var steps: [FakeScriptStep] = []
            for batch in 0..<500 {
                steps.append(.batch((1...8).map { Cast.chat(Int64(batch * 8 + $0), "\(batch * 8 + $0) \(text)") }))
                steps.append(.wait(milliseconds: 5))
            }
            #expect(edge.append(steps, toRoom: Cast.roomId))
            for _ in 0..<40 {
                try await Task.sleep(for: .milliseconds(250))
                print("chats", normal.chatTexts.count, "health", relay.health)
                if relay.health.clients == 1 { break }
            }
            await slow.close()
        }
    }
}
