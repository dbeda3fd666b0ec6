import Foundation
import GRDB
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `--store` through the built binary: what a person running the command gets.
@Suite struct StoreCLITests {
    static let roomId: Int64 = 7_301_234_567_890_123_457
    static let viewer = FakeUser(id: 6_800_000_000_000_000_001, uniqueId: "ann", nickname: "Ann")

    static func room(chats: Int) -> FakeRoom {
        let messages = (1...chats).map {
            FakeMessage.chat(msgId: Int64(1_000 + $0), roomId: roomId, user: viewer, text: "message \($0)")
        }
        // No stream end: the room stays open until the command is stopped.
        return FakeRoom(
            uniqueId: "host", roomId: roomId, hostUserId: 6_900_000_000_000_000_001, nickname: "Host",
            script: [.batch(Array(messages.prefix(chats / 2))), .batch(Array(messages.dropFirst(chats / 2)))])
    }

    static func endpoints(_ edge: FakeTikTokEdge) -> [String] {
        [
            "--web-url", edge.webURL.absoluteString, "--webcast-url", edge.webcastURL.absoluteString, "--ws-url",
            edge.wsURL.absoluteString,
        ]
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stoppingWatchWritesWhatIsQueued(signal: Int32) async throws {
        let edge = try await FakeTikTokEdge.start(rooms: [Self.room(chats: 40)])
        let path = temporaryPath("watch.db")
        // A flush interval far longer than the test: nothing is written before the signal, so the rows prove the
        // flush on stop.
        let watch = try RunningCLI(
            ["watch", "host", "--json", "--store", "sqlite:\(path)", "--store-flush-seconds", "3600"]
                + Self.endpoints(edge))
        #expect(await eventually { watch.stdoutLines.count == 40 }, "stderr: \(watch.stderr)")
        #expect(try sqliteRows(path).isEmpty)
        watch.signal(signal)
        #expect(try await watch.wait() == 0, "stderr: \(watch.stderr)")
        let rows = try sqliteRows(path)
        #expect(rows.count == 40)
        #expect(Set(rows.map { $0["msg_id"] as String }) == Set((1...40).map { String(1_000 + $0) }))
        #expect(rows.map { $0["data"] as String } == watch.stdoutLines, "stored as --json printed them")
        #expect(watch.stderr.contains("stored 40 events in sqlite:\(path)"))
        try await edge.shutdown()
    }

    @Test func replayingACaptureTwiceStoresItsEventsOnce() async throws {
        let path = temporaryPath("replay.db")
        let capture = repositoryRoot.appendingPathComponent("Captures/sample-room.bin").path
        let first = try RunningCLI(["replay", capture, "--json", "--store", "sqlite:\(path)"])
        #expect(try await first.wait() == 0, "stderr: \(first.stderr)")
        let printed = first.stdoutLines.count
        #expect(printed == sampleEvents.filter(\.isWireEvent).count)
        #expect(try sqliteRows(path).count == printed)
        let second = try RunningCLI(["replay", capture, "--store", "sqlite:\(path)"])
        #expect(try await second.wait() == 0, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("stored 0 events in sqlite:\(path) (\(printed) already there)"))
        #expect(try sqliteRows(path).count == printed)
    }

    @Test func filteredEventsAreTheOnesStored() async throws {
        let path = temporaryPath("chat.db")
        let capture = repositoryRoot.appendingPathComponent("Captures/sample-room.bin").path
        let replay = try RunningCLI(["replay", capture, "--json", "-f", "chat", "--store", "sqlite:\(path)"])
        #expect(try await replay.wait() == 0, "stderr: \(replay.stderr)")
        let rows = try sqliteRows(path)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["event"] as String == "chat" })
        #expect(rows.count == replay.stdoutLines.count)
    }

    @Test func aWrongStoreIsABadArgument() async throws {
        let replay = try RunningCLI(["replay", "/nonexistent.bin", "--store", "mysql://me@db/live"])
        #expect(try await replay.wait() == 2)
        #expect(replay.stderr.contains("error: --store: --store must be sqlite:PATH or postgres://"))
        let unwritable = try RunningCLI(["replay", "/nonexistent.bin", "--store", "sqlite:/nonexistent-dir/x.db"])
        #expect(try await unwritable.wait() == 1)
        #expect(unwritable.stderr.contains("error: --store: cannot open the SQLite file /nonexistent-dir/x.db"))
    }

    @Test func aPostgreSQLServerThatIsNotThereIsAClearErrorWithoutThePassword() async throws {
        let watch = try RunningCLI(["watch", "host", "--store", "postgres://me:s3cret@127.0.0.1:1/live"])
        #expect(try await watch.wait() == 1)
        #expect(
            watch.stderr.contains(
                "error: --store: cannot connect to PostgreSQL at postgres://me:***@127.0.0.1:1/live"))
        #expect(!watch.stderr.contains("s3cret"))
    }
}
