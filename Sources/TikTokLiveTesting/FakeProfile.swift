import Foundation

/// The profile a real edge sends with every user: avatar pictures, sec uid, follower counts, gifter level,
/// fan-club membership and badges.
///
/// Real webcast messages are mostly this profile (hundreds of bytes of avatar URLs and badges per user), so a
/// benchmark or a load test built on bare users would measure far less work than a real room costs.
public struct FakeProfile: Sendable, Hashable {
    /// Avatar picture URLs, sent in each of the three sizes (thumb, medium, large).
    public var avatarURLs: [String]
    public var secUid: String
    public var bio: String
    public var followingCount: Int64
    public var followerCount: Int64
    /// Gifter level (`pay_grade`), 0 for none.
    public var gifterLevel: Int32
    /// The host's fan club the user belongs to, if any, and their level in it.
    public var fansClubName: String?
    public var fansClubLevel: Int32
    public var isModerator: Bool
    public var isSubscriber: Bool

    public init(
        avatarURLs: [String], secUid: String, bio: String = "", followingCount: Int64 = 0, followerCount: Int64 = 0,
        gifterLevel: Int32 = 0, fansClubName: String? = nil, fansClubLevel: Int32 = 0, isModerator: Bool = false,
        isSubscriber: Bool = false
    ) {
        self.avatarURLs = avatarURLs
        self.secUid = secUid
        self.bio = bio
        self.followingCount = followingCount
        self.followerCount = followerCount
        self.gifterLevel = gifterLevel
        self.fansClubName = fansClubName
        self.fansClubLevel = fansClubLevel
        self.isModerator = isModerator
        self.isSubscriber = isSubscriber
    }

    /// A profile shaped like the ones TikTok sends (two CDN URLs per avatar size, a 76-character sec uid),
    /// varied by the user's id so a batch of users does not compress to nothing.
    public static func typical(for userId: Int64) -> FakeProfile {
        let seed = UInt64(bitPattern: userId) &* 0x9E37_79B9_7F4A_7C15
        let hash = String(seed, radix: 16)
        let avatarPath = "tos-maliva-avt-0068/\(hash)~c5_100x100.webp?lk3s=a5d48078&x-expires=1764201600"
        return FakeProfile(
            avatarURLs: [
                "https://p16-sign-va.tiktokcdn.com/\(avatarPath)&x-signature=\(hash.prefix(12))%3D",
                "https://p19-sign-va.tiktokcdn.com/\(avatarPath)&x-signature=\(hash.suffix(12))%3D",
            ],
            secUid: "MS4wLjABAAAA" + String(repeating: hash, count: 4).prefix(64),
            bio: seed % 3 == 0 ? "live every night ✨ \(seed % 1000)" : "",
            followingCount: Int64(seed % 2_000),
            followerCount: Int64(seed % 250_000),
            gifterLevel: Int32(seed % 5 == 0 ? seed % 40 : 0),
            fansClubName: seed % 4 == 0 ? "stars" : nil,
            fansClubLevel: seed % 4 == 0 ? Int32(seed % 20 + 1) : 0,
            isModerator: seed % 50 == 0,
            isSubscriber: seed % 10 == 0
        )
    }
}
