import Foundation
import GRDB
import Testing
import TikTokLiveEvents
import TikTokLiveStore
import TikTokLiveTestSupport

@Suite struct SQLiteStoreTests {
    @Test func everyWireEventBecomesARowWithItsColumnsAndJSON() async throws {
        let path = temporaryPath("events.db")
        let store = try await EventStore.open(.sqlite(path: path))
        let encoder = EventJSONEncoder()
        for event in sampleEvents { try await store.store(event) }
        try await store.store(.disconnected(DisconnectedEvent(uniqueId: "host", reason: "not a room event")))
        try await store.close()

        let wire = sampleEvents.filter(\.isWireEvent)
        #expect(wire.count >= 20, "the sample capture has real traffic")
        let rows = try sqliteRows(path)
        #expect(rows.count == wire.count)
        #expect(store.statistics.stored == wire.count)
        for (row, event) in zip(rows, wire) {
            let base = try #require(event.wireBase)
            #expect(row["room_id"] as String == base.roomId)
            #expect(row["msg_id"] as String? == base.msgId)
            #expect(row["event"] as String == event.name)
            #expect(row["created_at"] as Int64 == base.timestamp)
            #expect(row["data"] as String == encoder.line(for: event))
        }
        // The user columns: who sent the chat.
        let chat = try #require(
            wire.first { if case .chat(let chat) = $0 { return chat.user?.userId != nil } else { return false } })
        guard case .chat(let chatEvent) = chat else { return }
        let chatRow = try #require(rows.first { $0["msg_id"] as String? == chatEvent.msgId })
        #expect(chatRow["user_id"] as String? == chatEvent.user?.userId)
        #expect(chatRow["unique_id"] as String? == chatEvent.user?.uniqueId)
    }

    @Test func theSameEventsStoredTwiceStayOnce() async throws {
        let path = temporaryPath("events.db")
        for _ in 0..<2 {
            // Two runs over the same messages, as after a restart or with TikTok's replayed history.
            let store = try await EventStore.open(.sqlite(path: path))
            for event in sampleEvents + sampleEvents.prefix(10) { try await store.store(event) }
            try await store.close()
        }
        let wire = sampleEvents.filter(\.isWireEvent)
        let rows = try sqliteRows(path)
        #expect(rows.count == wire.count)
        #expect(Set(rows.map { "\($0["room_id"] as String)/\($0["msg_id"] as String)" }).count == rows.count)
    }

    @Test func aFullQueueMakesTheReaderWaitAndLosesNothing() async throws {
        let path = temporaryPath("events.db")
        let store = try await EventStore.open(
            .sqlite(path: path), configuration: .init(batchSize: 3, queueCapacity: 5, flushInterval: .milliseconds(1)))
        let wire = sampleEvents.filter(\.isWireEvent)
        for event in wire {
            try await store.store(event)
            #expect(store.statistics.queued <= 5)
        }
        await store.flush()
        #expect(store.statistics.stored == wire.count)
        #expect(try sqliteRows(path).count == wire.count)
        try await store.close()
        await #expect(throws: EventStoreError.self) { try await store.store(wire[0]) }
    }

    @Test func aQuietRoomIsWrittenWithinTheFlushInterval() async throws {
        let path = temporaryPath("events.db")
        let store = try await EventStore.open(
            .sqlite(path: path), configuration: .init(flushInterval: .milliseconds(50)))
        let event = try #require(sampleEvents.first { $0.isWireEvent })
        try await store.store(event)
        // One event, far below a batch: it is written all the same, without a flush or close.
        #expect(try await eventually { try sqliteRows(path).count == 1 })
        try await store.close()
    }

    @Test func aSchemaFromANewerVersionIsRefused() async throws {
        let path = temporaryPath("events.db")
        try await EventStore.open(.sqlite(path: path)).close()
        try sqliteExecute(path, "UPDATE live_schema SET version = 99")
        let error = await #expect(throws: EventStoreError.self) { try await EventStore.open(.sqlite(path: path)) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.message.contains("version 99, newer than this tiktok-live-events understands (1)") == true)
    }

    @Test func aFileThatCannotBeCreatedIsAClearError() async throws {
        let error = await #expect(throws: EventStoreError.self) {
            try await EventStore.open(.sqlite(path: "/nonexistent-dir/sub/events.db"))
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("cannot open the SQLite file /nonexistent-dir/sub/events.db") == true)
    }
}
