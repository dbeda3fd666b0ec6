import Foundation
import Logging
import PostgresNIO
import TikTokLiveTesting

// A fleet on the fake edge: W worker processes (the release CLI's `fleet`) share C creators through PostgreSQL; one
// worker is killed with SIGKILL mid-run. Measured: how long until its rooms are watched again, events the edge sent
// that were never stored (lost) and rows stored twice, and each worker's RSS.
// Run: swift run -c release --package-path Benchmarks fleet-bench --cli .build/release/tiktok-live-events
//      [--postgres URL] [--workers 3] [--creators 300] [--lease-seconds 5] [--seconds 20]

var cli = "Benchmarks/.build/release/tiktok-live-events"
var postgresURL = ProcessInfo.processInfo.environment["TIKTOK_LIVE_TEST_POSTGRES_URL"]
var workerCount = 3
var creatorCount = 300
var leaseSeconds = 5.0
var runSeconds = 20.0
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--cli": cli = arguments.next() ?? cli
    case "--postgres": postgresURL = arguments.next()
    case "--workers": workerCount = arguments.next().flatMap(Int.init) ?? workerCount
    case "--creators": creatorCount = arguments.next().flatMap(Int.init) ?? creatorCount
    case "--lease-seconds": leaseSeconds = arguments.next().flatMap(Double.init) ?? leaseSeconds
    case "--seconds": runSeconds = arguments.next().flatMap(Double.init) ?? runSeconds
    default:
        print(
            "usage: fleet-bench [--cli PATH] [--postgres URL] [--workers N] [--creators N] [--lease-seconds S] [--seconds S]"
        )
        exit(2)
    }
}
guard let postgresURL, let base = URLComponents(string: postgresURL), let host = base.host, let user = base.user else {
    print("fleet-bench needs PostgreSQL: --postgres URL, or eval \"$(Scripts/postgres-dev.sh start)\"")
    exit(2)
}

// Rooms: each sends one frame of 5 chats a second, frames spread over the second; ids move on with every pass.
let viewer = FakeUser(id: 6_800_000_000_000_000_001, uniqueId: "viewer", nickname: "Viewer")
@MainActor func room(_ index: Int, sending: Bool) -> FakeRoom {
    let roomId = 7_200_000_000_000_000_000 + Int64(index)
    var room = FakeRoom(
        uniqueId: "fleet_creator_\(index)", roomId: roomId, hostUserId: 6_900_000_000_000_000_000 + Int64(index),
        nickname: "Creator \(index)")
    guard sending else { return room }
    let messages = (0..<5).map {
        FakeMessage.chat(
            msgId: 7_400_000_000_000_000_000 + Int64(index) * 1_000 + Int64($0), roomId: roomId, user: viewer,
            text: "chat \($0) in room \(index)")
    }
    let offset = 1_000 * index / creatorCount
    room.script = [.wait(milliseconds: offset), .batch(messages), .wait(milliseconds: 1_000 - offset)]
    room.loopScript = true
    return room
}
let edge = try await FakeTikTokEdge.start(rooms: (0..<creatorCount).map { room($0, sending: true) })

// A database of its own.
let logger = Logger(label: "fleet-bench")
@MainActor func connect(_ database: String) async throws -> PostgresConnection {
    try await PostgresConnection.connect(
        configuration: .init(
            host: host, port: base.port ?? 5432, username: user, password: base.password, database: database,
            tls: .disable),
        id: 1, logger: logger)
}
let database = "fleet_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
let admin = try await connect(String(base.path.dropFirst()))
try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database)"), logger: logger)
try await admin.closeGracefully()
var fleetURL = base
fleetURL.path = "/" + database
let url = fleetURL.string!

@MainActor func runCLI(_ arguments: [String], wait: Bool) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cli)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    if wait { process.waitUntilExit() }
    return process
}
_ = try runCLI(["fleet", "add", "--postgres", url] + (0..<creatorCount).map { "fleet_creator_\($0)" }, wait: true)

