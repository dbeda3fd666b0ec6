internal import Foundation
internal import TikTokLiveProto

/// Decodes the messages that make up nearly all of a busy room's traffic (chat, like, member, gift and viewer
/// counts) straight from wire bytes into events, reading only the fields events carry.
///
/// Why it exists: the generated decoder builds every message in full, each user with all its pictures and
/// badges, in heap storage with runtime exclusivity checks, and that was two thirds of the cost of an event
/// on a busy room. This reads the same fields with the same protobuf rules (last value wins, repeated embedded
/// messages merge, a known field with another wire type is an unknown field) and skips the rest.
///
/// It returns `nil` for anything it was not written for: chat mention lists and emotes, a truncated or malformed
/// field, text that is not UTF-8. ``EventMapper`` then uses the generated decoder, which decodes the message or
/// says what is wrong with it, so both paths agree on every message the fast one accepts; tests hold them to
/// the same events. One difference is deliberate: a field no event reads is skipped unvalidated, so bad text
/// there does not cost the message.
enum HotMessageDecoder {
    /// A message of a shape this decoder leaves to the generated one (chat mention lists and emotes).
    struct NotHandled: Error {}

    /// The methods read here.
    enum Kind: Sendable {
        case chat, like, member, gift, roomUserSeq

        init?(method: String) {
            switch method {
            case "WebcastChatMessage": self = .chat
            case "WebcastLikeMessage": self = .like
            case "WebcastMemberMessage": self = .member
            case "WebcastGiftMessage": self = .gift
            case "WebcastRoomUserSeqMessage": self = .roomUserSeq
            default: return nil
            }
        }
    }

    /// The event of one message, or `nil` to leave it to the generated decoder.
    static func event(_ context: EventMapper.Context, name: String) -> LiveEvent? {
        let reader: (inout WireCursor, EventMapper.Context, String) throws -> LiveEvent
        switch context.hotKind {
        case .chat: reader = chat
        case .like: reader = like
        case .member: reader = member
        case .gift: reader = gift
        case .roomUserSeq: reader = roomUserSeq
        case nil: return nil
        }
        var cursor = WireCursor(context.bytes)
        return try? reader(&cursor, context, name)
    }

    // MARK: - Messages

    static func chat(_ cursor: inout WireCursor, _ context: EventMapper.Context, _ name: String) throws -> LiveEvent {
        var top = TopLevel()
        var user: UserReader?
        var atUser: UserReader?
        var identity: Webcast_UserIdentity?
        var content = ""
        var language = ""
        while let key = try top.nextKey(&cursor) {
            switch (key.number, key.wireType) {
            case (1, 2): try top.readCommon(&cursor)
            case (2, 2): try UserReader.read(&cursor, into: &user)
            case (3, 2): content = try cursor.string()
            // Known to the schema but not to events: read, so that it is not taken for an extra.
            case (4, 0): _ = try cursor.bool()
            // The one user a reply names (one chat in seven on real traffic): alone, it is the mention list.
            case (12, 2): try UserReader.read(&cursor, into: &atUser)
            case (14, 2): language = try cursor.string()
            case (18, 2): try readIdentity(&cursor, into: &identity)
            // Mention lists and emotes are rare and have their own rules (EventMapper.chat): the generated decoder's
            // path handles them.
            case (13, _), (27, _), (28, _): throw NotHandled()
            default: try top.keepUnknown(&cursor, key)
            }
        }
        let payload = ChatPayload(
            user: user?.user(identity: identity), comment: content, emotes: nil, language: nonEmpty(language),
            mentions: atUser.map { [$0.user()] })
        return .chat(top.event(name, context, payload, cursor.bytes))
    }

