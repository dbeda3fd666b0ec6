internal import Foundation
import TikTokLiveEvents

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
