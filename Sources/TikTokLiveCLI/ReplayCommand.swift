public import ArgumentParser
internal import Foundation
internal import TikTokLiveEvents
public import TikTokLiveStore

/// `tiktok-live-events replay CAPTURE`: decode a capture offline and print its events.
public struct ReplayCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Decode a capture of raw push frames and print its events.",
        discussion: """
            A capture is [u32 little-endian length][PushFrame bytes]..., as written by --record. \
            Frames that fail to decode are reported on stderr and skipped, with a count at the end; \
            the exit status is 0 when the capture was read to its end, and 3 when the input cannot \
            be read or is not a capture at all (not one of its records decodes).

            Examples:
              tiktok-live-events replay session.bin
              tiktok-live-events replay session.bin --json --filter chat,gift
              cat session.bin | tiktok-live-events replay -
              tiktok-live-events replay session.bin --store sqlite:events.db
            """)

    @Argument(help: "The capture file, or - for standard input.")
    public var capture: String

    @OptionGroup public var eventOutput: EventOutputArguments

    @OptionGroup public var storeOptions: StoreOptions

    public init() {}

    public func run() async throws {
        let errors = OutputWriter.standardError
        let store: EventStore?
        do {
            store = try await StoreSettings.open(storeOptions.settings)
        } catch {
            errors.writeLine("error: \(error.message)")
            throw error.exitCode
        }
        let (capture, json, filter) = (capture, eventOutput.json, eventOutput.filter)
        // Ctrl-C or SIGTERM ends the replay after the record at hand, with what was printed flushed (and, with
        // --store, written) and exit 0, as `watch` ends; a second Ctrl-C kills it. Reading `-` from a pipe, the
        // writer gets the same Ctrl-C, so the read that waits for it ends too.
        let signals = await StopSignals.trap()
        // On a thread of its own: with --store it blocks while the store's queue is full, which must not hold one of
        // the few threads tasks run on (the store's writer needs one).
        var status = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(
                    returning: Self.replay(
                        // From a pipe, events come as the writer sends them (`tail -f`): each line goes out at once.
                        path: capture, json: json, filter: filter,
                        output: capture == "-" ? OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0) : .standardOutput,
                        errors: errors,
                        store: store, stopRequested: { signals.hasFired }))
            }.start()
        }
        status = await StoreSettings.close(store, status: status, errors: errors)
        if status != .success { throw status }
    }

    /// The whole command, minus argument parsing: testable in-process.
    ///
    /// - Parameters:
    ///   - store: `--store`: the events that pass the filter are also queued there, waiting while it is full.
    ///   - stopRequested: asked after each record; `true` ends the replay there, with exit 0 (Ctrl-C).
    public static func replay(
        path: String, json: Bool, filter: String?, output: OutputWriter, errors: OutputWriter,
        store: EventStore? = nil, stopRequested: @Sendable () -> Bool = { false }
    ) -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        let eventFilter: EventFilter
        do {
            eventFilter = try EventFilter(filter)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        let handle: FileHandle
        if path == "-" {
            handle = .standardInput
        } else if let opened = FileHandle(forReadingAtPath: path) {
            handle = opened
        } else {
            errors.writeLine("error: cannot open capture \(path)")
            return ExitCode.input
        }
        let printer = EventPrinter(
            format: json ? .json : .text(color: EventPrinter.wantsColor(fd: STDOUT_FILENO)), filter: eventFilter,
            output: output)
        var reader = CaptureReader(handle: handle)
        var decoder = FrameDecoder()
        // A capture spans reconnects, and TikTok repeats recent messages to a new socket: drop them here as
        // the live client does, so a replay prints what the session printed.
        var deduplicator = MessageDeduplicator()
        var skips = SkipReport(errors: errors)
        var storeError: EventStoreError?
        do {
            while let record = try reader.next() {
                switch record {
                case .frame(let bytes, let index):
                    do {
                        // Read in place: a `for` over the array would copy each event (and every string in it).
                        let batch = try decoder.decode(bytes)
                        skips.decoded()
                        batch.events.withUnsafeBufferPointer { events in
                            for index in events.indices {
                                if !deduplicator.insert(events[index]) { continue }
                                printer.print(events[index])
                                guard let store, storeError == nil, eventFilter.allows(events[index]) else { continue }
                                do throws(EventStoreError) {
                                    try store.storeBlocking(events[index])
                                } catch {
                                    storeError = error
                                }
                            }
                        }
                    } catch {
                        skips.skipped("frame \(index): skipped: \(error.message)")
                    }
                case .skipped(let index, let reason):
                    skips.skipped("frame \(index): skipped: \(reason)")
                }
                if let storeError {
                    errors.writeLine("error: --store: \(storeError.message)")
                    return ExitCode.failure
                }
                if output.isClosed { return ExitCode.success }
                if stopRequested() {
                    errors.writeLine("replay: stopped (\(skips.decodedFrames) frames decoded)")
                    return ExitCode.success
                }
            }
        } catch {
            errors.writeLine("error: \(error.message)")
            return ExitCode.input
        }
        return skips.finish(path: path)
    }

    /// What replay says about records it could not use. Until one frame decodes, the input may not be a capture
    /// at all (a text file, random bytes): lines are held, and if nothing ever decodes, one line says so instead.
    struct SkipReport {
        let errors: OutputWriter
        private var held: [String] = []
        private(set) var decodedFrames = 0
        private(set) var skippedRecords = 0

        init(errors: OutputWriter) { self.errors = errors }

        mutating func decoded() {
            decodedFrames += 1
            for line in held { errors.writeLine(line) }
            held = []
        }

        mutating func skipped(_ line: String) {
            skippedRecords += 1
            if decodedFrames > 0 {
                errors.writeLine(line)
            } else if held.count < 16 {
                held.append(line)
            }
        }

        /// The last word and the exit status.
        func finish(path: String) -> ExitCode {
            let name = path == "-" ? "standard input" : path
            switch (decodedFrames, skippedRecords) {
            case (0, 0):
                errors.writeLine("replay: \(name) held no frames")
            case (0, _):
                let first = held.first.map { $0.replacingOccurrences(of: "frame 0: skipped: ", with: "") } ?? ""
                errors.writeLine("error: \(name) is not a capture of push frames (\(first))")
                return ExitCode.input
            case (_, 0):
                break
            default:
                errors.writeLine("replay: \(decodedFrames) frames decoded, \(skippedRecords) skipped")
            }
            return ExitCode.success
        }
    }
}
