package import Logging
import PostgresNIO

/// Events in PostgreSQL: one `INSERT ... SELECT FROM unnest(...)` per batch (one round trip, one transaction),
/// then a `NOTIFY` on ``notifyChannel`` with the highest new `id`, so consumers follow new events live.
package final class PostgresEventBackend: EventBackend {
    /// The `LISTEN` channel. Its payload is the highest `live_events.id` a batch added: a consumer reads
    /// `WHERE id > last_id_it_read` on each notification (notifications coalesce; the table is the truth).
    package static let notifyChannel = "live_events"

    private let session: PostgresSession

    private init(session: PostgresSession) {
        self.session = session
    }

    /// Connects and brings the schema up to date; a wrong URL or a server that is not there fails here, clearly.
    package static func open(_ address: PostgresAddress, logger: Logger) async throws(EventStoreError)
        -> PostgresEventBackend
    {
        let session = try await PostgresSession.connect(address, logger: logger)
        return PostgresEventBackend(session: session)
    }

    /// Runs the schema's missing steps under an advisory lock, so that workers starting together migrate once.
    package static func migrate(_ session: PostgresSession) async throws(EventStoreError) {
        do {
            try await session.run { connection, logger in
                try await connection.withTransaction(logger: logger) { connection in
                    // Any constant works: it only has to be the same for every process migrating this database.
                    try await connection.query("SELECT pg_advisory_xact_lock(7420147)", logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: EventSchema.versionTable), logger: logger)
                    let rows = try await connection.query("SELECT max(version) FROM live_schema", logger: logger)
                    var found = 0
                    for try await (version) in rows.decode(Int?.self) { found = version ?? 0 }
                    if found > EventSchema.latestVersion { throw EventSchema.refusal(found: found) }
                    let steps = EventSchema.steps(.postgres)
                    for step in steps[found...] {
                        for statement in step {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                    }
                    if found < steps.count {
                        try await connection.query("DELETE FROM live_schema", logger: logger)
                        try await connection.query(
                            "INSERT INTO live_schema (version) VALUES (\(steps.count))", logger: logger)
                    }
                }
            }
        } catch {
            if let refusal = PostgresSession.unwrapped(error) as? EventStoreError { throw refusal }
            throw EventStoreError(
                .database,
                "cannot prepare the PostgreSQL schema at \(session.address): \(PostgresSession.reason(error))")
        }
    }

    private static let insert = """
        INSERT INTO live_events (room_id, msg_id, event, user_id, unique_id, created_at, received_at, data)
        SELECT room_id, NULLIF(msg_id, ''), event, NULLIF(user_id, ''), NULLIF(unique_id, ''), created_at,
               received_at, data::jsonb
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[])
            AS row (room_id, msg_id, event, user_id, unique_id, created_at, received_at, data)
        ON CONFLICT (room_id, msg_id) DO NOTHING
        RETURNING id
        """

    package func write(_ batch: [StoredEvent]) async throws -> BatchOutcome {
        do {
            return try await session.run { connection, logger in
                try await Self.insert(batch, on: connection, logger: logger)
            }
        } catch  where PostgresSession.isStatementError(error) {
            // One row the server will not take (text PostgreSQL cannot hold, as `\u0000` in `jsonb`) fails the whole
            // statement: write the rows one by one, so that it costs that row only.
            var outcome = BatchOutcome()
            for row in batch {
                do {
                    outcome.inserted += try await session.run { connection, logger in
                        try await Self.insert([row], on: connection, logger: logger).inserted
                    }
                } catch  where PostgresSession.isStatementError(error) {
                    outcome.rejected += 1
                    outcome.firstRejection = outcome.firstRejection ?? PostgresSession.reason(error)
                }
            }
            return outcome
        }
    }

    private static func insert(_ batch: [StoredEvent], on connection: PostgresConnection, logger: Logger)
        async throws -> BatchOutcome
    {
        var bindings = PostgresBindings(capacity: 8)
        // Arrays of optionals are not a PostgreSQL wire type here: "" stands for NULL and NULLIF turns it back.
        bindings.append(batch.map(\.roomId))
        bindings.append(batch.map { $0.msgId ?? "" })
        bindings.append(batch.map(\.event))
        bindings.append(batch.map { $0.userId ?? "" })
        bindings.append(batch.map { $0.uniqueId ?? "" })
        bindings.append(batch.map(\.createdAt))
        bindings.append(batch.map(\.receivedAt))
        bindings.append(batch.map(\.json))
        return try await connection.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: insert, binds: bindings), logger: logger)
            var inserted = 0
            var highest: Int64 = 0
            for try await id in rows.decode(Int64.self) {
                inserted += 1
                highest = max(highest, id)
            }
            if inserted > 0 {
                try await connection.query(
                    "SELECT pg_notify(\(notifyChannel), \(String(highest)))", logger: logger)
            }
            return BatchOutcome(inserted: inserted)
        }
    }

    package func close() async {
        await session.close()
    }
}
