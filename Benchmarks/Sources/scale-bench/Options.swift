import Foundation

/// The benchmark's knobs. The defaults are the targets in README.md (Performance, Scale): 1,000 rooms, 10,000 events/s.
struct Options {
    var rooms = 1_000
    /// Chat messages per second over all rooms.
    var rate = 10_000
    /// Messages per `msg` frame. TikTok batches a busy room's messages into about one frame a second (its fetch
    /// interval), so by default each room sends one frame a second holding its share of the rate.
    var batch: Int?
    var warmupSeconds = 10
    var durationSeconds = 30
    /// Clients started at once before waiting for them to connect.
    var connectWave = 100
    /// A capture whose chat messages the rooms send instead of their own small ones (`--real-shaped PATH`).
    var realShapedCapture: String?

    static let usage = """
        usage: scale-bench [--rooms N] [--rate EVENTS_PER_S] [--batch MESSAGES_PER_FRAME]
                           [--warmup SECONDS] [--duration SECONDS] [--connect-wave N] [--real-shaped CAPTURE]
               scale-bench edge --rooms N --rate EVENTS_PER_S --batch MESSAGES_PER_FRAME   (the child process)
        defaults: --rooms 1000 --rate 10000 --batch RATE/ROOMS --warmup 10 --duration 30 --connect-wave 100
        --real-shaped: the rooms send the chat messages of CAPTURE (e.g. ../shared/bench/busy-room.bin or
        Benchmarks/Captures/busy-room-cut.bin), messages with the structure and size of real ones
        """

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let flag = rest.popFirst() {
            if flag == "-h" || flag == "--help" { throw OptionsError(message: Self.usage) }
            if flag == "--real-shaped" {
                guard let path = rest.popFirst() else { throw OptionsError(message: "\(flag) needs a capture") }
                realShapedCapture = path
                continue
            }
            guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                throw OptionsError(message: "\(flag) needs a positive number\n\(Self.usage)")
            }
            switch flag {
            case "--rooms": rooms = value
            case "--rate": rate = value
            case "--batch": batch = value
            case "--warmup": warmupSeconds = value
            case "--duration": durationSeconds = value
            case "--connect-wave": connectWave = value
            default: throw OptionsError(message: "unknown option \(flag)\n\(Self.usage)")
            }
        }
    }

    var messagesPerFrame: Int {
        batch ?? max(1, Int((Double(rate) / Double(rooms)).rounded()))
    }

    /// Each room sends one frame of `messagesPerFrame` messages per period; the rooms together send `rate` messages
    /// per second.
    var periodMilliseconds: Int {
        max(1, Int((Double(messagesPerFrame * rooms) / Double(rate) * 1000).rounded()))
    }

    /// The rate the schedule really asks for, after rounding the period to whole milliseconds.
    var scheduledRate: Double {
        Double(messagesPerFrame * rooms) * 1000 / Double(periodMilliseconds)
    }

    var edgeArguments: [String] {
        ["edge", "--rooms", "\(rooms)", "--rate", "\(rate)", "--batch", "\(messagesPerFrame)"]
            + (realShapedCapture.map { ["--real-shaped", $0] } ?? [])
    }
}

struct OptionsError: Error {
    var message: String
}
