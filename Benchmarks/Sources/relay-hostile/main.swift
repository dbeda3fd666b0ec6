import Foundation
import NIOCore
import NIOPosix
import RelayBenchSupport
import TikTokLiveRelay
import TikTokLiveTesting

// Hostile connections against the relay's timeouts and limits: CONNECTIONS sockets that never become WebSockets
// (idle; a request cut after its headers began; a slow drip of one byte every 400 ms; garbage; an HTTP/2 preface; a
// 100 KB header; a 1 MB URL), opened from four loopback addresses (127.0.0.2-5) so that the per-address cap does not
// refuse them all, while `GET /health` is asked every 20 ms from 127.0.0.1. The relay runs in a child process with
// the default timeouts (request and idle 5 s) and limits, except MAX_PENDING. The prober has an event loop of its own
// and times each request on it, so that what it reports is the relay, not this process busy with the attack.
//
//   swift run -c release --package-path Benchmarks relay-hostile [CONNECTIONS] [MAX_PENDING]    (400, 256)
//
// Prints, per kind, how each connection ended (status answered, or closed without one) and after how long; and the
// /health latencies and statuses while they were open. Passes (exit 0) when every hostile connection was closed
// within its timeout plus one second and every /health answered within 100 ms.

let arguments = CommandLine.arguments
if arguments.count > 1 && arguments[1] == "server" {
    let maxPending = arguments.count > 4 ? Int(arguments[4]) ?? 256 : 256
    try await RelayChild.serve(RelayServer.Configuration(port: 0, maxPendingConnections: maxPending))
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let connections = arguments.count > 1 ? Int(arguments[1]) ?? 400 : 400
let maxPending = arguments.count > 2 ? Int(arguments[2]) ?? 256 : 256
let defaults = RelayServer.Configuration()
let group = MultiThreadedEventLoopGroup.singleton

/// A kind of hostile client: what it sends after connecting, and when the relay should have closed it at the latest.
struct Kind: Sendable {
    var name: String
    /// Chunks of bytes and the pause before each.
    var script: [(pause: Duration, bytes: [UInt8])]
    var deadline: Duration
}

let slack = Duration.seconds(1)
let kinds: [Kind] = [
    Kind(name: "idle", script: [], deadline: defaults.idleTimeout + slack),
    Kind(
        name: "half-sent", script: [(.zero, Array("GET /?uniqueId=x HTTP/1.1\r\nHost: relay\r\nX-Pad: ".utf8))],
        deadline: defaults.requestTimeout + slack),
    Kind(
        name: "drip",
        script: Array("GET /health HTTP/1.1\r\nHost: relay\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8).map {
            (.milliseconds(400), [$0])
        },
        // The request timer starts at the first byte, sent after the first pause.
        deadline: .milliseconds(400) + defaults.requestTimeout + slack),
    Kind(
        name: "garbage", script: [(.zero, Array("\u{0}\u{ff}\u{fe}not http at all\r\n\r\n".utf8))],
        deadline: slack),
    Kind(name: "h2-preface", script: [(.zero, Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8))], deadline: slack),
    Kind(
        name: "100KB-header",
        script: [
            (.zero, Array(("GET / HTTP/1.1\r\nHost: relay\r\nX-Big: " + String(repeating: "a", count: 100_000)).utf8))
        ],
        deadline: defaults.requestTimeout + slack),
    Kind(
        name: "1MB-url",
        script: [(.zero, Array(("GET /?" + String(repeating: "b", count: 1_000_000) + " HTTP/1.1\r\n").utf8))],
        deadline: defaults.requestTimeout + slack),
]

/// What a connection saw: the first line of an answer, and when it was closed.
final class Outcome: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let opened = ContinuousClock.now
    let lock = NSLock()
    var received: [UInt8] = []
    var closedAfter: Duration?
    let closed: EventLoopPromise<Void>

    init(closed: EventLoopPromise<Void>) { self.closed = closed }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        lock.withLock { if received.count < 512 { received += buffer.readableBytesView.prefix(512) } }
    }

    func channelInactive(context: ChannelHandlerContext) {
        lock.withLock { closedAfter = ContinuousClock.now - opened }
        closed.succeed(())
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    var status: String {
        lock.withLock {
            let line = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
            return line.hasPrefix("HTTP/1.1 ") ? String(line.dropFirst(9).prefix(3)) : (line.isEmpty ? "none" : "?")
        }
    }
}

func open(port: Int, from address: String, on loop: any EventLoop = group.any()) async throws -> (any Channel, Outcome)
{
    let outcome = Outcome(closed: loop.makePromise())
    let channel = try await ClientBootstrap(group: loop)
        .bind(to: try SocketAddress(ipAddress: address, port: 0))
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(outcome) }
        }
        .connect(host: "127.0.0.1", port: port).get()
    return (channel, outcome)
}

