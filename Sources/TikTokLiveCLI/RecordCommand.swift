public import ArgumentParser
public import Foundation
public import TikTokLiveEvents

extension StreamQuality: ExpressibleByArgument {}

/// `tiktok-live-events record USERNAME [FILE]`: the live stream, as FLV, over HTTP; no ffmpeg needed.
public struct RecordCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a creator's live stream to an FLV file (whole tags only), until it ends or Ctrl-C.",
        discussion: """
            Pulls the room's HTTP-FLV stream at --quality (origin, hd, sd or ld) into FILE, by default \
            <username>-<UTC time>.flv. A dropped or stalled download is reconnected and appended to; \
            the file only ever ends on a whole FLV tag, so it plays whenever the recording stops: at the \
            stream's end, after --duration seconds, or on Ctrl-C. On a terminal, one progress line shows \
            bytes, seconds and bitrate.

            --events FILE also writes the room's events as NDJSON, each line with "offset": seconds since \
            the recording started, the clock of the progress line. --mp4 remuxes the FLV to MP4 at the \
            end with ffmpeg (it must be on PATH; the FLV is kept).

            Exit status: 0 the stream ended, --duration passed or Ctrl-C; 2 bad arguments (also --mp4 \
            without ffmpeg); 3 FILE cannot be written; 4 the creator is not live; 5 no such user; 6 \
            blocked by TikTok; 7 the download failed and reconnecting did not help; 1 anything else.

            Examples:
              tiktok-live-events record some_creator
              tiktok-live-events record some_creator show.flv --quality hd --duration 3600
              tiktok-live-events record some_creator --events show.ndjson --mp4
            """)

    @Argument(help: "The creator's username, with or without @.")
    public var username: String

    @Argument(help: "The FLV file to write (default: <username>-<UTC time>.flv).")
    public var file: String?

    @Option(help: "The stream quality: origin, hd, sd or ld.")
    public var quality: StreamQuality = .origin

    @Option(help: ArgumentHelp("Stop after this many seconds.", valueName: "S"))
    public var duration: Double?

    @Option(help: ArgumentHelp("Also write the room's events to this NDJSON file.", valueName: "file"))
    public var events: String?

    @Flag(help: "Remux to MP4 with ffmpeg when the recording ends.")
    public var mp4 = false

    @OptionGroup public var endpoints: EndpointArguments

    public init() {}

    public func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be above 0 seconds") }
    }

    public func run() async throws {
        let waiter = await StopSignals.trap()
        let status = await Self.record(
            Options(
                username: username, file: file, quality: quality,
                duration: duration.map { .milliseconds(Int($0 * 1_000)) },
                eventsFile: events, mp4: mp4),
            endpoints: endpoints.endpoints, errors: .standardError, showsProgress: isatty(STDERR_FILENO) == 1,
            until: { await waiter.wait() })
        if status != .success { throw status }
    }

    /// What to record, and how.
    public struct Options: Sendable {
        public var username: String
        public var file: String?
        public var quality: StreamQuality
        public var duration: Duration?
        public var eventsFile: String?
        public var mp4: Bool

        public init(
            username: String, file: String? = nil, quality: StreamQuality = .origin, duration: Duration? = nil,
            eventsFile: String? = nil, mp4: Bool = false
        ) {
            self.username = username
            self.file = file
            self.quality = quality
            self.duration = duration
            self.eventsFile = eventsFile
            self.mp4 = mp4
        }
    }

    /// The whole command, minus argument parsing: records until the stream ends, `duration` passes or `until`
    /// returns (Ctrl-C).
    ///
    /// - Parameter environment: where `--mp4` looks for ffmpeg (`PATH`).
    public static func record(
        _ options: Options, endpoints: WatchCommand.EndpointOptions, errors: OutputWriter, showsProgress: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        until stop: (@Sendable () async -> Void)? = nil,
        configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        defer { errors.flush() }
        let uniqueId: String
        let configuration: TikTokLive.Configuration
        var ffmpeg: String?
        do throws(CLIError) {
            do {
                uniqueId = try TikTokLive.validateUsername(options.username)
            } catch {
                throw CLIError(error.message)
            }
            configuration = try WebCommand.configuration(endpoints, configure: configure)
            if options.mp4 {
                guard let found = Remuxer.find("ffmpeg", path: environment["PATH"]) else {
                    throw CLIError(
                        "--mp4 needs ffmpeg on PATH, and there is none; install ffmpeg, or record without --mp4 "
                            + "(the FLV plays in VLC and mpv)")
                }
                ffmpeg = found
            }
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }

        let info: RoomInfo
        do {
            info = try await TikTokWeb(configuration: configuration).roomInfo(of: uniqueId)
        } catch {
            return WebCommand.fail(error, errors: errors)
        }
        guard let url = info.stream(options.quality)?.flv else {
            let offered = info.streams.filter { $0.flv != nil }.map(\.quality.rawValue)
            errors.writeLine(
                "error: @\(uniqueId)'s room offers no \(options.quality.rawValue) FLV stream"
                    + (offered.isEmpty ? "" : "; try --quality \(offered.joined(separator: " or "))"))
            return ExitCode.failure
        }

        let path = options.file ?? defaultFileName(uniqueId: uniqueId)
        guard let output = RecordingFile(path: path) else {
            errors.writeLine("error: cannot write the recording \(path): \(String(cString: strerror(errno)))")
            return ExitCode.input
        }
        var eventLog: EventLog?
        if let eventsFile = options.eventsFile {
            guard let log = EventLog(path: eventsFile) else {
                errors.writeLine(
                    "error: cannot write the events file \(eventsFile): \(String(cString: strerror(errno)))")
                return ExitCode.input
            }
            eventLog = log
        }

        errors.writeLine("recording @\(uniqueId) (\(options.quality.rawValue)) to \(path); Ctrl-C stops")
        let started = ContinuousClock.now
        let meter = ProgressMeter(errors: errors, enabled: showsProgress, started: started)
        var eventsConfiguration = configuration
        eventsConfiguration.enrichGifts = true
        let events = eventLog.map { log in
            EventRecording(
                uniqueId: uniqueId, configuration: eventsConfiguration, log: log, started: started, errors: errors)
        }

        let recorder = StreamRecorder(configuration: configuration)
        let download = Task { () throws -> (StreamRecorder.Ending, StreamRecorder.Progress) in
            try await recorder.record(
                from: url, write: { try output.write($0) }, progress: { meter.update($0) },
                reconnecting: { reason in
                    meter.clear()
                    errors.writeLine("stream: \(reason)")
                })
        }
        let stopSignal = StopSignal(stop)
        let stopper = Task {
            if options.duration != nil || stop != nil {
                _ = await stopSignal.wait(timeout: options.duration)
                download.cancel()
            }
        }
        let outcome = await download.result
        stopper.cancel()
        events?.stop()
        await events?.finished()
        output.close()
        meter.clear()

        let status: ExitCode
        switch outcome {
        case .success(let (ending, progress)):
            let why = ending == .streamEnded ? "the stream ended" : "stopped"
            errors.writeLine("recorded \(meter.summary(progress)) to \(path): \(why)")
            status = ExitCode.success
        case .failure(let error as TikTokLiveError):
            errors.writeLine("error: \(error.message)")
            if output.bytesWritten > 0 {
                errors.writeLine("recorded \(output.bytesWritten) bytes to \(path) before that; the file is playable")
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
            status = WatchCommand.exitStatus(for: error.kind)
        case .failure(let error):
            errors.writeLine("error: writing \(path) failed: \(error)")
            status = ExitCode.failure
        }
        guard status == ExitCode.success, let ffmpeg, output.bytesWritten > 0 else { return status }
        let target = Remuxer.mp4Path(for: path)
        errors.writeLine("remuxing to \(target) with ffmpeg")
        if let problem = Remuxer.remux(ffmpeg: ffmpeg, input: path, output: target) {
            errors.writeLine("error: ffmpeg could not remux \(path): \(problem); the FLV is kept")
            return ExitCode.failure
        }
        return ExitCode.success
    }

    /// `<username>-<UTC time>.flv`, e.g. `some_creator-20261202T011500Z.flv`.
    static func defaultFileName(uniqueId: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(uniqueId)-\(formatter.string(from: now)).flv"
    }
}
