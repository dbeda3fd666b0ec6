public import ArgumentParser
internal import Foundation
public import TikTokLiveEvents

/// `--filter chat,gift`: which events to print, matched by specific or generic name (`social` matches follows
/// and shares, `viewer` matches `roomUserSeq`).
public struct EventFilter: Sendable {
    public let names: Set<String>

    /// - Throws: a message naming the unknown names, for a name no event has.
    public init(_ list: String?) throws(CLIError) {
        guard let list else {
            names = []
            return
        }
        let requested = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let unknown = requested.filter { !EventCatalog.allEventNames.contains($0) }
        guard unknown.isEmpty else {
            throw CLIError(
                "unknown event name(s) in --filter: \(unknown.joined(separator: ", ")). "
                    + "Known names include: \(EventCatalog.listedNames.joined(separator: ", ")); "
                    + "and every catalogued method by the naming rule (see --help).")
        }
        names = Set(requested)
    }

    public func allows(_ event: LiveEvent) -> Bool {
        names.isEmpty || event.names.contains(where: names.contains)
    }
}

/// `--json` and `-f`/`--filter`: how the commands that print events (`watch`, `replay`, `demo`) print them.
public struct EventOutputArguments: ParsableArguments, Sendable {
    @Flag(help: "Print NDJSON, one {\"type\",\"data\"} object per line.")
    public var json = false

    @Option(
        name: [.short, .customLong("filter")],
        help: "Only these events, by name (comma-separated): chat,gift,social,...")
    public var filter: String?

    public init() {}
}

/// A failure the CLI reports as one line on stderr, with its exit status.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: ExitCode

    public init(_ message: String, exitCode: ExitCode = .usage) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}

// The CLI's exit statuses, documented in `--help` and the README: ArgumentParser's `ExitCode` with this tool's
// numbers. (`success` 0 and `failure` 1, "anything not covered below", are ArgumentParser's own.)
extension ExitCode {
    /// Bad arguments.
    public static let usage = ExitCode(2)
    /// An input file could not be opened or read, or is not a capture; `record`'s file cannot be written.
    public static let input = ExitCode(3)
    /// `watch`: the creator is not live.
    public static let offline = ExitCode(4)
    /// `watch`: TikTok has no such user.
    public static let notFound = ExitCode(5)
    /// `watch`: TikTok refused this client: a captcha or block page, a blocked device, an 18+ room without a session.
    public static let blocked = ExitCode(6)
    /// `watch`: the connection failed and reconnecting did not help (also: network errors, rate limiting).
    public static let connectionFailed = ExitCode(7)
    /// `watch`: the socket signer (`--signer`) kept failing.
    public static let signerFailed = ExitCode(8)
}
