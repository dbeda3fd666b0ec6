public import ArgumentParser
import Foundation
public import TikTokLiveEvents

/// `tiktok-live-events doctor USERNAME`: every step of connecting, run once, one line each.
public struct DoctorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Run each step of connecting to a room once and say which one fails.",
        discussion: """
            One line per step with its time and result: reachability (DNS, TCP/TLS) of each host, the \
            ttwid cookie (value redacted), the room lookup by api-live, by the live page and (when they \
            give a room id without a status) by room/info, room info, the signer (with --signer), the \
            socket handshake with TikTok's answer headers (cookies redacted), the first frame and the \
            first event. --json prints the same as one object, to paste into a bug report. Takes the \
            same --*-url, --signer and --room-id options as watch.

            Exit status: 0 every step needed to watch the room passed; 1 other failure; 2 bad \
            arguments; 4 the creator is not live; 5 no such user; 6 an 18+ room (needs session \
            cookies); 10 a host is unreachable (DNS, TCP, TLS); 11 no ttwid cookie was minted; 12 the \
            room lookup failed (captcha, HTTP 403/429/5xx); 13 room info failed; 14 the socket \
            handshake was refused (DEVICE_BLOCKED, a signature required); 15 the signer failed; 16 the \
            socket sent no frame; 17 frames but no event.

            Examples:
              tiktok-live-events doctor some_creator
              tiktok-live-events doctor some_creator --json > doctor.json
              tiktok-live-events doctor some_creator --signer http://127.0.0.1:9000/sign
            """)

    @Argument(help: "The creator's username, with or without @.")
    public var username: String

    @Flag(help: "Print one JSON object instead of lines.")
    public var json = false

    @Option(help: "Seconds to wait for the first frame, and then for the first event.")
    public var timeout: Double = 15

    @OptionGroup public var connection: EndpointArguments

    @OptionGroup public var signerArgument: SignerArgument

    @Option(
        name: .customLong("room-id"),
        help: ArgumentHelp("The creator's room id, when known: the lookup steps are skipped.", valueName: "id"))
    public var roomId: String?

    public init() {}

    public func validate() throws {
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
    }

    public func run() async throws {
        let status = await Self.doctor(
            username: username, json: json, timeout: .milliseconds(Int64(timeout * 1000)),
            endpoints: connection.endpoints, signer: signerArgument.signer, roomId: roomId,
            output: OutputWriter(fd: STDOUT_FILENO, flushThreshold: 0),
            errors: .standardError)
        if status != .success { throw status }
    }

    /// The doctor's exit statuses, by the step that decided.
    public enum Status {
        public static let unreachable = ExitCode(10)
        public static let noTTWID = ExitCode(11)
        public static let lookupFailed = ExitCode(12)
        public static let roomInfoFailed = ExitCode(13)
        public static let handshakeRefused = ExitCode(14)
        public static let signerFailed = ExitCode(15)
        public static let noFrame = ExitCode(16)
        public static let noEvent = ExitCode(17)

        /// The status for a diagnosis: 0 when nothing decisive failed.
        public static func of(_ diagnosis: ConnectionDiagnosis) -> ExitCode {
            guard let step = diagnosis.decisiveFailure else { return ExitCode.success }
            switch step.errorKind {
            case .offline?: return ExitCode.offline
            case .notFound?: return ExitCode.notFound
            case .ageRestricted?: return ExitCode.blocked
            case .invalidUsername?: return ExitCode.usage
            default: break
            }
            switch step.name {
            case .reachability: return unreachable
            case .ttwid: return noTTWID
            case .apiLive, .livePage, .roomInfoLookup: return lookupFailed
            case .roomInfo: return roomInfoFailed
            case .signer: return signerFailed
            case .handshake: return handshakeRefused
            case .firstFrame: return noFrame
            case .firstEvent: return noEvent
            }
        }
    }

    /// The whole command, minus argument parsing: testable in-process.
    public static func doctor(
        username: String, json: Bool, timeout: Duration, endpoints: WatchCommand.EndpointOptions, signer: String?,
        roomId: String?, output: OutputWriter, errors: OutputWriter,
        configure: (@Sendable (inout TikTokLive.Configuration) -> Void)? = nil
    ) async -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        var configuration = TikTokLive.Configuration()
        let uniqueId: String
        do {
            uniqueId = try TikTokLive.validateUsername(username)
        } catch {
            errors.writeLine("error: \(error.message)")
            return ExitCode.usage
        }
        do throws(CLIError) {
            var connection = ConnectionOptions(signer: signer)
            if let roomId { connection.roomIds[uniqueId] = try ConnectionOptions.roomId(roomId) }
            try endpoints.apply(to: &configuration.endpoints)
            try connection.apply(to: &configuration)
        } catch {
            errors.writeLine("error: \(error.message)")
            return error.exitCode
        }
        configure?(&configuration)
        if !json {
            output.writeLine("doctor: @\(uniqueId) via \(configuration.endpoints.webURL.absoluteString)")
            output.flush()
        }
        let diagnosis = await TikTokLive(uniqueId, configuration: configuration).diagnose(timeout: timeout)
        let status = Status.of(diagnosis)
        if json {
            output.writeLine(Self.json(diagnosis, status: status, configuration: configuration))
        } else {
            for step in diagnosis.steps {
                output.writeLine(Self.line(step))
                for header in step.headers {
                    output.writeLine("                              \(header.name): \(header.value)")
                }
            }
            output.writeLine(Self.verdict(diagnosis, status: status))
        }
        return status
    }

    /// `  ok    apiLive          12 ms  api-live: live, room 7301…`.
    static func line(_ step: ConnectionDiagnosis.Step) -> String {
        let mark =
            switch step.outcome {
            case .passed: "ok  "
            case .failed: "FAIL"
            case .skipped: "skip"
            }
        let name = step.name.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
        let time = step.outcome == .skipped ? "" : "\(step.duration.milliseconds) ms"
        let padding = String(repeating: " ", count: max(8 - time.count, 0))
        return "  \(mark)  \(name) \(padding)\(time)  \(step.detail)"
    }

    /// The last line: what failed and what to try.
    static func verdict(_ diagnosis: ConnectionDiagnosis, status: ExitCode) -> String {
        guard let step = diagnosis.decisiveFailure else {
            return "result: every step passed (exit 0)"
        }
        let advice: String
        switch (step.name, step.errorKind) {
        case (_, .offline?): advice = "the creator is not live; try again when they are"
        case (_, .notFound?): advice = "check the username"
        case (_, .ageRestricted?): advice = "an 18+ room needs a logged-in session's cookies"
        case (.reachability, _): advice = "check the network, DNS, firewall or proxy"
        case (.ttwid, _): advice = "TikTok is challenging this network; try later or from another network"
        case (.apiLive, _), (.livePage, _), (.roomInfoLookup, _):
            advice = "every lookup source failed; pass the room id with --room-id, or try another network"
        case (.roomInfo, _): advice = "room/info failed; watching may still work"
        case (.signer, _): advice = "check that the signing service runs and answers {\"url\": ...}"
        case (.handshake, .signatureRequired?), (.handshake, .blocked?):
            advice = "try --signer URL with a signing service (see README: When it cannot connect)"
        case (.handshake, .deviceBlocked?): advice = "TikTok flagged this device; try later or from another network"
        case (.handshake, _): advice = "the socket could not be opened"
        case (.firstFrame, _), (.firstEvent, _):
            advice = "the socket opened but stayed silent; try --signer, or session cookies"
        }
        return "result: \(step.name.rawValue) failed (exit \(status.rawValue)): \(advice)"
    }

    /// The diagnosis as one JSON object.
    static func json(_ diagnosis: ConnectionDiagnosis, status: ExitCode, configuration: TikTokLive.Configuration)
        -> String
    {
        func withoutQuery(_ url: URL) -> String {
            url.absoluteString.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url.absoluteString
        }
        var settings: [String: Any] = [
            "webURL": withoutQuery(configuration.endpoints.webURL),
            "webcastURL": withoutQuery(configuration.endpoints.webcastURL),
            "wsURL": withoutQuery(configuration.endpoints.wsURL),
            "userAgent": configuration.userAgent,
            "signer": (configuration.socketSigner as? HTTPSocketSigner).map { withoutQuery($0.url) }
                ?? (configuration.socketSigner == nil ? "none" : "custom"),
            "sessionCookies": configuration.sessionCookies.names,
        ]
        if let known = configuration.knownRoomIds.first?.value { settings["roomId"] = known }
        let steps: [[String: Any]] = diagnosis.steps.map { step in
            var object: [String: Any] = [
                "step": step.name.rawValue, "outcome": step.outcome.rawValue, "ms": step.duration.milliseconds,
                "detail": step.detail,
            ]
            if let kind = step.errorKind { object["kind"] = kind.rawValue }
            if !step.headers.isEmpty {
                object["headers"] = step.headers.map { ["name": $0.name, "value": $0.value] }
            }
            return object
        }
        var root: [String: Any] = [
            "uniqueId": diagnosis.uniqueId, "exitStatus": Int(status.rawValue), "steps": steps,
            "configuration": settings,
        ]
        if let failed = diagnosis.decisiveFailure { root["failedStep"] = failed.name.rawValue }
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
