import Foundation
@_spi(Benchmarks) import TikTokLiveEvents

// Decode throughput, side by side in one run, on two captures:
//   real-shaped: `--capture PATH`, by default ../shared/bench/busy-room.bin when it is there, else the 2,500-message
//     cut committed in Benchmarks/Captures (messages with the structure and size of real ones, see its README);
//   synthetic: the busy room the benchmark generates itself (smaller, fully modelled messages).
// For each: (d) zlib's inflate of the payloads alone, the floor, and (d') libdeflate's, which the decoder uses;
// (b) decode to typed events; (b+) the same plus NDJSON, in process; (a) `tiktok-live-events replay CAPTURE --json` end to end, the built binary writing to
// /dev/null; (c) the Python peer (TikTokLive 7, betterproto2) parsing the same frames, parse only. Also how many
// messages left the fast path for the generated decoder, per method, and the peak RSS of the replay runs.
// Run it with Benchmarks/run.sh.

struct Options {
    var frames = 20_000
    var seconds = 3.0
    var capturePath: String?
    var syntheticPath = "Benchmarks/.build-capture/bench-room.bin"
    var cliPath: String?
    var pythonPath: String?
    var peerScript = "Benchmarks/python/peer_parse_bench.py"
    var rounds = 8

    static let corpus = "../shared/bench/busy-room.bin"
    static let committedCut = "Benchmarks/Captures/busy-room-cut.bin"

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--frames": frames = iterator.next().flatMap(Int.init) ?? frames
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "--capture": capturePath = iterator.next()
            case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
            case "--cli": cliPath = iterator.next()
            case "--python": pythonPath = iterator.next()
            case "--peer-script": peerScript = iterator.next() ?? peerScript
            default:
                FileHandle.standardError.write(
                    Data(
                        """
                        usage: decode-bench [--capture PATH] [--frames N] [--seconds S] [--rounds N] [--cli BINARY] \
                        [--python PYTHON]

                        """.utf8))
                exit(2)
            }
        }
    }

    /// The real-shaped capture: the one asked for, else the corpus when it is there, else the committed cut.
    var realShapedPath: String {
        if let capturePath { return capturePath }
        return FileManager.default.fileExists(atPath: Self.corpus) ? Self.corpus : Self.committedCut
    }
}

let options = Options(CommandLine.arguments)

/// One capture, in memory for the in-process stages and on disk for the binary and the peer.
struct Capture {
    var name: String
    var path: String
    var frames: [[UInt8]]
    var payloads: [[UInt8]]
    var eventCount: Int
    var inflatedBytes: Int
    var fileBytes: Int

    init(name: String, path: String, frames: [[UInt8]]) throws {
        self.name = name
        self.path = path
        self.frames = frames
        payloads = try frames.enumerated().map { index, frame in
            guard let payload = PushFramePayload.extract(from: frame) else {
                throw BenchmarkFailure(message: "frame \(index) of \(path) is not a push frame with a payload")
            }
            return payload
        }
        inflatedBytes = try payloads.reduce(0) { $0 + (try Gzip.inflate($1, maxOutputBytes: 32 << 20).count) }
        fileBytes = frames.reduce(0) { $0 + $1.count + 4 }
        var decoder = FrameDecoder()
        eventCount = try frames.reduce(0) { $0 + (try decoder.decode($1).events.count) }
    }

