import Foundation
import NIOCore
import NIOPosix
import RelayBenchSupport
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTesting
import WebSocketKit

// Relay memory and fan-out, measured from outside: the relay runs in a child process (this executable with
// `server`), so its RSS holds nothing but the relay; the fake edge and the clients run here.
//
//   swift run -c release --package-path Benchmarks relay-bench [IDLE_CLIENTS] [CREATORS] [FANOUT_CLIENTS] [EVENTS]
//
// Prints: RSS per idle client, per creator (one upstream session, one client), and fan-out events/s (one creator,
// FANOUT_CLIENTS clients, EVENTS chat events pushed as fast as the edge sends them).

let arguments = CommandLine.arguments

if arguments.count > 1 && arguments[1] == "server" {
    // Child: a relay in front of the edge, until stdin closes.
    try await RelayChild.serve(
        RelayServer.Configuration(
            port: 0, gracePeriod: .seconds(600), clientQueueLimit: 1 << 20, maxClients: 100_000, maxCreators: 10_000,
            maxConnectionsPerAddress: 100_000, maxPendingConnections: 100_000))
}

func argument(_ index: Int, _ fallback: Int) -> Int {
    arguments.count > index ? Int(arguments[index]) ?? fallback : fallback
}
let idleClients = argument(1, 1_000)
let creators = argument(2, 100)
let fanoutClients = argument(3, 100)
let fanoutEvents = argument(4, 20_000)

final class Counter: @unchecked Sendable {
    private var value = 0
    private var greeted = false
    private let lock = NSLock()
    func add(_ text: String) {
        lock.withLock {
            if text.hasPrefix(#"{"event":"chat""#) {
                value += 1
            } else if text.hasPrefix(#"{"event":"roomInfo""#) {
                greeted = true
            }
        }
    }
    var count: Int { lock.withLock { value } }
    var isGreeted: Bool { lock.withLock { greeted } }
}

let group = MultiThreadedEventLoopGroup.singleton

/// A client that counts chat messages; returns once upgraded.
func connect(port: Int, uniqueId: String) async throws -> (WebSocket, Counter) {
    let counter = Counter()
    let promise = group.any().makePromise(of: WebSocket.self)
    WebSocket.connect(
        scheme: "ws", host: "127.0.0.1", port: port, path: "/", query: "uniqueId=\(uniqueId)",
        configuration: .init(maxFrameSize: 1 << 22), on: group
    ) { socket in
        socket.onText { _, text in counter.add(text) }
        promise.succeed(socket)
    }.whenFailure { promise.fail($0) }
    return (try await promise.futureResult.get(), counter)
}

func connectMany(_ count: Int, port: Int, uniqueId: (Int) -> String) async throws -> [(WebSocket, Counter)] {
    var result: [(WebSocket, Counter)] = []
    var start = 0
    while start < count {
        let end = min(start + 50, count)
        try await withThrowingTaskGroup(of: (WebSocket, Counter).self) { tasks in
            for index in start..<end {
                let name = uniqueId(index)
                tasks.addTask { try await connect(port: port, uniqueId: name) }
            }
            for try await client in tasks {
                result.append(client)
            }
        }
        start = end
    }
    return result
}

@MainActor
func waitUntil(_ what: String, timeout: Duration = .seconds(120), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw NSError(domain: "relay-bench: timed out: \(what)", code: 1) }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// RSS after the relay had a moment to settle (freed buffers returned, deferred work done).
func settledRSS(_ pid: Int32) async throws -> Int {
    try await Task.sleep(for: .seconds(1))
    return residentKiB(pid)
}

