import Foundation
import GRDB
import Logging
import PostgresNIO
import SQLiteNIO
import TikTokLiveEvents
import TikTokLiveStore

// Events stored per second from one process, on busy-room traffic (../shared/bench/busy-room.bin):
//   (1) the SQLite library choice, on equal footing: the same rows inserted in 500-row transactions by GRDB (one
//       cached statement per row) and by sqlite-nio (one multi-row INSERT per batch, and one INSERT per row);
//   (2) EventStore end to end (JSON encoding, the queue, batching) into SQLite and into PostgreSQL, with the reader
//       blocked whenever the queue is full: the rate the reader sees is the store's, and the queue never passes its
//       bound.
// Run: swift run -c release --package-path Benchmarks store-bench [--capture PATH] [--postgres URL] [--passes N]

var capturePath = "../shared/bench/busy-room.bin"
var postgresURL = ProcessInfo.processInfo.environment["TIKTOK_LIVE_TEST_POSTGRES_URL"]
var passes = 3
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--capture": capturePath = arguments.next() ?? capturePath
    case "--postgres": postgresURL = arguments.next()
    case "--passes": passes = arguments.next().flatMap(Int.init) ?? passes
    default:
        FileHandle.standardError.write(Data("usage: store-bench [--capture PATH] [--postgres URL] [--passes N]\n".utf8))
        exit(2)
    }
}

// The capture's events, de-duplicated as `replay` does.
guard let handle = FileHandle(forReadingAtPath: capturePath) else {
    FileHandle.standardError.write(Data("cannot open \(capturePath)\n".utf8))
    exit(3)
}
var reader = CaptureReader(handle: handle)
var decoder = FrameDecoder()
var deduplicator = MessageDeduplicator()
var events: [LiveEvent] = []
while case .frame(let bytes, _)? = try reader.next() {
    for event in (try? decoder.decode(bytes).events) ?? [] where event.isWireEvent && deduplicator.insert(event) {
        events.append(event)
    }
}
let allEvents = events
print(
    "== \(allEvents.count) events from \(capturePath); best of \(passes) passes; \(ProcessInfo.processInfo.activeProcessorCount) cores"
)

/// The same columns for both SQLite libraries (user columns left NULL: the comparison is of the libraries).
struct RawRow: Sendable {
    var roomId: String
    var msgId: String
    var event: String
    var createdAt: Int64
    var json: String
}
let encoder = EventJSONEncoder()
let rawRows = allEvents.map { event in
    let base = event.wireBase!
    return RawRow(
        roomId: base.roomId, msgId: base.msgId, event: event.name, createdAt: base.timestamp,
        json: encoder.line(for: event))
}
let batchSize = 500
let insertColumns = "INSERT INTO live_events (room_id, msg_id, event, created_at, received_at, data) VALUES "

@MainActor func freshSQLiteFile() async throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString).db").path
    // The store's own schema (tables, indexes, WAL), so that every contender writes into the same thing.
    try await EventStore.open(.sqlite(path: path)).close()
    return path
}

@MainActor func best(_ label: String, _ body: () async throws -> Double) async rethrows {
    var rates: [Double] = []
    for _ in 0..<passes { rates.append(try await body()) }
    let shown = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
    print(String(format: "%-58@ %9.0f events/s   (passes: %@)", label as NSString, rates.max() ?? 0, shown))
}

@MainActor func rate(_ count: Int, since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

@MainActor func peakRSSMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

print("-- (1) SQLite libraries, raw inserts of the same rows, \(batchSize) per transaction")
try await best("GRDB 7.10.0, cached statement per row") {
    let pool = try DatabasePool(path: try await freshSQLiteFile())
    let start = ContinuousClock.now
    for batch in stride(from: 0, to: rawRows.count, by: batchSize) {
        let rows = Array(rawRows[batch..<min(batch + batchSize, rawRows.count)])
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: insertColumns + "(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
            for row in rows {
                statement.setUncheckedArguments([
                    row.roomId, row.msgId, row.event, row.createdAt, row.createdAt, row.json,
                ])
                try statement.execute()
            }
        }
    }
    let result = rate(rawRows.count, since: start)
    try pool.close()
    return result
}

@MainActor func sqliteNIO(multiRow: Bool) async throws -> Double {
    let path = try await freshSQLiteFile()
    let connection = try await SQLiteConnection.open(storage: .file(path: path))
    _ = try await connection.query("PRAGMA synchronous = NORMAL", [])
    let start = ContinuousClock.now
    for batch in stride(from: 0, to: rawRows.count, by: batchSize) {
        let rows = rawRows[batch..<min(batch + batchSize, rawRows.count)]
        _ = try await connection.query("BEGIN", [])
        if multiRow {
            let placeholders = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * 6)
            for row in rows {
                binds += [
                    .text(row.roomId), .text(row.msgId), .text(row.event), .integer(Int(row.createdAt)),
                    .integer(Int(row.createdAt)), .text(row.json),
                ]
            }
            _ = try await connection.query(insertColumns + placeholders + " ON CONFLICT DO NOTHING", binds)
        } else {
            for row in rows {
                _ = try await connection.query(
                    insertColumns + "(?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        .text(row.roomId), .text(row.msgId), .text(row.event), .integer(Int(row.createdAt)),
                        .integer(Int(row.createdAt)), .text(row.json),
                    ])
            }
        }
        _ = try await connection.query("COMMIT", [])
    }
    let result = rate(rawRows.count, since: start)
    try await connection.close()
    return result
}
try await best("sqlite-nio 1.13.2, one multi-row INSERT per batch") { try await sqliteNIO(multiRow: true) }
try await best("sqlite-nio 1.13.2, one INSERT per row") { try await sqliteNIO(multiRow: false) }

print(
    "-- (2) EventStore end to end: store(_:) from one reader, then close(); queue \(EventStore.Configuration().queueCapacity), batch \(EventStore.Configuration().batchSize)"
)
@MainActor func throughStore(_ location: StoreLocation) async throws -> Double {
    let store = try await EventStore.open(location)
    var highestQueued = 0
    let start = ContinuousClock.now
    for (index, event) in allEvents.enumerated() {
        try await store.store(event)
        if index % 256 == 0 { highestQueued = max(highestQueued, store.statistics.queued) }
    }
    try await store.close()
    let result = rate(allEvents.count, since: start)
    let statistics = store.statistics
    precondition(statistics.stored + statistics.duplicates == allEvents.count, "every event is accounted for")
    print(
        "   stored \(statistics.stored), queue high-water \(highestQueued) (bound \(EventStore.Configuration().queueCapacity))"
    )
    return result
}
try await best("EventStore → SQLite (GRDB), JSON encoding included") {
    try await throughStore(
        .sqlite(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString).db")
                .path))
}

if let postgresURL {
    let base = try PostgresAddress(parsing: postgresURL)
    try await best("EventStore → PostgreSQL 1 connection, JSON encoding included") {
        // A database of its own per pass, so that every pass inserts into empty tables.
        var address = base
        address.database = "store_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let logger = Logger(label: "store-bench")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: base.host, port: base.port, username: base.username, password: base.password,
                database: base.database, tls: .disable),
            id: 1, logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(address.database)"), logger: logger)
        try await connection.close()
        return try await throughStore(.postgres(address))
    }
} else {
    print("(PostgreSQL skipped: pass --postgres URL or set TIKTOK_LIVE_TEST_POSTGRES_URL)")
}
print(String(format: "peak RSS: %.0f MiB (the decoded capture held in memory included)", peakRSSMiB()))
