import ArgumentParser
import Foundation
import GRDB
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

@Suite struct ServeStoreTests {
    @Test func serveKeepsTheEventsOfTheCreatorsItWatches() async throws {
        let edge = try await FakeTikTokEdge.start(rooms: [StoreCLITests.room(chats: 30)])
        let path = temporaryPath("serve.db")
        let received = LockedBox(0)
        let output = OutputWriter(fd: FileHandle.nullDevice.fileDescriptor)
        let status = await ServeCommand.serve(
            configuration: .init(port: 0),
            endpoints: .init(edge),
            output: output, errors: output, store: StoreSettings(url: "sqlite:\(path)", flushSeconds: 3600)
        ) { relay in
            // A client of the relay, as a bot in managed mode would be.
            let client = TikTokLive("host", configuration: .init(mode: .relay(relay.url)))
            let reading = Task {
                for try await event in client.events where event.name == "chat" {
                    received.withLock { $0 += 1 }
                }
            }
            _ = await eventually { received.withLock { $0 } == 30 }
            client.stop()
            _ = await reading.result
        }
        #expect(status == .success)
        #expect(received.withLock { $0 } == 30)
        // The relay's shutdown closed the store, which wrote the queued events.
        let rows = try sqliteRows(path)
        #expect(rows.count == 30)
        #expect(rows.allSatisfy { $0["event"] as String == "chat" && $0["unique_id"] as String? == "ann" })
        try await edge.shutdown()
    }
}
