/// Like totals that make sense: a room total that never goes backwards, and each viewer's running sum.
///
/// A like message carries `likeCount` (this batch of taps) and `totalLikes` (the room's total). The total comes from
/// whichever server shard sent the message and can be lower than one seen before
/// (docs/PROTOCOL.md#joins-likes-and-viewers); the counter keeps the highest. Per viewer, it sums `likeCount`.
///
/// A value type, meant for a `for try await` loop over ``TikTokLive/events`` (below): one task owns it and needs no
/// lock. `on(...)` handlers are `@Sendable` and cannot mutate a `var` they capture, so count in the loop instead.
///
/// ```swift
/// var likes = LikeCounter()
/// for try await event in live.events {
///     if case .like(let like) = event { likes.record(like) }
/// }
/// print(likes.roomTotal, likes.top(3).map { "\($0.user?.uniqueId ?? $0.userId): \($0.likes)" })
/// ```
public struct LikeCounter: Sendable, Hashable {
    /// One viewer's likes.
    public struct Liker: Sendable, Hashable {
        /// The user id, else the `uniqueId`, else `""`.
        public var userId: String
        /// The last user object seen for this viewer, for display.
        public var user: LiveUser?
        public var likes: Int
    }

    /// The highest room total seen: never decreases.
    public private(set) var roomTotal: Int64 = 0
    /// The sum of every `likeCount` recorded.
    public private(set) var counted: Int = 0
    private var likers: [String: Liker] = [:]

    public init() {}

    /// Records a like event; returns the room total after it (``roomTotal``).
    @discardableResult
    public mutating func record(_ like: LikeEvent) -> Int64 {
        let user = like.user
        return record(
            userId: user?.userId ?? user?.uniqueId ?? "", user: user, likeCount: like.likeCount,
            totalLikes: like.totalLikes)
    }

    /// Records likes given by their fields; returns the room total after them (``roomTotal``).
    @discardableResult
    public mutating func record(userId: String, user: LiveUser? = nil, likeCount: Int, totalLikes: Int64) -> Int64 {
        let count = max(likeCount, 0)
        counted += count
        likers[userId, default: Liker(userId: userId, user: user, likes: 0)].likes += count
        if let user { likers[userId]?.user = user }
        roomTotal = max(roomTotal, totalLikes)
        return roomTotal
    }

    /// A viewer's likes so far (0 for someone who has not liked).
    public func likes(of userId: String) -> Int {
        likers[userId]?.likes ?? 0
    }

    /// Every viewer who liked, most likes first; ties by user id.
    public var likersByCount: [Liker] {
        likers.values.sorted { ($1.likes, $0.userId) < ($0.likes, $1.userId) }
    }

    /// The `count` viewers with the most likes.
    public func top(_ count: Int) -> [Liker] {
        Array(likersByCount.prefix(max(count, 0)))
    }
}
