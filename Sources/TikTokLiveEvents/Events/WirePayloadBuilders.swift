// Payloads built from the wire values both decoders gather (the generated one in `EventMapper` and
// `HotMessageDecoder`), so that the rules users rely on (a non-streakable gift is complete on arrival, a join
// is action 1, top viewers come in rank order) are written once.

/// What this library reads of a wire `GiftMessage` and its `Gift` definition, besides the users.
struct GiftWireFields {
    var giftId: Int64 = 0
    var groupCount: Int32 = 0
    var repeatCount: Int32 = 0
    var comboCount: Int32 = 0
    var repeatEnd: Int32 = 0
    var groupId: UInt64 = 0
    var toMemberNickname = ""
    /// The definition's own id: the gift id when the message leaves field 2 unset.
    var definitionId: Int64 = 0
    var giftType: Int32 = 0
    var diamondCount: Int32 = 0
    var name = ""
    var describe = ""
    var imageURL: String?
    var iconURL: String?
    var fanTicketCount: Int64 = 0
    var logId = ""
    var sendType: Int64 = 0
    var isFirstSent = false
}

extension GiftPayload {
    init(_ gift: GiftWireFields, user: LiveUser?, toUser: LiveUser?) {
        let giftType = Int(gift.giftType)
        let streakable = giftType == 1
        self.init(
            user: user, toUser: toUser, giftId: gift.giftId != 0 ? gift.giftId : gift.definitionId,
            giftName: nonEmpty(gift.name), diamondCount: Int(gift.diamondCount),
            repeatCount: Int(max(gift.repeatCount, 1)),
            // A gift that cannot streak is complete the moment it arrives.
            repeatEnd: gift.repeatEnd == 1 || !streakable, giftType: giftType, streakable: streakable,
            groupId: String(gift.groupId), giftPictureUrl: gift.imageURL ?? gift.iconURL,
            comboCount: nonZero(gift.comboCount), groupCount: nonZero(gift.groupCount),
            describe: nonEmpty(gift.describe), toMemberNickname: nonEmpty(gift.toMemberNickname),
            fanTicketCount: nonZero(gift.fanTicketCount), logId: nonEmpty(gift.logId), sendType: nonZero(gift.sendType),
            isFirstSent: gift.isFirstSent ? true : nil)
    }
}

extension MemberPayload {
    init(
        user: LiveUser?, action: Int32, memberCount: Int32, operator: LiveUser?, enterType: Int32,
        actionDescription: String
    ) {
        self.init(
            user: user, action: Int(action), viewerCount: memberCount > 0 ? Int(memberCount) : nil,
            operator: `operator`, enterType: nonZero(enterType), actionDescription: nonEmpty(actionDescription))
    }
}

extension RoomUserSeqPayload {
    init(viewerCount: Int64, totalUser: Int64, ranks: [TopViewer], popularity: Int64, anonymous: Int64) {
        self.init(
            viewerCount: viewerCount, totalViewers: totalUser, topViewers: ranks.sorted { $0.rank < $1.rank },
            popularity: nonZero(popularity), anonymousViewers: nonZero(anonymous))
    }
}