    static func read(_ path: String) throws -> [[UInt8]] {
        var reader = CaptureReader(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
        var frames: [[UInt8]] = []
        while let record = try reader.next() {
            if case .frame(let frame, _) = record { frames.append(frame) }
        }
        return frames
    }
}

var captures: [Capture] = []
do {
    let path = options.realShapedPath
    captures.append(try Capture(name: "real-shaped", path: path, frames: try Capture.read(path)))
    var generator = RoomTrafficGenerator()
    let (frames, messageCount) = generator.frames(options.frames)
    try FileManager.default.createDirectory(
        at: URL(fileURLWithPath: options.syntheticPath).deletingLastPathComponent(), withIntermediateDirectories: true)
    var bytes = Data()
    for frame in frames { bytes.append(CaptureWriter.record(frame)) }
    try bytes.write(to: URL(fileURLWithPath: options.syntheticPath))
    let synthetic = try Capture(name: "synthetic", path: options.syntheticPath, frames: frames)
    precondition(synthetic.eventCount == messageCount, "decoded \(synthetic.eventCount) of \(messageCount) messages")
    captures.append(synthetic)
} catch let failure as BenchmarkFailure {
    print(failure.message)
    exit(1)
} catch {
    print("could not read the captures: \(error)")
    exit(1)
}

for capture in captures {
    print(
        """
        \(capture.name): \(capture.frames.count) frames, \(capture.eventCount) events, \(capture.fileBytes / 1024) KiB \
        on disk, \(capture.inflatedBytes / capture.eventCount) bytes per event inflated (\(capture.path))
        """)
    var report = FastPathReport()
    for frame in capture.frames { report.add(frame: frame) }
    let counts = report.methods.sorted { $0.key < $1.key }.map { method, counts in
        "\(method) \(counts.fallbacks) of \(counts.messages)"
    }
    print("  fast-path fallbacks: " + counts.joined(separator: ", "))
}

// Every in-process stage reports its best pass: on a shared machine, other tenants only ever slow a pass down, so
// the least disturbed one is the closest to what the code itself costs.

/// Runs `body` until `seconds` have passed; events per second of the best pass.
func rate(_ events: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()  // warm up: caches, lazily built tables, page faults
    var best = 0.0
    let clock = ContinuousClock()
    let start = clock.now
    repeat {
        let passStart = clock.now
        try body()
        best = max(best, Double(events) / (clock.now - passStart).seconds)
    } while clock.now - start < .seconds(options.seconds)
    return best
}

struct Rates {
    /// zlib's inflate: the floor the targets are stated against.
    var floor = 0.0
    /// libdeflate's one-call inflate, which the decoder uses.
    var oneCallInflate = 0.0
    var typed = 0.0
    var withJSON = 0.0
    var replays: [Double] = []
    var replayPeakRSS: Int?
    var windows: [PeerProcess.Window] = []
}

var rates = [Rates](repeating: Rates(), count: captures.count)
for (index, capture) in captures.enumerated() {
    rates[index].floor = try rate(capture.eventCount) {
        var sink = 0
        for payload in capture.payloads { sink &+= try Gzip.inflateWithZlib(payload, maxOutputBytes: 32 << 20).count }
        precondition(sink == capture.inflatedBytes)
    }
    rates[index].oneCallInflate = try rate(capture.eventCount) {
        var sink = 0
        for payload in capture.payloads { sink &+= try Gzip.inflate(payload, maxOutputBytes: 32 << 20).count }
        precondition(sink == capture.inflatedBytes)
    }
    rates[index].typed = try rate(capture.eventCount) {
        var decoder = FrameDecoder()
        var events = 0
        for frame in capture.frames { events += try decoder.decode(frame).events.count }
        precondition(events == capture.eventCount)
    }
    rates[index].withJSON = try rate(capture.eventCount) {
        var decoder = FrameDecoder()
        // Lines written as `replay --json` writes them: through one reused buffer, each one read in place.
        let encoder = EventLineEncoder()
        var bytes = 0
        for frame in capture.frames {
            for event in try decoder.decode(frame).events { bytes &+= encoder.withLine(for: event) { $0.count } + 1 }
        }
        precondition(bytes > 0)
    }
}

/// The Python peer, parsing in windows on request (Benchmarks/python/peer_parse_bench.py).
final class PeerProcess {
    struct Window: Decodable {
        var messages: Int
        var seconds: Double
        var unmapped: Int
        var failed: Int
    }

    let process = Process()
    private let requests = Pipe()
    private let results = Pipe()
    private var pending = Data()

