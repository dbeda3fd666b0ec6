public import ArgumentParser
internal import Foundation
import TikTokLiveEvents

/// `--web-url`, `--webcast-url` and `--ws-url`: where every command that talks to TikTok (or the sandbox) talks to.
public struct EndpointArguments: ParsableArguments, Sendable {
    @Option(name: .customLong("web-url"), help: "The web host (room lookup, ttwid), e.g. https://www.tiktok.com.")
    public var webURL: String?

    @Option(name: .customLong("webcast-url"), help: "The webcast API host, e.g. https://webcast.tiktok.com.")
    public var webcastURL: String?

    @Option(name: .customLong("ws-url"), help: "The push socket URL, path included.")
    public var wsURL: String?

    public init() {}

    /// The three `--*-url` options.
    public var endpoints: WatchCommand.EndpointOptions {
        WatchCommand.EndpointOptions(webURL: webURL, webcastURL: webcastURL, wsURL: wsURL)
    }
}

/// `--signer`, for the commands that open the push socket: `watch`, `serve`, `doctor` and `fleet`.
public struct SignerArgument: ParsableArguments, Sendable {
    @Option(
        name: .customLong("signer"),
        help: ArgumentHelp(
            "Have this signing service sign the socket URL (POST {url,userAgent} -> {url}). Default: $TIKTOK_LIVE_SIGNER_URL.",
            valueName: "url"))
    public var signer: String?

    public init() {}
}

/// `--signer URL` and `--room-id`, shared by `watch`, `serve` and `doctor`.
public struct ConnectionOptions: Sendable {
    /// A signing service for the socket URL (`HTTPSocketSigner`); `nil` falls back to `$TIKTOK_LIVE_SIGNER_URL`.
    public var signer: String?
    /// Room ids known ahead, by username: those creators are not looked up.
    public var roomIds: [String: String]

    /// The variable `--signer` defaults to.
    public static let signerVariable = "TIKTOK_LIVE_SIGNER_URL"

    public init(signer: String? = nil, roomIds: [String: String] = [:]) {
        self.signer = signer
        self.roomIds = roomIds
    }

    /// `serve --room-id CREATOR=ID` (repeatable): each pair checked.
    public static func roomIds(pairs: [String]) throws(CLIError) -> [String: String] {
        var ids: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let name = try? TikTokLive.validateUsername(parts[0]) else {
                throw CLIError("--room-id takes CREATOR=ROOM_ID, got \"\(pair)\"")
            }
            ids[name] = try roomId(parts[1])
        }
        return ids
    }

    /// A room id: digits only.
    public static func roomId(_ text: String) throws(CLIError) -> String {
        guard let number = UInt64(text), number > 0 else {
            throw CLIError("--room-id must be a room id (digits), got \"\(text)\"")
        }
        return String(number)
    }

    func apply(
        to configuration: inout TikTokLive.Configuration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CLIError) {
        configuration.knownRoomIds.merge(roomIds) { _, new in new }
        let signerText = signer ?? environment[Self.signerVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let signerText {
            let option = signer == nil ? "$\(Self.signerVariable)" : "--signer"
            let url = try WatchCommand.EndpointOptions.url(signerText, option: option, schemes: ["http", "https"])
            configuration.socketSigner = HTTPSocketSigner(url: url, timeout: configuration.httpTimeout)
        }
    }
}
