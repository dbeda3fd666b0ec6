import Foundation
import TikTokLiveEvents

/// The FLV file a recording writes: created or truncated up front, so an unwritable path fails before anything
/// is downloaded.
final class RecordingFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var written = 0

    init?(path: String) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        self.handle = handle
    }

    var bytesWritten: Int { lock.withLock { written } }

    func write(_ bytes: [UInt8]) throws {
        try lock.withLock {
            try handle.write(contentsOf: bytes)
            written += bytes.count
        }
    }

    func close() {
        lock.withLock { try? handle.close() }
    }
}

/// `record --events`: NDJSON lines of the room's events, each with the recording's clock.
final class EventLog: Sendable {
    private let file: RecordingFile

    init?(path: String) {
        guard let file = RecordingFile(path: path) else { return nil }
        self.file = file
    }

    /// `{"offset":S.sss,"type":…,"data":…}`: the event's own JSON with the offset in front.
    func write(_ event: LiveEvent, offset: Duration, encoder: EventJSONEncoder) {
        let json = encoder.bytes(for: event)
        guard json.first == UInt8(ascii: "{") else { return }
        var line = Array("{\"offset\":\(String(format: "%.3f", offset.seconds)),".utf8)
        line += json.dropFirst()
        line.append(0x0A)
        // A full disk must not stop the recording; the events file just ends early.
        try? file.write(line)
    }

    func close() { file.close() }
}

/// The room's events, read by a client of their own while the stream records.
final class EventRecording: Sendable {
    private let live: TikTokLive
    private let task: Task<Void, Never>

    init(
        uniqueId: String, configuration: TikTokLive.Configuration, log: EventLog, started: ContinuousClock.Instant,
        errors: OutputWriter
    ) {
        let live = TikTokLive(uniqueId, configuration: configuration)
        self.live = live
        task = Task {
            let encoder = EventJSONEncoder()
            do {
                for try await event in live.events where event.isWireEvent {
                    log.write(event, offset: ContinuousClock.now - started, encoder: encoder)
                }
            } catch {
                errors.writeLine("events: \(error); the recording goes on without them")
            }
            log.close()
        }
    }

    func stop() { live.stop() }

    func finished() async { await task.value }
}

/// The one-line progress a terminal shows (`\r`, rewritten at most twice a second), and the final summary.
final class ProgressMeter: @unchecked Sendable {
    private let errors: OutputWriter
    private let enabled: Bool
    private let started: ContinuousClock.Instant
    private let lock = NSLock()
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false

    init(errors: OutputWriter, enabled: Bool, started: ContinuousClock.Instant) {
        self.errors = errors
        self.enabled = enabled
        self.started = started
    }

    func update(_ progress: StreamRecorder.Progress) {
        guard enabled else { return }
        lock.withLock {
            let now = ContinuousClock.now
            if let lastDrawn, now - lastDrawn < .milliseconds(500) { return }
            lastDrawn = now
            drawn = true
            errors.flush()
            Self.writeRaw("\r\u{1b}[K" + summary(progress))
        }
    }

    /// Removes the progress line, so that the next line starts clean.
    func clear() {
        guard enabled else { return }
        lock.withLock {
            guard drawn else { return }
            drawn = false
            Self.writeRaw("\r\u{1b}[K")
        }
    }

    /// `1.2 MB (312 tags) in 5.1 s, 1,900 kbit/s`.
    func summary(_ progress: StreamRecorder.Progress) -> String {
        let seconds = max((ContinuousClock.now - started).seconds, 0.001)
        let megabytes = String(format: "%.1f", Double(progress.bytes) / 1_000_000)
        let kilobits = Int(Double(progress.bytes) * 8 / 1_000 / seconds)
        let reconnects = progress.reconnects > 0 ? ", \(progress.reconnects) reconnect(s)" : ""
        return "\(megabytes) MB (\(progress.bytes) bytes, \(progress.tags) tags) in "
            + "\(String(format: "%.1f", seconds)) s, \(kilobits) kbit/s\(reconnects)"
    }

    private static func writeRaw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in _ = Foundation.write(STDERR_FILENO, raw.baseAddress, raw.count) }
    }
}

/// `record --mp4`: ffmpeg, found on PATH, copies the FLV's streams into an MP4.
enum Remuxer {
    /// The first executable `name` in the colon-separated `path`.
    static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func mp4Path(for path: String) -> String {
        path.hasSuffix(".flv") ? String(path.dropLast(4)) + ".mp4" : path + ".mp4"
    }

    /// `nil` on success, else what went wrong.
    static func remux(ffmpeg: String, input: String, output: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-y", "-loglevel", "error", "-i", input, "-c", "copy", output]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "\(error)"
        }
        let message = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        // ffmpeg explains itself over several lines, the reason last: its last lines, on one line of ours.
        let lines = String(decoding: message, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let reason = LogText.escaped(lines.suffix(3).joined(separator: "; "), limit: 300)
        return "exit status \(process.terminationStatus)" + (reason.isEmpty ? "" : ": \(reason)")
    }
}
