import Foundation
import TikTokLiveEvents

/// Decode cost per event on a capture held in memory: frame + gzip + batch + events (decode only), the same
/// plus NDJSON, and gzip inflate alone (the floor).
let arguments = CommandLine.arguments
let capturePath = arguments.count > 1 ? arguments[1] : "Captures/sample-room.bin"
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
let only = arguments.count > 3 ? arguments[3] : nil

guard let handle = FileHandle(forReadingAtPath: capturePath) else {
    print("cannot open \(capturePath)")
    exit(1)
}
var reader = CaptureReader(handle: handle)
var frames: [[UInt8]] = []
while let record = try reader.next() {
    if case .frame(let bytes, _) = record { frames.append(bytes) }
}

func measure(_ label: String, events: Int, _ body: () throws -> Void) rethrows {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perEvent = seconds / Double(events) * 1e9
    print(
        String(format: "%-28@ %10.0f events/s  %8.0f ns/event", label as NSString, Double(events) / seconds, perEvent))
}

var eventCount = 0
do {
    var decoder = FrameDecoder()
    for frame in frames { eventCount += try decoder.decode(frame).events.count }
}
let totalEvents = eventCount * rounds
print("capture: \(frames.count) frames, \(eventCount) events; \(rounds) rounds")

try measure("decode to typed events", events: totalEvents) {
    var decoder = FrameDecoder()
    var sink = 0
    for _ in 0..<rounds {
        for frame in frames { sink &+= try decoder.decode(frame).events.count }
    }
    precondition(sink == totalEvents)
}

if only == "decode" { exit(0) }

try measure("decode + NDJSON", events: totalEvents) {
    var decoder = FrameDecoder()
    let encoder = EventJSONEncoder()
    var bytes = 0
    for _ in 0..<rounds {
        for frame in frames {
            for event in try decoder.decode(frame).events { bytes &+= encoder.bytes(for: event).count + 1 }
        }
    }
    precondition(bytes > 0)
}
