/// The tables, one numbered step at a time. A database records the last step it ran in `live_schema`; opening
/// runs the steps it lacks and refuses a database whose number is higher than ``latestVersion`` (written by a newer
/// version of this project: downgrading it could lose data).
///
/// `live_events` (both databases):
///
/// | column | meaning |
/// |---|---|
/// | `id` | insertion order: a consumer that follows the table remembers the last `id` it read |
/// | `room_id` | the room's id (64-bit, as text) |
/// | `msg_id` | the wire message id (as text); `NULL` when the message carried none |
/// | `event` | the event's name: `chat`, `gift`, `like`, `join`, ... |
/// | `user_id`, `unique_id` | who did it (sender, gifter, liker, follower, ...), when the event is about one person |
/// | `created_at` | TikTok's create time, milliseconds since the epoch (else when it was received) |
/// | `received_at` | when this process received it, milliseconds since the epoch |
/// | `data` | the event as `--json` prints it, `{"type":...,"data":{...}}`: `jsonb` in PostgreSQL, text in SQLite |
///
/// Unique on (`room_id`, `msg_id`): a message delivered twice (a reconnect's replayed history, two workers, a
/// restart re-sending its last batch) is kept once. Indexed for a room's events by time, a user's events and
/// events by name.
///
/// `live_creators` (PostgreSQL, for `fleet`): one row per creator to watch, with its lease (`leased_by`,
/// `lease_expires_at`) and when it is next checked (`next_check_at`, pushed back while the creator is offline).
package enum EventSchema {
    package static let latestVersion = 1

    package enum Dialect: Sendable {
        case sqlite
        case postgres
    }

    /// The statements of step `version` (1-based) in this dialect.
    package static func steps(_ dialect: Dialect) -> [[String]] {
        switch dialect {
        case .sqlite: [sqliteVersion1]
        case .postgres: [postgresVersion1]
        }
    }

    package static let versionTable = "CREATE TABLE IF NOT EXISTS live_schema (version INTEGER NOT NULL)"

    package static func refusal(found: Int) -> EventStoreError {
        EventStoreError(
            .newerSchema,
            "the database's schema is version \(found), newer than this tiktok-live-events understands "
                + "(\(latestVersion)): upgrade tiktok-live-events, or use another database")
    }

    private static let indexes = [
        "CREATE INDEX live_events_room_time ON live_events (room_id, created_at)",
        "CREATE INDEX live_events_user_time ON live_events (user_id, created_at) WHERE user_id IS NOT NULL",
        "CREATE INDEX live_events_event_time ON live_events (event, created_at)",
    ]

    private static let sqliteVersion1 =
        [
            """
            CREATE TABLE live_events (
                id INTEGER PRIMARY KEY,
                room_id TEXT NOT NULL,
                msg_id TEXT,
                event TEXT NOT NULL,
                user_id TEXT,
                unique_id TEXT,
                created_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (room_id, msg_id)
            )
            """
        ] + indexes

    private static let postgresVersion1 =
        [
            """
            CREATE TABLE live_events (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                room_id TEXT NOT NULL,
                msg_id TEXT,
                event TEXT NOT NULL,
                user_id TEXT,
                unique_id TEXT,
                created_at BIGINT NOT NULL,
                received_at BIGINT NOT NULL,
                data JSONB NOT NULL,
                UNIQUE (room_id, msg_id)
            )
            """
        ] + indexes + [
            """
            CREATE TABLE live_creators (
                unique_id TEXT PRIMARY KEY,
                added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                leased_by TEXT,
                lease_expires_at TIMESTAMPTZ,
                next_check_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                offline_checks INTEGER NOT NULL DEFAULT 0,
                last_error TEXT
            )
            """,
            "CREATE INDEX live_creators_due ON live_creators (next_check_at)",
        ]
}