let db = try await connect(database)
@MainActor func scalar(_ sql: String) async throws -> Int {
    var value = 0
    for try await row in try await db.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) {
        value = Int(row)
    }
    return value
}
@MainActor func leased(by worker: String) async throws -> Set<String> {
    var names: Set<String> = []
    let rows = try await db.query(
        "SELECT unique_id FROM live_creators WHERE leased_by = \(worker) AND lease_expires_at > now()", logger: logger)
    for try await name in rows.decode(String.self) { names.insert(name) }
    return names
}
@MainActor func rssMiB(_ pid: Int32) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

let maxRooms = (creatorCount + workerCount - 2) / (workerCount - 1)  // the survivors can hold every room
let workers = try (0..<workerCount).map { index in
    try runCLI(
        [
            "fleet", "--postgres", url, "--max-rooms", "\(maxRooms)", "--lease-seconds", "\(leaseSeconds)",
            "--poll-seconds", "\(leaseSeconds / 5)", "--metrics-port", "0", "--worker-id", "worker_\(index)",
            "--web-url", edge.webURL.absoluteString, "--webcast-url", edge.webcastURL.absoluteString, "--ws-url",
            edge.wsURL.absoluteString,
        ], wait: false)
}
print("== \(workerCount) workers (max \(maxRooms) rooms each), \(creatorCount) creators, lease \(leaseSeconds) s")
let start = ContinuousClock.now
while try await scalar("SELECT count(*) FROM live_creators WHERE lease_expires_at > now()") < creatorCount {
    try await Task.sleep(for: .milliseconds(100))
}
print("all \(creatorCount) creators leased after \(ContinuousClock.now - start)")
try await Task.sleep(for: .seconds(runSeconds / 2))
let rssBefore = workers.map { rssMiB($0.processIdentifier) }
let victim = try await leased(by: "worker_0")
kill(workers[0].processIdentifier, SIGKILL)
let killedAt = ContinuousClock.now
print("killed worker_0 (SIGKILL) holding \(victim.count) creators")
var retaken = 0
while retaken < victim.count {
    var held: Set<String> = []
    for index in 1..<workerCount { held.formUnion(try await leased(by: "worker_\(index)")) }
    retaken = victim.intersection(held).count
    if retaken < victim.count { try await Task.sleep(for: .milliseconds(50)) }
}
let takeover = ContinuousClock.now - killedAt
print("its rooms watched again by the others after \(takeover) (lease \(leaseSeconds) s + one poll)")
try await Task.sleep(for: .seconds(runSeconds / 2))

// Quiet: stop sending, give the stores time to write (their flush interval), then count.
for index in 0..<creatorCount { edge.add(room(index, sending: false)) }
let sent = Set(edge.sentMessageIds)
var stored = 0
for _ in 0..<50 {
    try await Task.sleep(for: .milliseconds(200))
    let now = try await scalar("SELECT count(*) FROM live_events")
    if now == stored { break }
    stored = now
}
let distinct = try await scalar("SELECT count(DISTINCT (room_id, msg_id)) FROM live_events")
var storedIds: Set<Int64> = []
for try await id in try await db.query("SELECT msg_id::bigint FROM live_events", logger: logger).decode(Int64.self) {
    storedIds.insert(id)
}
let lost = sent.subtracting(storedIds).count
print("edge sent \(sent.count) messages; stored \(stored) rows, \(stored - distinct) stored twice, \(lost) lost")
print("RSS per worker before the kill: " + rssBefore.map { String(format: "%.0f MiB", $0) }.joined(separator: ", "))
for worker in workers.dropFirst() { kill(worker.processIdentifier, SIGTERM) }
for worker in workers.dropFirst() { worker.waitUntilExit() }
try await db.closeGracefully()
try await edge.shutdown()
