import Foundation
import GRDB

/// Events in one SQLite file, through GRDB: WAL mode, so readers query the file while a watch writes it.
package final class SQLiteEventBackend: EventBackend {
    private let pool: DatabasePool

    private static let insert = """
        INSERT INTO live_events (room_id, msg_id, event, user_id, unique_id, created_at, received_at, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id, msg_id) DO NOTHING
        """

    /// Opens (or creates) the file and brings its schema up to date.
    package init(path: String) throws(EventStoreError) {
        var configuration = Configuration()
        // WAL with NORMAL syncs: a committed batch survives this process crashing; only a power loss may cost the
        // last few commits. A busy reader elsewhere delays a write instead of failing it.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw EventStoreError(.unreachable, "cannot open the SQLite file \(path): \(Self.reason(error))")
        }
        try migrate(path: path)
    }

    private func migrate(path: String) throws(EventStoreError) {
        do {
            try pool.write { db in
                try db.execute(sql: EventSchema.versionTable)
                let found = try Int.fetchOne(db, sql: "SELECT max(version) FROM live_schema") ?? 0
                if found > EventSchema.latestVersion { throw EventSchema.refusal(found: found) }
                let steps = EventSchema.steps(.sqlite)
                for step in steps[found...] {
                    for statement in step { try db.execute(sql: statement) }
                }
                if found < steps.count {
                    try db.execute(sql: "DELETE FROM live_schema")
                    try db.execute(sql: "INSERT INTO live_schema (version) VALUES (?)", arguments: [steps.count])
                }
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw EventStoreError(.unreachable, "cannot prepare the SQLite file \(path): \(Self.reason(error))")
        }
    }

    package func write(_ batch: [StoredEvent]) async throws -> BatchOutcome {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: Self.insert)
            var outcome = BatchOutcome()
            for row in batch {
                statement.setUncheckedArguments([
                    row.roomId, row.msgId, row.event, row.userId, row.uniqueId, row.createdAt, row.receivedAt,
                    row.json,
                ])
                do {
                    try statement.execute()
                    outcome.inserted += db.changesCount
                } catch let error as DatabaseError where Self.costsTheRowOnly(error) {
                    // SQLite undoes the one statement, not the transaction: the rest of the batch stays.
                    outcome.rejected += 1
                    outcome.firstRejection = outcome.firstRejection ?? Self.reason(error)
                }
            }
            return outcome
        }
    }

    /// A constraint or a value SQLite would not take, as opposed to a full disk or a lost file.
    private static func costsTheRowOnly(_ error: DatabaseError) -> Bool {
        [.SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_TOOBIG, .SQLITE_RANGE].contains(error.resultCode)
    }

    package func close() async {
        try? pool.close()
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
