/// Whether one creator is live, from ``TikTokWeb/liveStatus(of:concurrency:)``.
public struct LiveStatus: Sendable, Hashable {
    /// What the check found.
    public enum State: String, Sendable, Hashable, Codable {
        case live
        case offline
        /// TikTok has no such user.
        case notFound
        /// A captcha or block page, or an 18+ room without a session.
        case blocked
        /// The check failed for another reason (network, rate limiting that outlasted the retries, a bad name).
        case error
    }

    /// The handle as asked for, without `@`.
    public var uniqueId: String
    public var state: State
    /// The live room's id.
    public var roomId: String?
    public var title: String?
    public var viewerCount: Int?
    /// Why the state is `blocked` or `error` (also set for `notFound` and `offline`).
    public var error: TikTokLiveError?

    public init(
        uniqueId: String, state: State, roomId: String? = nil, title: String? = nil, viewerCount: Int? = nil,
        error: TikTokLiveError? = nil
    ) {
        self.uniqueId = uniqueId
        self.state = state
        self.roomId = roomId
        self.title = title
        self.viewerCount = viewerCount
        self.error = error
    }

    public var isLive: Bool { state == .live }
}