    static func like(_ cursor: inout WireCursor, _ context: EventMapper.Context, _ name: String) throws -> LiveEvent {
        var top = TopLevel()
        var user: UserReader?
        var count: Int32 = 0
        var total: Int64 = 0
        while let key = try top.nextKey(&cursor) {
            switch (key.number, key.wireType) {
            case (1, 2): try top.readCommon(&cursor)
            case (2, 0): count = try cursor.int32()
            case (3, 0): total = try cursor.int64()
            case (5, 2): try UserReader.read(&cursor, into: &user)
            default: try top.keepUnknown(&cursor, key)
            }
        }
        let payload = LikePayload(user: user?.user(), likeCount: Int(count), totalLikes: total)
        return .like(top.event(name, context, payload, cursor.bytes))
    }

    static func member(_ cursor: inout WireCursor, _ context: EventMapper.Context, _ name: String) throws -> LiveEvent {
        var top = TopLevel()
        var user: UserReader?
        var operatorUser: UserReader?
        var memberCount: Int32 = 0
        var enterType: Int32 = 0
        var action: Int32 = 0
        var actionDescription = ""
        while let key = try top.nextKey(&cursor) {
            switch (key.number, key.wireType) {
            case (1, 2): try top.readCommon(&cursor)
            case (2, 2): try UserReader.read(&cursor, into: &user)
            case (3, 0): memberCount = try cursor.int32()
            case (4, 2): try UserReader.read(&cursor, into: &operatorUser)
            case (9, 0): enterType = try cursor.int32()
            case (10, 0): action = try cursor.int32()
            case (11, 2): actionDescription = try cursor.string()
            default: try top.keepUnknown(&cursor, key)
            }
        }
        let payload = MemberPayload(
            user: user?.user(), action: action, memberCount: memberCount, operator: operatorUser?.user(),
            enterType: enterType, actionDescription: actionDescription)
        let bytes = cursor.bytes
        return EventMapper.memberEvent(action: action, name: name) {
            top.event($0, context, payload, bytes)
        }
    }

    static func gift(_ cursor: inout WireCursor, _ context: EventMapper.Context, _ name: String) throws -> LiveEvent {
        var top = TopLevel()
        var user: UserReader?
        var toUser: UserReader?
        var identity: Webcast_UserIdentity?
        var fields = GiftWireFields()
        while let key = try top.nextKey(&cursor) {
            switch (key.number, key.wireType) {
            case (1, 2): try top.readCommon(&cursor)
            case (2, 0): fields.giftId = try cursor.int64()
            case (3, 0): fields.fanTicketCount = try cursor.int64()
            case (4, 0): fields.groupCount = try cursor.int32()
            case (5, 0): fields.repeatCount = try cursor.int32()
            case (6, 0): fields.comboCount = try cursor.int32()
            case (7, 2): try UserReader.read(&cursor, into: &user)
            case (8, 2): try UserReader.read(&cursor, into: &toUser)
            case (9, 0): fields.repeatEnd = try cursor.int32()
            case (11, 0): fields.groupId = try cursor.uint64()
            case (15, 2): try readGiftDefinition(&cursor, into: &fields)
            case (16, 2): fields.logId = try cursor.string()
            case (17, 0): fields.sendType = try cursor.int64()
            case (25, 0): fields.isFirstSent = try cursor.bool()
            case (32, 2): try readIdentity(&cursor, into: &identity)
            case (47, 2): fields.toMemberNickname = try cursor.string()
            default: try top.keepUnknown(&cursor, key)
            }
        }
        let payload = GiftPayload(fields, user: user?.user(identity: identity), toUser: toUser?.user())
        return .gift(top.event(name, context, payload, cursor.bytes))
    }