/// The /health prober's own event loop: on the hostile clients' loops, its replies would wait behind their 60 MB of
/// writes in this process, and the benchmark would time itself rather than the relay.
let probeLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1).next()

/// `GET /health` on a fresh connection: the status and how long until the whole answer was in, timed on the probe's
/// event loop from before the connect to the close (not after the hop back to a task, which the hostile clients'
/// tasks delay).
func health(port: Int) async -> (status: String, latency: Duration, at: ContinuousClock.Instant) {
    let started = ContinuousClock.now
    do {
        let (channel, outcome) = try await open(port: port, from: "127.0.0.1", on: probeLoop)
        channel.writeAndFlush(
            ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n"), promise: nil)
        try await outcome.closed.futureResult.get()
        return (outcome.status, outcome.lock.withLock { outcome.closedAfter } ?? ContinuousClock.now - started, started)
    } catch {
        return ("error", ContinuousClock.now - started, started)
    }
}

let edge = try await FakeTikTokEdge.start(rooms: [])
let child = try RelayChild.start([edge.webURL.absoluteString, edge.wsURL.absoluteString, "\(maxPending)"])
let port = child.port
say(
    "relay pid \(child.pid) on port \(port): \(connections) hostile connections, maxPendingConnections \(maxPending), "
        + "maxConnectionsPerAddress \(defaults.maxConnectionsPerAddress), request/idle timeout \(defaults.requestTimeout)/\(defaults.idleTimeout)"
)

let baseline = await health(port: port)
say("/health before: \(baseline.status) in \(baseline.latency)")

let healthTask = Task { () -> [(status: String, latency: Duration, at: ContinuousClock.Instant)] in
    var results: [(status: String, latency: Duration, at: ContinuousClock.Instant)] = []
    while !Task.isCancelled {
        results.append(await health(port: port))
        try? await Task.sleep(for: .milliseconds(20))
    }
    return results
}

let started = ContinuousClock.now
let opened = try await withThrowingTaskGroup(of: (Int, Outcome)?.self) { tasks in
    for index in 0..<connections {
        tasks.addTask {
            let kind = kinds[index % kinds.count]
            guard let (channel, outcome) = try? await open(port: port, from: "127.0.0.\(2 + index % 4)") else {
                return nil
            }
            // One the relay never closes is closed here at 30 s, and counts as late.
            channel.eventLoop.scheduleTask(in: .seconds(30)) { channel.close(promise: nil) }
            for (pause, bytes) in kind.script {
                if pause > .zero { try? await Task.sleep(for: pause) }
                guard channel.isActive else { break }
                try? await channel.writeAndFlush(ByteBuffer(bytes: bytes))
            }
            // Closed by the relay, or given up on well past any deadline.
            _ = try? await outcome.closed.futureResult.get()
            return (index % kinds.count, outcome)
        }
    }
    var all: [(Int, Outcome)] = []
    for try await result in tasks { if let result { all.append(result) } }
    return all
}
healthTask.cancel()
let healthResults = await healthTask.value
say(
    "all \(opened.count) of \(connections) hostile connections closed by the relay after \(ContinuousClock.now - started)"
)

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

var passed = opened.count == connections
for (kindIndex, kind) in kinds.enumerated() {
    let outcomes = opened.filter { $0.0 == kindIndex }.map(\.1)
    let times = outcomes.compactMap(\.closedAfter).map(milliseconds).sorted()
    var statuses: [String: Int] = [:]
    for outcome in outcomes { statuses[outcome.status, default: 0] += 1 }
    let late = times.filter { $0 > milliseconds(kind.deadline) }.count
    if late > 0 { passed = false }
    say(
        String(
            format:
                "%-13@ %3d connections, closed after min %6.0f ms, median %6.0f ms, max %6.0f ms (deadline %5.0f ms, %d late); answers %@",
            kind.name as NSString, outcomes.count, times.first ?? 0, times.isEmpty ? 0 : times[times.count / 2],
            times.last ?? 0,
            milliseconds(kind.deadline), late,
            statuses.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ") as NSString))
}

for result in healthResults.sorted(by: { $0.latency > $1.latency }).prefix(3) {
    say("slow /health: \(result.latency), \(result.at - started) after the hostile start")
}
let latencies = healthResults.map { milliseconds($0.latency) }.sorted()
var healthStatuses: [String: Int] = [:]
for result in healthResults { healthStatuses[result.status, default: 0] += 1 }
let slow = latencies.filter { $0 > 100 }.count
if slow > 0 || healthStatuses.keys.contains(where: { $0 != "200" }) { passed = false }
say(
    String(
        format: "/health under load: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d over 100 ms; statuses %@",
        latencies.count, latencies.isEmpty ? 0 : latencies[latencies.count / 2],
        latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, latencies.count * 99 / 100)], latencies.last ?? 0,
        slow,
        healthStatuses.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ") as NSString))

try child.stop()
try await edge.shutdown()
say(passed ? "PASS" : "FAIL")
exit(passed ? 0 : 1)
