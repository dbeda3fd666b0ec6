import Foundation
import TikTokLiveEvents

// N TikTok LIVE rooms watched by one process, against the fake edge on loopback: RSS per room, CPU, and how late
// events arrive, at a set aggregate event rate.
//
//   swift run -c release --package-path Benchmarks scale-bench [--rooms 1000] [--rate 10000] [--batch N]
//       [--warmup 10] [--duration 30]
//
// The edge runs in a child process (this executable with `edge`), so this process holds the clients and nothing
// else. Each room sends one gzipped frame a second (TikTok's cadence) holding its share of the rate as chat
// messages, the rooms' frames spread evenly over the second, each message stamped with its send time in ms;
// latency is receive time minus that stamp, so it spans the edge's encoding, loopback, and the library's
// decoding, de-duplication and delivery to a handler.

let arguments = CommandLine.arguments.dropFirst()
let isEdge = arguments.first == "edge"
let options: Options
do {
    options = try Options(isEdge ? arguments.dropFirst() : arguments)
} catch let error as OptionsError {
    FileHandle.standardError.write(Data((error.message + "\n").utf8))
    exit(2)
}
if isEdge {
    try await EdgeChild.run(options)
}

/// A line on stdout at once, even when stdout is a pipe (a run takes a minute; progress should show).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let cores = ProcessInfo.processInfo.activeProcessorCount
let cpuModel =
    ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
    .split(separator: "\n").first { $0.hasPrefix("model name") }
    .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
say(
    "scale-bench: \(options.rooms) rooms, \(options.messagesPerFrame) chat messages per frame per room every "
        + "\(options.periodMilliseconds) ms = \(Int(options.scheduledRate)) events/s scheduled, gzip on; "
        + "warm-up \(options.warmupSeconds) s, measured \(options.durationSeconds) s"
        + (options.realShapedCapture.map { "; real-shaped chats from \($0)" } ?? ""))
say("machine: \(cores) cores, \(cpuModel)")

let edge = try EdgeProcess(options)
let clients = ScaleClients(edge: edge)
// The process before any client: Foundation, the histogram, the pipes. What grows from here is the library's.
let baseline = ResidentMemory.read()
say("edge pid \(edge.pid) at \(edge.webURL); client process RSS before any client: \(baseline.currentKiB / 1024) MiB")

let connectStarted = ContinuousClock.now
try await clients.connect(rooms: options.rooms, wave: options.connectWave) { done in
    if done % max(options.rooms / 5, options.connectWave) == 0 || done == options.rooms {
        say("  connected \(done)/\(options.rooms)")
    }
}
say(String(format: "all rooms connected in %.1f s; warming up", (ContinuousClock.now - connectStarted).seconds))
try await Task.sleep(for: .seconds(options.warmupSeconds))

// The measurement window.
clients.latencies.resetLatencies()
let sentBefore = edge.sentCount()
let receivedBefore = clients.latencies.totalReceived
let cpuBefore = CPUTime.ofSelf()
let edgeCPUBefore = CPUTime.of(pid: edge.pid)
let windowStart = ContinuousClock.now
var highestRSS = 0
for _ in 0..<options.durationSeconds {
    try await Task.sleep(for: .seconds(1))
    highestRSS = max(highestRSS, ResidentMemory.read().currentKiB)
}
let elapsed = (ContinuousClock.now - windowStart).seconds
let sentInWindow = edge.sentCount() - sentBefore
let receivedInWindow = clients.latencies.totalReceived - receivedBefore
let cpu = CPUTime.ofSelf() - cpuBefore
let edgeCPU = CPUTime.of(pid: edge.pid) - edgeCPUBefore
let latency = clients.latencies.summary()
let memory = ResidentMemory.read()

// No loss: stop the rooms, let the last frames arrive, and compare everything sent with everything received.
edge.quiet()
let totalSent = edge.sentCount()
let drainDeadline = ContinuousClock.now + .seconds(10)
while clients.latencies.totalReceived < totalSent, ContinuousClock.now < drainDeadline {
    try await Task.sleep(for: .milliseconds(50))
}
let totalReceived = clients.latencies.totalReceived

let perRoomKiB = Double(memory.currentKiB - baseline.currentKiB) / Double(options.rooms)
let windowKiB = fullDeduplicationWindowKiB(rooms: options.rooms)
let steadyKiB = Double(memory.currentKiB) + windowKiB * Double(options.rooms)
say("")
say(
    String(
        format: "measured %.1f s: %.0f events/s sent, %.0f events/s received; client CPU %.1f s = %.0f%% of one core "
            + "(%.1f us per event); edge process CPU %.0f%% of one core",
        elapsed, Double(sentInWindow) / elapsed, Double(receivedInWindow) / elapsed, cpu, cpu / elapsed * 100,
        cpu / Double(max(receivedInWindow, 1)) * 1e6, edgeCPU / elapsed * 100))
say(
    "RSS: \(memory.currentKiB / 1024) MiB now, \(highestRSS / 1024) MiB highest sample in the window, "
        + "\(memory.peakKiB / 1024) MiB peak (VmHWM); \(baseline.currentKiB / 1024) MiB before any client")
say(
    String(
        format: "steady state: a full de-dup window (%d ids) costs %.0f KiB per room -> projected RSS %.0f MiB, "
            + "%.0f KiB per room", TikTokLive.Configuration().deduplicationWindow, windowKiB, steadyKiB / 1024,
        (steadyKiB - Double(baseline.currentKiB)) / Double(options.rooms)))
say(
    "latency over \(latency.samples) events (create_time has 1 ms resolution): "
        + String(
            format: "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms", latency.p50, latency.p99, latency.p999,
            latency.max))
say(
    "whole run: \(totalSent) sent, \(totalReceived) received, \(totalSent - totalReceived) lost; "
        + "\(clients.reconnects.count) reconnects, \(clients.errors.count) errors")
for problem in clients.problems { say("  \(problem)") }
say("")
say(
    "| rooms | events/s | RSS total | RSS per room | peak RSS | steady RSS (full windows) | client CPU | p50 | p99 "
        + "| max | sent | received |")
say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
say(
    String(
        format:
            "| %d | %.0f | %.0f MiB | %.0f KiB | %.0f MiB | %.0f MiB | %.0f%% | %.1f ms | %.1f ms | %.1f ms | %d | %d |",
        options.rooms, Double(sentInWindow) / elapsed, Double(memory.currentKiB) / 1024, perRoomKiB,
        Double(memory.peakKiB) / 1024, steadyKiB / 1024, cpu / elapsed * 100, latency.p50, latency.p99, latency.max,
        totalSent, totalReceived))
let targetsHold =
    Double(max(memory.peakKiB, highestRSS)) < 1024 * 1024 && steadyKiB < 1024 * 1024 && latency.p99 < 50
    && totalReceived == totalSent && clients.reconnects.count == 0
say(
    "targets (peak and steady RSS < 1 GiB, p99 < 50 ms, nothing lost, no reconnects): "
        + (targetsHold ? "hold" : "MISSED"))

await clients.stopAll()
edge.stop()
exit(targetsHold ? 0 : 1)
