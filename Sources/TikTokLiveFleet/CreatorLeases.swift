import Foundation
package import Logging
import PostgresNIO
package import TikTokLiveStore

/// The `live_creators` table: which creators the fleet watches, and which worker holds each one's lease.
///
/// A lease is a row with `leased_by` and an expiry. Workers take free rows with `FOR UPDATE SKIP LOCKED`, so two
/// workers asking at once get different creators without waiting on each other; a worker renews its leases while it
/// watches, and a worker that dies simply stops renewing: its rows expire and the next poll of another worker takes
/// them.
package struct CreatorLeases: Sendable {
    private let session: PostgresSession

    /// Connects and brings the schema up to date (the events table and this one share it).
    package static func open(_ address: PostgresAddress, logger: Logger) async throws(EventStoreError) -> CreatorLeases
    {
        let session = try await PostgresSession.connect(address, logger: logger)
        return CreatorLeases(session: session)
    }

    private init(session: PostgresSession) {
        self.session = session
    }

    package func close() async {
        await session.close()
    }

    // MARK: - Managing the list

    /// Adds creators (without `@`); those already there are left as they are. Returns how many were new.
    package func add(_ uniqueIds: [String]) async throws -> Int {
        try await session.run { connection, logger in
            let rows = try await connection.query(
                """
                INSERT INTO live_creators (unique_id) SELECT * FROM unnest(\(uniqueIds)::text[])
                ON CONFLICT (unique_id) DO NOTHING RETURNING unique_id
                """, logger: logger)
            return try await rows.collect().count
        }
    }

    /// Removes creators; a worker watching one stops at its next renewal. Returns how many were there.
    package func remove(_ uniqueIds: [String]) async throws -> Int {
        try await session.run { connection, logger in
            let rows = try await connection.query(
                "DELETE FROM live_creators WHERE unique_id = ANY(\(uniqueIds)::text[]) RETURNING unique_id",
                logger: logger)
            return try await rows.collect().count
        }
    }

    /// One creator as `fleet list` shows it.
    package struct Creator: Sendable, Equatable {
        package var uniqueId: String
        /// The worker watching it, while its lease runs.
        package var leasedBy: String?
        /// Seconds until it is next checked, when it is waiting (offline, or just freed).
        package var nextCheckIn: Int
        package var offlineChecks: Int
        package var lastError: String?
    }

    package func list() async throws -> [Creator] {
        try await session.run { connection, logger in
            let rows = try await connection.query(
                """
                SELECT unique_id, CASE WHEN lease_expires_at > now() THEN leased_by END,
                       greatest(0, ceil(extract(epoch FROM next_check_at - now())))::bigint, offline_checks, last_error
                FROM live_creators ORDER BY unique_id
                """, logger: logger)
            var creators: [Creator] = []
            for try await (uniqueId, leasedBy, nextCheck, offline, error) in rows.decode(
                (String, String?, Int64, Int32, String?).self)
            {
                creators.append(
                    Creator(
                        uniqueId: uniqueId, leasedBy: leasedBy, nextCheckIn: Int(nextCheck),
                        offlineChecks: Int(offline), lastError: error))
            }
            return creators
        }
    }

    // MARK: - Leases

    /// Leases up to `limit` creators that are due and free (never leased, or their lease expired) to `worker`.
    package func acquire(worker: String, limit: Int, lease: Duration) async throws -> [String] {
        guard limit > 0 else { return [] }
        let seconds = Self.seconds(lease)
        return try await session.run { connection, logger in
            let rows = try await connection.query(
                """
                UPDATE live_creators SET leased_by = \(worker),
                    lease_expires_at = now() + make_interval(secs => \(seconds))
                WHERE unique_id IN (
                    SELECT unique_id FROM live_creators
                    WHERE (lease_expires_at IS NULL OR lease_expires_at < now()) AND next_check_at <= now()
                    ORDER BY next_check_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING unique_id
                """, logger: logger)
            var leased: [String] = []
            for try await uniqueId in rows.decode(String.self) { leased.append(uniqueId) }
            return leased
        }
    }

    /// Extends `worker`'s leases on these creators; returns those it still holds (a removed creator, or one whose
    /// lease expired and went to another worker, is missing: stop watching it).
    package func renew(worker: String, _ uniqueIds: [String], lease: Duration) async throws -> Set<String> {
        guard !uniqueIds.isEmpty else { return [] }
        let seconds = Self.seconds(lease)
        return try await session.run { connection, logger in
            let rows = try await connection.query(
                """
                UPDATE live_creators SET lease_expires_at = now() + make_interval(secs => \(seconds))
                WHERE leased_by = \(worker) AND unique_id = ANY(\(uniqueIds)::text[])
                RETURNING unique_id
                """, logger: logger)
            var held: Set<String> = []
            for try await uniqueId in rows.decode(String.self) { held.insert(uniqueId) }
            return held
        }
    }

    /// Why a worker gives a creator back.
    package enum Release: Sendable {
        /// Not live (or the stream ended): check again after a backoff that doubles with each offline check.
        case offline(error: String?, base: Duration, cap: Duration)
        /// This worker is stopping: free at once for the others.
        case handOver
    }

    package func release(worker: String, _ uniqueId: String, _ release: Release) async throws {
        _ = try await session.run { connection, logger in
            switch release {
            case .offline(let error, let base, let cap):
                try await connection.query(
                    """
                    UPDATE live_creators SET leased_by = NULL, lease_expires_at = NULL,
                        next_check_at = now() + make_interval(
                            secs => least(\(Self.seconds(cap)), \(Self.seconds(base)) * power(2, least(offline_checks, 30)))),
                        offline_checks = offline_checks + 1, last_error = \(error)
                    WHERE unique_id = \(uniqueId) AND leased_by = \(worker)
                    """, logger: logger)
            case .handOver:
                try await connection.query(
                    """
                    UPDATE live_creators SET leased_by = NULL, lease_expires_at = NULL, next_check_at = now()
                    WHERE unique_id = \(uniqueId) AND leased_by = \(worker)
                    """, logger: logger)
            }
        }
    }

    /// Marks a creator as live again (resets its offline backoff) once its room connected.
    package func markLive(worker: String, _ uniqueId: String) async throws {
        _ = try await session.run { connection, logger in
            try await connection.query(
                """
                UPDATE live_creators SET offline_checks = 0, last_error = NULL
                WHERE unique_id = \(uniqueId) AND leased_by = \(worker)
                """, logger: logger)
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