    static func roomUserSeq(_ cursor: inout WireCursor, _ context: EventMapper.Context, _ name: String) throws
        -> LiveEvent
    {
        var top = TopLevel()
        var ranks: [RoomUserSeqPayload.TopViewer] = []
        var total: Int64 = 0
        var popularity: Int64 = 0
        var totalUser: Int64 = 0
        var anonymous: Int64 = 0
        while let key = try top.nextKey(&cursor) {
            switch (key.number, key.wireType) {
            case (1, 2): try top.readCommon(&cursor)
            case (2, 2): ranks.append(try readTopViewer(&cursor))
            case (3, 0): total = try cursor.int64()
            case (6, 0): popularity = try cursor.int64()
            case (7, 0): totalUser = try cursor.int64()
            case (8, 0): anonymous = try cursor.int64()
            default: try top.keepUnknown(&cursor, key)
            }
        }
        let payload = RoomUserSeqPayload(
            viewerCount: total, totalUser: totalUser, ranks: ranks, popularity: popularity, anonymous: anonymous)
        return .roomUserSeq(top.event(name, context, payload, cursor.bytes))
    }

    // MARK: - Embedded messages

    static func readTopViewer(_ cursor: inout WireCursor) throws -> RoomUserSeqPayload.TopViewer {
        var entry = try cursor.message()
        var user: UserReader?
        var score: Int64 = 0
        var rank: Int64 = 0
        while let key = try entry.nextKey() {
            switch (key.number, key.wireType) {
            case (1, 0): score = try entry.int64()
            case (2, 2): try UserReader.read(&entry, into: &user)
            case (3, 0): rank = try entry.int64()
            default: try entry.skip(key.wireType)
            }
        }
        return RoomUserSeqPayload.TopViewer(user: user?.user(), coinCount: score, rank: Int(rank))
    }

    static func readGiftDefinition(_ cursor: inout WireCursor, into fields: inout GiftWireFields)
        throws
    {
        var gift = try cursor.message()
        while let key = try gift.nextKey() {
            switch (key.number, key.wireType) {
            case (1, 2) where fields.imageURL == nil: fields.imageURL = try gift.firstURLOfImage()
            case (2, 2): fields.describe = try gift.string()
            case (5, 0): fields.definitionId = try gift.int64()
            case (11, 0): fields.giftType = try gift.int32()
            case (12, 0): fields.diamondCount = try gift.int32()
            case (16, 2): fields.name = try gift.string()
            case (21, 2) where fields.iconURL == nil: fields.iconURL = try gift.firstURLOfImage()
            default: try gift.skip(key.wireType)
            }
        }
    }

    /// How the sender relates to the host; a second occurrence merges into the first, as protobuf merges.
    static func readIdentity(_ cursor: inout WireCursor, into identity: inout Webcast_UserIdentity?)
        throws
    {
        var fields = try cursor.message()
        var merged = identity ?? Webcast_UserIdentity()
        while let key = try fields.nextKey() {
            switch (key.number, key.wireType) {
            case (2, 0): merged.isSubscriberOfAnchor = try fields.bool()
            case (3, 0): merged.isMutualFollowingWithAnchor = try fields.bool()
            case (4, 0): merged.isFollowerOfAnchor = try fields.bool()
            case (5, 0): merged.isModeratorOfAnchor = try fields.bool()
            default: try fields.skip(key.wireType)
            }
        }
        identity = merged
    }
}

extension HotMessageDecoder {
    /// The top level of a message: its common block (the base fields) and the fields the schema does not name,
    /// which become `extras` exactly as the generated decoder's unknown fields do.
    struct TopLevel {
        var hasCommon = false
        var msgId: Int64 = 0
        var roomId: Int64 = 0
        var createTime: Int64 = 0
        /// Where the field being read starts, key included.
        var fieldStart = 0
        /// The unknown fields' bytes, as runs of adjacent fields: unknown fields mostly come in a row (a chat's
        /// 14-18 ranking entries), so a message has one or two runs, the first held without an array.
        var firstUnknownRun: Range<Int>?
        var moreUnknownRuns: [Range<Int>] = []

        mutating func nextKey(_ cursor: inout WireCursor) throws -> WireCursor.Key? {
            fieldStart = cursor.index
            return try cursor.nextKey()
        }