    init(python: String, script: String, capture: String) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, capture, "--window", "1"]
        process.standardInput = requests
        process.standardOutput = results
        try process.run()
        if let line = readLine(), line == "ready" { return }
        throw failure("did not start")
    }

    func window() throws -> Window {
        requests.fileHandleForWriting.write(Data("window\n".utf8))
        guard let line = readLine() else { throw failure("stopped") }
        guard let window = try? JSONDecoder().decode(Window.self, from: Data(line.utf8)) else {
            throw failure("answered \(line.debugDescription)")
        }
        return window
    }

    /// What went wrong, with the peer's exit status once it has ended (it is stopped if it has not).
    private func failure(_ what: String) -> BenchmarkFailure {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return BenchmarkFailure(message: "the Python peer \(what) (exit status \(process.terminationStatus))")
    }

    func finish() {
        try? requests.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0a) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let chunk = results.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}

/// What stops a run: a capture that does not decode, a peer or binary that fails.
struct BenchmarkFailure: Error {
    var message: String
}

/// One end-to-end run of `replay CAPTURE --json` into /dev/null, in seconds (start-up included).
func replayOnce(_ cli: String, _ capture: String) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cli)
    process.arguments = ["replay", capture, "--json"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure(message: "replay of \(capture) exited with status \(process.terminationStatus)")
    }
    return (clock.now - start).seconds
}

