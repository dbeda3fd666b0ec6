import Foundation
import NIOCore
import NIOPosix
import RelayBenchSupport
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTesting
import WebSocketKit

// Does the relay give back what a WebSocket handshake costs? ROUNDS rounds of HANDSHAKES handshakes, half of them
// refused (no apiKey: close 4401, nothing upstream) and half accepted (a client of one creator whose upstream session
// stays open), each client closing at once; the relay's RSS after every round. The relay runs in a child process (this
// executable with `server`), so its RSS holds nothing but the relay.
//
//   swift run -c release --package-path Benchmarks relay-soak [ROUNDS] [HANDSHAKES]    (20 x 5000 by default)
//
// Passes (exit 0) when the RSS grew less than 5 MB from the end of the first round to the end of the last. Each round
// also reports glibc's live heap bytes (what objects still hold) beside the RSS, so that a leak (live bytes grow)
// tells itself apart from memory the allocator keeps (RSS grows, live bytes flat); at the end the allocator is asked
// to give its free memory back (malloc_trim), and the RSS after that is reported too. SOAK_TRIM=1 trims after every
// round. RELAY_CHILD_WRAPPER=heaptrack profiles the relay (RelayChild.swift).

let arguments = CommandLine.arguments
let token = "soak-token"

if arguments.count > 1 && arguments[1] == "server" {
    // Child: a relay in front of the edge, until stdin closes.
    try await RelayChild.serve(
        RelayServer.Configuration(
            port: 0, token: token, gracePeriod: .seconds(3_600), maxClients: 100_000, maxCreators: 10,
            maxConnectionsPerAddress: 100_000, maxPendingConnections: 100_000))
}

/// One line, written at once (`print` holds its lines back when stdout is a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let rounds = arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20
let handshakes = arguments.count > 2 ? Int(arguments[2]) ?? 5_000 : 5_000
let group = MultiThreadedEventLoopGroup.singleton

/// One handshake, then a close as soon as the relay said something (its greeting or its refusal), then the close
/// handshake to its end.
func handshake(port: Int, accepted: Bool) async throws {
    let closed = group.any().makePromise(of: Void.self)
    let query = "uniqueId=soak" + (accepted ? "&apiKey=\(token)" : "")
    WebSocket.connect(
        scheme: "ws", host: "127.0.0.1", port: port, path: "/", query: query,
        configuration: .init(maxFrameSize: 1 << 22), on: group
    ) { socket in
        socket.onText { socket, _ in _ = socket.close() }
        socket.onClose.whenComplete { _ in closed.succeed(()) }
    }.whenFailure { closed.fail($0) }
    try await closed.futureResult.get()
}

let edge = try await FakeTikTokEdge.start(rooms: [
    FakeRoom(uniqueId: "soak", roomId: 7_000_000_000_000_000_001, hostUserId: 1, nickname: "Soak")
])
let child = try RelayChild.start([edge.webURL.absoluteString, edge.wsURL.absoluteString])
let port = child.port
let pid = child.pid
say("relay pid \(pid) on port \(port); \(rounds) rounds of \(handshakes) handshakes (half refused, half accepted)")
let start = child.heap()
say("relay RSS at start: \(residentKiB(pid)) KiB, live heap \(start.liveBytes / 1024) KiB")
let trimEachRound = ProcessInfo.processInfo.environment["SOAK_TRIM"] == "1"

/// `+12` or `-3`.
func signed(_ value: Int) -> String { value >= 0 ? "+\(value)" : "\(value)" }

var afterFirst = 0
var last = 0
var liveAfterFirst = 0
var lastHeap = start
for round in 1...rounds {
    let started = ContinuousClock.now
    var done = 0
    while done < handshakes {
        let end = min(done + 50, handshakes)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for index in done..<end {
                tasks.addTask { try await handshake(port: port, accepted: index % 2 == 0) }
            }
            try await tasks.waitForAll()
        }
        done = end
    }
    // A moment for the relay to finish the closes it has begun.
    try await Task.sleep(for: .seconds(1))
    lastHeap = trimEachRound ? child.trimmedHeap() : child.heap()
    last = residentKiB(pid)
    if round == 1 {
        afterFirst = last
        liveAfterFirst = lastHeap.liveBytes / 1024
    }
    let elapsed = ContinuousClock.now - started
    say(
        "round \(round): RSS \(last) KiB (\(signed(last - afterFirst)) since round 1), live heap \(lastHeap.liveBytes / 1024) KiB "
            + "(\(signed(lastHeap.liveBytes / 1024 - liveAfterFirst))), allocator free \(lastHeap.freeBytes / 1024) KiB, \(elapsed)"
    )
}
let growth = last - afterFirst
let liveGrowth = lastHeap.liveBytes / 1024 - liveAfterFirst
let perHandshake = rounds > 1 ? Double(growth) * 1024 / Double((rounds - 1) * handshakes) : 0
let livePerHandshake = rounds > 1 ? Double(liveGrowth) * 1024 / Double((rounds - 1) * handshakes) : 0
say(String(format: "RSS growth after round 1: %d KiB (%.1f bytes per handshake)", growth, perHandshake))
say(String(format: "live heap growth after round 1: %d KiB (%.1f bytes per handshake)", liveGrowth, livePerHandshake))
let trimmed = child.trimmedHeap()
say(
    "after malloc_trim(0): RSS \(residentKiB(pid)) KiB, live heap \(trimmed.liveBytes / 1024) KiB, allocator free \(trimmed.freeBytes / 1024) KiB"
)

try child.stop()
try await edge.shutdown()
exit(growth < 5 * 1024 ? 0 : 1)
