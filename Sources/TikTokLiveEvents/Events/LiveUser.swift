/// A person in the room: viewer, host, guest or moderator (`user`, `toUser`, `operator`, ... in JSON).
///
/// Absent data is omitted, not invented: a field is `nil` when the wire did not carry it.
public struct LiveUser: Sendable, Hashable, Codable {
    /// Numeric user id, as a string (64-bit).
    public var userId: String? {
        get { userID?.string }
        set { userID = newValue.map(WireID.init) }
    }
    /// The user id as held: the wire's number, made text only when ``userId`` is read.
    var userID: WireID?
    /// The @handle, without the @.
    public var uniqueId: String?
    public var nickname: String?
    public var profilePictureUrl: String?
    /// 0 none, 1 follower, 2 friend (mutual follow).
    public var followRole: Int?
    public var isSubscriber: Bool
    public var isModerator: Bool
    /// Gifter level.
    public var payGrade: Int?
    /// Fan-club (team) level.
    public var teamMemberLevel: Int?
    public var secUid: String?
    public var badges: [Badge]?

    /// The keys of JSON and `Codable`, in the order they are written.
    enum CodingKeys: String, CodingKey {
        case userID = "userId"
        case uniqueId, nickname, profilePictureUrl, followRole, isSubscriber, isModerator, payGrade, teamMemberLevel
        case secUid, badges
    }

    public init(
        userId: String? = nil, uniqueId: String? = nil, nickname: String? = nil, profilePictureUrl: String? = nil,
        followRole: Int? = nil, isSubscriber: Bool = false, isModerator: Bool = false, payGrade: Int? = nil,
        teamMemberLevel: Int? = nil, secUid: String? = nil, badges: [Badge]? = nil
    ) {
        self.init(
            userID: userId.map(WireID.init), uniqueId: uniqueId, nickname: nickname,
            profilePictureUrl: profilePictureUrl, followRole: followRole, isSubscriber: isSubscriber,
            isModerator: isModerator, payGrade: payGrade, teamMemberLevel: teamMemberLevel, secUid: secUid,
            badges: badges)
    }

    init(
        userID: WireID?, uniqueId: String?, nickname: String?, profilePictureUrl: String?, followRole: Int?,
        isSubscriber: Bool, isModerator: Bool, payGrade: Int?, teamMemberLevel: Int?, secUid: String?,
        badges: [Badge]?
    ) {
        self.userID = userID
        self.uniqueId = uniqueId
        self.nickname = nickname
        self.profilePictureUrl = profilePictureUrl
        self.followRole = followRole
        self.isSubscriber = isSubscriber
        self.isModerator = isModerator
        self.payGrade = payGrade
        self.teamMemberLevel = teamMemberLevel
        self.secUid = secUid
        self.badges = badges
    }

    /// A badge shown next to a user's name.
    public struct Badge: Sendable, Hashable, Codable {
        /// What the badge stands for: 1 moderator, 4 subscriber, 6 top gifter, 8 gifter level, 10 fan club, ...
        public var sceneType: Int
        /// 1 image, 2 text, 3 string, 4 combined.
        public var displayType: Int
        public var level: Int?
        public var imageUrl: String?
        public var text: String?

        public init(sceneType: Int, displayType: Int, level: Int? = nil, imageUrl: String? = nil, text: String? = nil) {
            self.sceneType = sceneType
            self.displayType = displayType
            self.level = level
            self.imageUrl = imageUrl
            self.text = text
        }
    }

    /// A name for logs and the CLI: the handle, else the nickname, else the id.
    public var displayName: String {
        uniqueId ?? nickname ?? userId ?? "?"
    }
}