/// The peak RSS of one `replay CAPTURE --json`, in KiB, through `/usr/bin/time` (`nil` without it).
///
/// Not from this process's own wait: a child started from a process this size (the captures are in memory) reports
/// the parent's high-water mark as its own, so a small process in between has to do the measuring.
func replayPeakRSS(_ cli: String, _ capture: String) throws -> Int? {
    let time = "/usr/bin/time"
    guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
    let process = Process()
    let report = Pipe()
    process.executableURL = URL(fileURLWithPath: time)
    process.arguments = ["-f", "%M", cli, "replay", capture, "--json"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = report
    try process.run()
    let output = report.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
    return lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
}

// (a) and (c) take turns: for each capture, a run of our binary, then a one-second window of the peer, eight rounds
// over, so that all of them sample the same stretches of a shared machine (its slow spells last seconds, long
// enough to sink every run of one side when the sides are measured one after the other). Each side's rate is its
// mean over those rounds, and the ratio of the means is the verdict; the best against the best is printed beside it.
do {
    let peers = try captures.map { capture in
        try options.pythonPath.map { try PeerProcess(python: $0, script: options.peerScript, capture: capture.path) }
    }
    for _ in 0..<options.rounds {
        for (index, capture) in captures.enumerated() {
            if let cli = options.cliPath { rates[index].replays.append(try replayOnce(cli, capture.path)) }
            if let peer = peers[index] { rates[index].windows.append(try peer.window()) }
        }
    }
    peers.forEach { $0?.finish() }
    if let cli = options.cliPath {
        for index in captures.indices { rates[index].replayPeakRSS = try replayPeakRSS(cli, captures[index].path) }
    }
} catch let failure as BenchmarkFailure {
    print(failure.message)
    exit(1)
}

for (index, capture) in captures.enumerated() {
    report(capture, rates[index])
}

func report(_ capture: Capture, _ rates: Rates) {
    struct Row {
        var label: String
        var eventsPerSecond: Double
    }
    var rows = [
        Row(label: "(d) zlib inflate alone (floor)", eventsPerSecond: rates.floor),
        Row(label: "(d') libdeflate inflate alone", eventsPerSecond: rates.oneCallInflate),
        Row(label: "(b) decode to typed events", eventsPerSecond: rates.typed),
        Row(label: "(b+) decode + NDJSON, in process", eventsPerSecond: rates.withJSON),
    ]
    print("")
    print("== \(capture.name) (\(capture.eventCount) events, \(capture.inflatedBytes / capture.eventCount) B/event)")
    var endToEnd: Double?
    var endToEndBest: Double?
    if !rates.replays.isEmpty {
        print(
            "note: replay runs took " + rates.replays.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " s")
        print(
            "note: replay's peak RSS "
                + (rates.replayPeakRSS.map { "\($0 / 1024) MiB" } ?? "not measured (no /usr/bin/time)"))
        endToEnd = Double(capture.eventCount * rates.replays.count) / rates.replays.reduce(0, +)
        endToEndBest = Double(capture.eventCount) / rates.replays.min()!
        rows.append(Row(label: "(a) replay --json, end to end", eventsPerSecond: endToEnd!))
    }
    var peer: Double?
    var peerBest: Double?
    var peerParsedOnly: Double?
    if !rates.windows.isEmpty {
        let windows = rates.windows
        let messages = windows.reduce(0) { $0 + $1.messages }
        let mean = Double(messages) / windows.reduce(0) { $0 + $1.seconds }
        peer = mean
        peerBest = windows.map { Double($0.messages) / $0.seconds }.max()!
        print(
            "note: the peer's one-second windows parsed "
                + windows.map { String(format: "%.0f", Double($0.messages) / $0.seconds) }.joined(separator: ", ")
                + " messages/s")
        rows.append(Row(label: "(c) TikTokLive 7 (Python), parse only", eventsPerSecond: mean))
        let unmapped = windows.reduce(0) { $0 + $1.unmapped }
        let failed = windows.reduce(0) { $0 + $1.failed }
        if unmapped + failed > 0 {
            // The target is held to the attempts (the peer's faster number); its successful parses are shown too.
            print(
                """
                note: the peer left \(unmapped) of \(messages) messages unmapped and threw on \(failed); \
                (c) counts every attempt
                """)
            peerParsedOnly = mean * Double(messages - unmapped - failed) / Double(messages)
            rows.append(Row(label: "(c') the same, messages it parsed", eventsPerSecond: peerParsedOnly!))
        }
    }
    print(pad("stage", 40) + pad("events/s", 14, right: true) + pad("µs/event", 11, right: true))
    for row in rows {
        print(
            pad(row.label, 40) + pad(String(format: "%.0f", row.eventsPerSecond), 14, right: true)
                + pad(String(format: "%.2f", 1e6 / row.eventsPerSecond), 11, right: true))
    }
    let headline = endToEnd ?? rates.withJSON
    let headlineName = endToEnd == nil ? "decode + NDJSON (in process; no --cli given)" : "replay --json"
    let ofFloor = headline / rates.floor
    print(
        String(
            format: "%@ / inflate floor: %.1f%%  (target ≥ 25%%)  %@", headlineName, ofFloor * 100,
            verdict(ofFloor >= 0.25)))
    print(
        String(
            format: "%@ / libdeflate's inflate, which the decoder uses: %.1f%%  (for reference)", headlineName,
            headline / rates.oneCallInflate * 100))
    if let peer {
        let ratio = headline / peer
        print(
            String(
                format: "%@ / Python peer parse-only: %.0f×  (target ≥ 100×)  %@", headlineName, ratio,
                verdict(ratio >= 100)))
        if let endToEndBest, let peerBest {
            print(
                String(
                    format: "%@ / Python peer, best run against best window: %.0f×", headlineName,
                    endToEndBest / peerBest))
        }
        if let peerParsedOnly {
            print(
                String(
                    format: "%@ / the peer's successful parses only: %.0f×  (for reference)", headlineName,
                    headline / peerParsedOnly))
        }
    }
}

func verdict(_ holds: Bool) -> String { holds ? "holds" : "MISSED" }

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The `payload` (field 8) of a PushFrame, found by walking the frame's fields: the floor stage must not pay
/// for a full protobuf decode. `nil` for bytes that are not a frame with a payload.
enum PushFramePayload {
    static func extract(from frame: [UInt8]) -> [UInt8]? {
        var index = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < frame.count, shift < 64 {
                let byte = frame[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < frame.count {
            guard let key = varint() else { return nil }
            switch key & 7 {
            case 0: guard varint() != nil else { return nil }
            case 1: index += 8
            case 5: index += 4
            case 2:
                guard let length = varint(), length <= UInt64(frame.count - index) else { return nil }
                if key >> 3 == 8 { return Array(frame[index..<index + Int(length)]) }
                index += Int(length)
            default: return nil
            }
        }
        return nil
    }
}
