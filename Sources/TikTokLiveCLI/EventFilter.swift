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
                    + "Known names include: chat, gift, like, join, member, follow, share, social, viewer, roomUserSeq, "
                    + "caption, imDelete, battle, battleArmies, streamEnd, control, unknown, error.")
        }
        names = Set(requested)
    }

    public func allows(_ event: LiveEvent) -> Bool {
        names.isEmpty || event.names.contains(where: names.contains)
    }
}

/// A failure the CLI reports as one line on stderr, with its exit status.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitStatus.usage) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}

/// The CLI's exit statuses, documented in `--help` and the README.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Anything not covered below.
    public static let failure: Int32 = 1
    /// Bad arguments.
    public static let usage: Int32 = 2
    /// An input file could not be opened or read.
    public static let input: Int32 = 3
    /// `watch`: the creator is not live.
    public static let offline: Int32 = 4
    /// `watch`: TikTok has no such user.
    public static let notFound: Int32 = 5
    /// `watch`: TikTok refused this client: a captcha or block page, a blocked device, an 18+ room without a session.
    public static let blocked: Int32 = 6
    /// `watch`: the connection failed and reconnecting did not help (also: network errors, rate limiting).
    public static let connectionFailed: Int32 = 7
    /// `watch`: the socket signer (`--signer`) kept failing.
    public static let signerFailed: Int32 = 8
}
