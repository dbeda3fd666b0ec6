import Foundation
import PostgresNIO
import Testing
import TikTokLiveEvents
import TikTokLiveStore
import TikTokLiveTestSupport

/// The store against the real PostgreSQL that .ci/run starts (each test in a database of its own).
@Suite(
    .enabled(
        if: TestPostgres.enabled, "no TIKTOK_LIVE_TEST_POSTGRES_URL: run `eval \"$(Scripts/postgres-dev.sh start)\"`"))
struct PostgresStoreTests {
    @Test func eventsAreRowsWithJSONBAndStayOnceWhenStoredTwice() async throws {
        let address = try await TestPostgres.freshDatabase()
        let wire = sampleEvents.filter(\.isWireEvent)
        for _ in 0..<2 {
            let store = try await EventStore.open(.postgres(address), configuration: .init(batchSize: 7))
            for event in sampleEvents + sampleEvents.prefix(5) { try await store.store(event) }
            try await store.close()
        }
        #expect(try await TestPostgres.count(address) == wire.count)
        // The JSON is jsonb: queryable, and it is the event as --json prints it.
        let chats = try await TestPostgres.count(
            address, "SELECT count(*) FROM live_events WHERE event = 'chat' AND data->>'type' = 'chat'")
        #expect(chats == wire.filter { $0.name == "chat" }.count)
        let event = wire[0]
        let base = try #require(event.wireBase)
        let stored = try await TestPostgres.run(on: address) { connection, logger in
            var found: [(String, String, Int64, String)] = []
            let rows = try await connection.query(
                "SELECT room_id, event, created_at, data::text FROM live_events WHERE msg_id = \(base.msgId)",
                logger: logger)
            for try await row in rows.decode((String, String, Int64, String).self) { found.append(row) }
            return found.map { "\($0.0)|\($0.1)|\($0.2)|\($0.3)" }
        }
        #expect(stored.count == 1)
        #expect(stored.first?.hasPrefix("\(base.roomId)|\(event.name)|\(base.timestamp)|") == true)
        let json = try #require(stored.first?.split(separator: "|", maxSplits: 3).last)
        let decoded = try JSONDecoder().decode(LiveEvent.self, from: Data(json.utf8))
        #expect(decoded.msgId == event.msgId)
    }

    @Test func aRowPostgreSQLCannotHoldCostsThatRowOnly() async throws {
        let address = try await TestPostgres.freshDatabase()
        let store = try await EventStore.open(.postgres(address))
        // jsonb refuses the NUL character; a chat carrying one must not take its batch with it.
        var events = Array(sampleEvents.filter(\.isWireEvent).prefix(20))
        let index = try #require(events.firstIndex { if case .chat = $0 { true } else { false } })
        guard case .chat(var chat) = events[index] else { return }
        chat.comment = "nul \u{0} inside"
        events[index] = .chat(chat)
        for event in events { try await store.store(event) }
        try await store.close()
        #expect(store.statistics.rejected == 1)
        #expect(store.statistics.stored == events.count - 1)
        #expect(store.statistics.lastError?.contains("unsupported Unicode escape sequence") == true)
        #expect(try await TestPostgres.count(address) == events.count - 1)
    }

    @Test func aSchemaFromANewerVersionIsRefused() async throws {
        let address = try await TestPostgres.freshDatabase()
        try await EventStore.open(.postgres(address)).close()
        try await TestPostgres.run(on: address) { connection, logger in
            try await connection.query("UPDATE live_schema SET version = 42", logger: logger)
        }
        let error = await #expect(throws: EventStoreError.self) { try await EventStore.open(.postgres(address)) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.message.contains("version 42, newer than this tiktok-live-events understands (1)") == true)
    }

    @Test func workersStartingTogetherMigrateOnce() async throws {
        let address = try await TestPostgres.freshDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await EventStore.open(.postgres(address)).close() } }
            try await group.waitForAll()
        }
        #expect(try await TestPostgres.count(address, "SELECT count(*) FROM live_schema") == 1)
    }

    @Test func wrongURLsAreClearErrors() async throws {
        let base = try TestPostgres.baseAddress()
        // Nothing listens on port 1.
        var nobody = base
        nobody.port = 1
        let refused = await #expect(throws: EventStoreError.self) { try await EventStore.open(.postgres(nobody)) }
        #expect(refused?.kind == .unreachable)
        #expect(refused?.message.hasPrefix("cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/") == true)
        var missing = base
        missing.database = "no_such_database"
        let unknown = await #expect(throws: EventStoreError.self) { try await EventStore.open(.postgres(missing)) }
        #expect(unknown?.kind == .unreachable)
        #expect(
            unknown?.message.contains("database \"no_such_database\" does not exist") == true,
            "\(unknown?.message ?? "")")
    }

    @Test func aListenerIsToldOfNewEvents() async throws {
        let address = try await TestPostgres.freshDatabase()
        let store = try await EventStore.open(.postgres(address))
        let session = PostgresSession(address: address)
        let connection = try await session.open()
        let event = try #require(sampleEvents.first { $0.isWireEvent })
        let payload = try await connection.listen(on: "live_events") { notifications in
            try await store.store(event)
            var iterator = notifications.makeAsyncIterator()
            return try await iterator.next()?.payload
        }
        // The payload is the highest new id: read `WHERE id > last seen` from it.
        #expect(payload == "1")
        try await store.close()
        await session.close()
    }

    @Test func aDatabaseThatGoesAwayMidRunLosesNothing() async throws {
        let server = try await PrivatePostgres.start()
        let address = try await TestPostgres.freshDatabase(on: server.address)
        let store = try await EventStore.open(
            .postgres(address),
            configuration: .init(
                batchSize: 10, flushInterval: .milliseconds(5), retryDelay: .milliseconds(20),
                maxRetryDelay: .milliseconds(200)))
        let wire = sampleEvents.filter(\.isWireEvent)
        let half = wire.count / 2
        for event in wire[..<half] { try await store.store(event) }
        await store.flush()
        try await server.stop()
        // The server is gone: events wait in the queue while the writes fail and are retried.
        for event in wire[half...] { try await store.store(event) }
        #expect(await eventually { store.statistics.failedWrites >= 2 })
        #expect(store.statistics.queued == wire.count - half)
        try await server.start()
        await store.flush()
        try await store.close()
        #expect(try await TestPostgres.count(address) == wire.count)
        #expect(store.statistics.stored == wire.count)
        #expect(store.statistics.abandoned == 0)
        try await server.discard()
    }

    @Test func closingWithTheDatabaseAwaySaysWhatWasNotWritten() async throws {
        let server = try await PrivatePostgres.start()
        let address = try await TestPostgres.freshDatabase(on: server.address)
        let store = try await EventStore.open(
            .postgres(address),
            configuration: .init(
                retryDelay: .milliseconds(20), maxRetryDelay: .milliseconds(50), closeTimeout: .milliseconds(300)))
        try await server.stop()
        let wire = sampleEvents.filter(\.isWireEvent)
        for event in wire { try await store.store(event) }
        let error = await #expect(throws: EventStoreError.self) { try await store.close() }
        #expect(error?.kind == .unflushed)
        #expect(error?.message.hasPrefix("\(wire.count) events were not written to postgres://") == true)
        #expect(store.statistics.abandoned == wire.count)
        try await server.discard()
    }
}