        mutating func readCommon(_ cursor: inout WireCursor) throws {
            hasCommon = true
            var common = try cursor.message()
            while let key = try common.nextKey() {
                switch (key.number, key.wireType) {
                case (2, 0): msgId = try common.int64()
                case (3, 0): roomId = try common.int64()
                case (4, 0): createTime = try common.int64()
                default: try common.skip(key.wireType)
                }
            }
        }

        /// Keeps the field just keyed, key and all, for `extras`.
        mutating func keepUnknown(_ cursor: inout WireCursor, _ key: WireCursor.Key) throws {
            try cursor.skip(key.wireType)
            let field = fieldStart..<cursor.index
            guard let first = firstUnknownRun else {
                firstUnknownRun = field
                return
            }
            if let last = moreUnknownRuns.last {
                if last.upperBound == field.lowerBound {
                    moreUnknownRuns[moreUnknownRuns.count - 1] = last.lowerBound..<field.upperBound
                } else {
                    moreUnknownRuns.append(field)
                }
            } else if first.upperBound == field.lowerBound {
                firstUnknownRun = first.lowerBound..<field.upperBound
            } else {
                moreUnknownRuns.append(field)
            }
        }

        /// The event, with the base fields filled as ``EventMapper`` fills them.
        func event<Payload: EventPayload>(
            _ type: String, _ context: EventMapper.Context, _ payload: Payload, _ bytes: UnsafeRawBufferPointer
        ) -> WireEvent<Payload> {
            var extras = ExtrasStorage.none
            if let first = firstUnknownRun {
                // A copy of those fields' bytes, decoded only when someone reads them.
                let size = moreUnknownRuns.reduce(first.count) { $0 + $1.count }
                let raw = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                    let target = UnsafeMutableRawBufferPointer(buffer)
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[first]))
                    var offset = first.count
                    for run in moreUnknownRuns {
                        UnsafeMutableRawBufferPointer(rebasing: target[offset..<offset + run.count])
                            .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[run]))
                        offset += run.count
                    }
                    initialized = size
                }
                extras = ExtrasStorage(unknownFields: raw)
            }
            return WireEvent(
                type: type,
                timestamp: hasCommon && createTime > 0 ? createTime : context.receivedAt,
                messageID: WireID(hasCommon && msgId != 0 ? msgId : context.envelopeMsgId),
                roomId: context.roomIds.text(for: roomId),
                method: context.method,
                extras: extras,
                payload: payload)
        }
    }

    /// Gathers a wire `User`; a user field seen twice merges into the first, as protobuf merges embedded messages.
    struct UserReader {
        var fields = UserWireFields()
        var bytes: UnsafeRawBufferPointer
        /// The medium and large pictures (bytes fields: the last one wins), read only when the thumb has no URL.
        var medium: Range<Int>?
        var large: Range<Int>?

        static func read(_ cursor: inout WireCursor, into reader: inout UserReader?) throws {
            var user = reader ?? UserReader(bytes: cursor.bytes)
            try user.read(try cursor.message())
            reader = user
        }

        mutating func read(_ user: WireCursor) throws {
            var user = user
            while let key = try user.nextKey() {
                switch (key.number, key.wireType) {
                case (1, 0): fields.id = try user.int64()
                case (3, 2): fields.nickname = try user.string()
                case (9, 2) where fields.avatar == nil: fields.avatar = try user.firstURLOfImage()
                case (10, 2): medium = try user.lengthDelimited()
                case (11, 2): large = try user.lengthDelimited()
                case (22, 2):
                    fields.hasFollowInfo = true
                    try user.eachField(3, 0) { fields.followInfoStatus = try $0.int64() }
                case (23, 2):
                    try user.eachField(6, 0) { fields.payGradeLevel = try $0.int32() }
                case (24, 2):
                    try user.eachField(1, 2) { data in
                        try data.eachField(2, 0) { fields.fansClubLevel = try $0.int32() }
                    }
                case (32, 2):
                    try user.eachField { key, attributes in
                        switch (key.number, key.wireType) {
                        case (2, 0): fields.isAdmin = try attributes.bool()
                        case (3, 0): fields.isSuperAdmin = try attributes.bool()
                        default: try attributes.skip(key.wireType)
                        }
                    }
                case (38, 2): fields.displayId = try user.string()
                case (46, 2): fields.secUid = try user.string()
                case (63, 2):
                    try user.eachField { key, subscription in
                        switch (key.number, key.wireType) {
                        case (2, 0): fields.subscribeInfoIsSubscribe = try subscription.bool()
                        case (7, 0): fields.subscribeInfoIsSubscribedToAnchor = try subscription.bool()
                        default: try subscription.skip(key.wireType)
                        }
                    }
                case (64, 2):
                    // Users with badges mostly have two or three: one allocation instead of three.
                    if fields.badges.isEmpty { fields.badges.reserveCapacity(4) }
                    fields.badges.append(LiveUser.Badge(try Self.badge(&user)))
                case (66, 2):
                    try user.eachField(2, 0) { fields.fansClubInfoLevel = try $0.int64() }
                case (1024, 0): fields.followStatus = try user.int64()
                case (1028, 2): fields.idStr = try user.wireID()
                case (1090, 0): fields.isSubscribe = try user.bool()
                default: try user.skip(key.wireType)
                }
            }
        }

        /// A `BadgeStruct`: which of its image, text, string and combined parts is set depends on its display type.
        static func badge(_ cursor: inout WireCursor) throws -> BadgeWireFields {
            var fields = BadgeWireFields()
            try cursor.eachField { key, badge in
                switch (key.number, key.wireType) {
                case (1, 0): fields.displayType = try badge.int32()
                case (3, 0): fields.sceneType = try badge.int32()
                case (12, 2):
                    try badge.eachField(5, 2) { fields.level = try $0.string() }
                case (20, 2):
                    try badge.eachField(2, 2) { image in
                        if fields.imageURL == nil {
                            fields.imageURL = try image.firstURLOfImage()
                        } else {
                            try image.skip(2)
                        }
                    }
                case (21, 2):
                    try badge.eachField(3, 2) { fields.textPattern = try $0.string() }
                case (22, 2):
                    try badge.eachField(2, 2) { fields.str = try $0.string() }
                case (23, 2):
                    try badge.eachField { key, combine in
                        switch (key.number, key.wireType) {
                        case (2, 2) where fields.combineIconURL == nil:
                            fields.combineIconURL = try combine.firstURLOfImage()
                        case (3, 2):
                            try combine.eachField(2, 2) { fields.combineTextPattern = try $0.string() }
                        default: try combine.skip(key.wireType)
                        }
                    }
                default: try badge.skip(key.wireType)
                }
            }
            return fields
        }

        /// The user, with the sender's relation to the host folded in when the message carried it.
        consuming func user(identity: Webcast_UserIdentity? = nil) -> LiveUser {
            if fields.avatar == nil {
                fields.avatar = firstURL(medium) ?? firstURL(large)
            }
            var user = LiveUser(fields)
            if let identity { user.apply(identity) }
            return user
        }

        /// As the generated path decodes these pictures (lazily, whole): one that does not decode in full, text
        /// included, is no picture.
        private func firstURL(_ range: Range<Int>?) -> String? {
            guard let range, !range.isEmpty else { return nil }
            var image = WireCursor(bytes, range: range)
            var first: String?
            do {
                while let key = try image.nextKey() {
                    switch (key.number, key.wireType) {
                    case (1, 2):
                        let url = try image.string()
                        if first == nil { first = url }
                    case (2, 2): _ = try image.string()
                    default: try image.skip(key.wireType)
                    }
                }
            } catch {
                return nil
            }
            return first
        }
    }
}
