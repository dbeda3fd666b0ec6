import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing
import TikTokLiveEvents
import TikTokLiveStore
import TikTokLiveTestSupport

/// The repository's root, for the sample capture and the scripts.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The sample capture's events, de-duplicated as `replay` prints them: real-shaped traffic without a network.
let sampleEvents: [LiveEvent] = {
    let handle = FileHandle(forReadingAtPath: repositoryRoot.appendingPathComponent("Captures/sample-room.bin").path)!
    var reader = CaptureReader(handle: handle)
    var decoder = FrameDecoder()
    var deduplicator = MessageDeduplicator()
    var events: [LiveEvent] = []
    while case .frame(let bytes, _)? = try? reader.next() {
        for event in (try? decoder.decode(bytes).events) ?? [] where deduplicator.insert(event) {
            events.append(event)
        }
    }
    return events
}()

/// A path in a fresh temporary directory.
func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// Rows of `live_events` in an SQLite file, read with GRDB directly (not through the store).
func sqliteRows(_ path: String) throws -> [Row] {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM live_events ORDER BY id") }
}

/// The PostgreSQL server .ci/run (or `Scripts/postgres-dev.sh start`) started. Without one, the PostgreSQL tests
/// are skipped on a developer's machine and fail under CI=true, so CI can never pass them by not running them.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["TIKTOK_LIVE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let enabled = url != nil || environment["CI"] == "true"

    static func baseAddress() throws -> PostgresAddress {
        let url = try #require(
            url,
            "CI=true but TIKTOK_LIVE_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL with Scripts/postgres-dev.sh"
        )
        return try PostgresAddress(parsing: url)
    }

    /// A database of its own for one test, on the test server: tests run in parallel.
    static func freshDatabase() async throws -> PostgresAddress {
        try await freshDatabase(on: try baseAddress())
    }

    static func freshDatabase(on base: PostgresAddress) async throws -> PostgresAddress {
        var address = base
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        address.database = name
        try await run(on: base) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return address
    }

    /// One statement's rows on a connection of its own.
    @discardableResult
    static func run<Value: Sendable>(
        on address: PostgresAddress, _ body: @Sendable (PostgresConnection, Logger) async throws -> sending Value
    ) async throws -> Value {
        let session = PostgresSession(address: address)
        do {
            let value = try await session.run(body)
            await session.close()
            return value
        } catch {
            await session.close()
            throw error
        }
    }

    static func count(_ address: PostgresAddress, _ sql: String = "SELECT count(*) FROM live_events") async throws
        -> Int
    {
        try await run(on: address) { connection, logger in
            var count = 0
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
                Int64.self)
            {
                count = Int(value)
            }
            return count
        }
    }
}

/// A PostgreSQL server of a test's own (for stopping it under a running store), by the developers' script.
struct PrivatePostgres {
    let directory: String
    let address: PostgresAddress

    static func start() async throws -> PrivatePostgres {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)").path
        try await script("start", directory)
        // The script keeps the port in DIR/port (a restart in DIR reuses it).
        let port = try String(contentsOfFile: directory + "/port", encoding: .utf8)
        return PrivatePostgres(
            directory: directory,
            address: try PostgresAddress(
                parsing:
                    "postgres://postgres@127.0.0.1:\(port.trimmingCharacters(in: .whitespacesAndNewlines))/tiktok_live_test"
            ))
    }

    /// Starts it again after ``stop()``, on the same port.
    func start() async throws { try await Self.script("start", directory) }
    func stop() async throws { try await Self.script("stop", directory) }

    /// Stops it for good and removes its data.
    func discard() async throws {
        try await stop()
        try FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the script on a thread of its own (it blocks for seconds), its output to /dev/null, and waits for it with
    /// `waitpid`: the server it starts outlives it, and must not hold anything the test waits on.
    static func script(_ command: String, _ directory: String) async throws {
        let arguments = [
            "/bin/bash", repositoryRoot.appendingPathComponent("Scripts/postgres-dev.sh").path, command, directory,
        ]
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread {
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                for descriptor in Int32(0)...2 {
                    posix_spawn_file_actions_addopen(
                        &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
                }
                var argv = arguments.map { strdup($0) } + [nil]
                defer { for pointer in argv { free(pointer) } }
                var pid = pid_t()
                guard posix_spawn(&pid, "/bin/bash", &actions, nil, &argv, environ) == 0 else {
                    continuation.resume(returning: -1)
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: status)
            }.start()
        }
        guard status == 0 else {
            throw ScriptFailed(message: "Scripts/postgres-dev.sh \(command) \(directory) exited with status \(status)")
        }
    }
}

struct ScriptFailed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs one statement on an SQLite file, with GRDB directly.
func sqliteExecute(_ path: String, _ sql: String) throws {
    try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
}
