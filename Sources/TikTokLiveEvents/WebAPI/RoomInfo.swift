public import Foundation

/// A LIVE room as TikTok's `room/info` describes it: no socket needed. See ``TikTokWeb/roomInfo(of:)``.
public struct RoomInfo: Sendable, Hashable, Codable {
    public var roomId: String
    /// TikTok's room status: 2 live, 3 live but paused, 4 ended.
    public var status: Int
    public var title: String?
    public var owner: Owner?
    /// Viewers right now.
    public var viewerCount: Int?
    /// The room's like total.
    public var likeCount: Int?
    /// Viewers who entered since the room started.
    public var totalViewers: Int?
    /// When the room started.
    public var startTime: Date?
    /// The stream's pull URLs, best quality first; empty when the room is not live.
    public var streams: [StreamURLs]

    public init(
        roomId: String, status: Int, title: String? = nil, owner: Owner? = nil, viewerCount: Int? = nil,
        likeCount: Int? = nil, totalViewers: Int? = nil, startTime: Date? = nil, streams: [StreamURLs] = []
    ) {
        self.roomId = roomId
        self.status = status
        self.title = title
        self.owner = owner
        self.viewerCount = viewerCount
        self.likeCount = likeCount
        self.totalViewers = totalViewers
        self.startTime = startTime
        self.streams = streams
    }

    /// Live or paused (status 2 or 3).
    public var isLive: Bool { status == 2 || status == 3 }

    /// The URLs of one quality, if the room offers it.
    public func stream(_ quality: StreamQuality) -> StreamURLs? {
        streams.first { $0.quality == quality }
    }

    /// The room's host.
    public struct Owner: Sendable, Hashable, Codable {
        /// The numeric user id (64-bit, as a string).
        public var userId: String
        /// The @handle, without `@`.
        public var uniqueId: String?
        public var nickname: String?
        public var avatarUrl: String?

        public init(userId: String, uniqueId: String? = nil, nickname: String? = nil, avatarUrl: String? = nil) {
            self.userId = userId
            self.uniqueId = uniqueId
            self.nickname = nickname
            self.avatarUrl = avatarUrl
        }
    }
}

/// A stream quality, as `record --quality` names it. TikTok's `flv_pull_url` keys are `FULL_HD1` (the source
/// resolution, here `origin`), `HD1`, `SD1` and `SD2` (`ld`).
public enum StreamQuality: String, Sendable, Hashable, Codable, CaseIterable {
    case origin
    case hd
    case sd
    case ld

    /// The key of this quality in `room/info`'s `flv_pull_url` and `hls_pull_url_map`.
    public var wireKey: String {
        switch self {
        case .origin: "FULL_HD1"
        case .hd: "HD1"
        case .sd: "SD1"
        case .ld: "SD2"
        }
    }
}

/// Where one quality of a room's stream is pulled from.
public struct StreamURLs: Sendable, Hashable, Codable {
    public var quality: StreamQuality
    /// HTTP-FLV: one long response, what ``TikTokWeb`` records.
    public var flv: URL?
    /// HLS: an `.m3u8` playlist.
    public var hls: URL?

    public init(quality: StreamQuality, flv: URL? = nil, hls: URL? = nil) {
        self.quality = quality
        self.flv = flv
        self.hls = hls
    }
}