/// User plus system CPU time of a process, in seconds.
func cpuSeconds(_ pid: Int32) -> Double {
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    // Fields after the command (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
    let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let baseRoomId: Int64 = 7_000_000_000_000_000_000
let fan = FakeUser(id: 1, uniqueId: "fan", nickname: "Fan")
var rooms = [FakeRoom(uniqueId: "idle", roomId: baseRoomId, hostUserId: 1, nickname: "Idle")]
rooms.append(FakeRoom(uniqueId: "fanout", roomId: baseRoomId + 1, hostUserId: 1, nickname: "Fanout"))
for index in 0..<creators {
    rooms.append(FakeRoom(uniqueId: "c\(index)", roomId: baseRoomId + 10 + Int64(index), hostUserId: 1, nickname: "C"))
}
let edge = try await FakeTikTokEdge.start(rooms: rooms)

let child = try RelayChild.start([edge.webURL.absoluteString, edge.wsURL.absoluteString])
let port = child.port
let pid = child.pid
print("relay pid \(pid) on port \(port); \(ProcessInfo.processInfo.activeProcessorCount) cores")

// Warm-up: code paths, allocator arenas, the first session.
var keep = try await connectMany(10, port: port, uniqueId: { _ in "idle" })
try await waitUntil("warm-up greeting") { keep.allSatisfy { $0.1.isGreeted } }
let base = try await settledRSS(pid)
print("relay RSS after warm-up (1 creator, 10 clients): \(base) KiB")

// Idle clients on one creator.
let idle = try await connectMany(idleClients, port: port, uniqueId: { _ in "idle" })
try await waitUntil("idle clients greeted") { idle.allSatisfy { $0.1.isGreeted } }
let afterIdle = try await settledRSS(pid)
let perClient = Double(afterIdle - base) / Double(idleClients)
print(String(format: "idle clients: %d -> +%d KiB, %.1f KiB per client", idleClients, afterIdle - base, perClient))
keep += idle

// Creators, one client each.
let perCreatorClients = try await connectMany(creators, port: port, uniqueId: { "c\($0)" })
try await waitUntil("creators connected") { perCreatorClients.allSatisfy { $0.1.isGreeted } }
let afterCreators = try await settledRSS(pid)
let perCreator = Double(afterCreators - afterIdle) / Double(creators) - perClient
print(
    String(
        format: "creators: %d (1 client each) -> +%d KiB, %.1f KiB per creator (client excluded)", creators,
        afterCreators - afterIdle, perCreator))
keep += perCreatorClients

// Fan-out: one creator, many clients, events as fast as the edge pushes them.
let fanout = try await connectMany(fanoutClients, port: port, uniqueId: { _ in "fanout" })
try await waitUntil("fan-out clients greeted") { fanout.allSatisfy { $0.1.isGreeted } }
let batchSize = 100
var steps: [FakeScriptStep] = []
for batch in 0..<(fanoutEvents / batchSize) {
    steps.append(
        .batch(
            (0..<batchSize).map {
                let id = Int64(batch * batchSize + $0 + 1)
                return .chat(msgId: id, roomId: baseRoomId + 1, user: fan, text: "message number \(id) in the fan-out")
            }))
}
let total = steps.count * batchSize
let started = ContinuousClock.now
let cpuBefore = cpuSeconds(pid)
_ = edge.append(steps, toRoom: baseRoomId + 1)
try await waitUntil("fan-out delivered", timeout: .seconds(600)) { fanout.allSatisfy { $0.1.count >= total } }
let elapsed = seconds(ContinuousClock.now - started)
let relayCPU = cpuSeconds(pid) - cpuBefore
print(
    String(
        format: "fan-out: %d events x %d clients in %.2f s: %.0f events/s per creator, %.0f messages/s delivered",
        total, fanoutClients, elapsed, Double(total) / elapsed, Double(total * fanoutClients) / elapsed))
print(
    String(
        format: "relay CPU during the fan-out: %.2f s = %.2f us per delivered message (%.0f messages/s per core); "
            + "the edge and the clients share the same 2 cores", relayCPU,
        relayCPU / Double(total * fanoutClients) * 1e6,
        Double(total * fanoutClients) / relayCPU))
print("relay RSS at the end: \(residentKiB(pid)) KiB")

try child.stop()
for (socket, _) in keep + fanout {
    _ = socket.close()
}
try await edge.shutdown()
