/// The events that make up most of a busy room (chat, likes, joins, gifts, viewer counts), written straight into
/// NDJSON.
///
/// Through `Codable` an event costs a keyed container per level and a call through an existential box per field;
/// for these five that is most of `replay --json`'s JSON time. Each writer lists its payload's fields in
/// declaration order and omits `nil`s, so its bytes are the synthesized conformance's; the NDJSON parity tests
/// hold every event of the sample capture to that. Other events, and nested values such as emotes, take the
/// `Codable` road.
protocol DirectJSONPayload: EventPayload {
    /// Writes the payload's keys into the event's open object.
    func writeFields(to output: JSONOutput) throws
}

extension JSONOutput {
    /// Writes `{"type":name,"data":{...}}` for a hot event and returns `true`; `false` leaves the output untouched.
    func writeHotEvent(_ event: LiveEvent) throws -> Bool {
        switch event {
        case .chat(let chat): try writeEnvelope(event.name, chat)
        case .like(let like): try writeEnvelope(event.name, like)
        case .member(let member), .join(let member): try writeEnvelope(event.name, member)
        case .gift(let gift): try writeEnvelope(event.name, gift)
        case .roomUserSeq(let viewers): try writeEnvelope(event.name, viewers)
        default: return false
        }
        return true
    }

    /// The envelope and the base fields in the order `WireEvent.encode(to:)` writes them.
    private func writeEnvelope<Payload: DirectJSONPayload>(_ name: String, _ event: WireEvent<Payload>) throws {
        openObject()
        string("type", name)
        key(named: "data")
        openObject()
        string("type", event.type)
        integer("timestamp", event.timestamp)
        id("msgId", event.messageID)
        string("roomId", event.roomId)
        string("method", event.method)
        try event.payload.writeFields(to: self)
        if !event.extrasStorage.isEmpty {
            key(named: "extras")
            writer.writeExtras(event.extrasStorage)
        }
        closeObject()
        closeObject()
    }

    /// `"name":value` through the `Codable` road, omitted when `nil`: for nested values the fast path leaves alone.
    func encoded(_ name: StaticString, _ value: (some Encodable)?) throws {
        guard let value else { return }
        key(named: name)
        try encodeValue(value)
    }
}

extension ChatPayload: DirectJSONPayload {
    func writeFields(to output: JSONOutput) throws {
        output.user("user", user)
        output.string("comment", comment)
        try output.encoded("emotes", emotes)
        if let language { output.string("language", language) }
        try output.encoded("mentions", mentions)
    }
}

extension LikePayload: DirectJSONPayload {
    func writeFields(to output: JSONOutput) throws {
        output.user("user", user)
        output.integer("likeCount", likeCount)
        output.integer("totalLikes", totalLikes)
    }
}

extension MemberPayload: DirectJSONPayload {
    func writeFields(to output: JSONOutput) throws {
        output.user("user", user)
        output.integer("action", action)
        if let viewerCount { output.integer("viewerCount", viewerCount) }
        output.user("operator", `operator`)
        if let enterType { output.integer("enterType", enterType) }
        if let actionDescription { output.string("actionDescription", actionDescription) }
    }
}

extension GiftPayload: DirectJSONPayload {
    func writeFields(to output: JSONOutput) throws {
        output.user("user", user)
        output.user("toUser", toUser)
        output.integer("giftId", giftId)
        if let giftName { output.string("giftName", giftName) }
        output.integer("diamondCount", diamondCount)
        output.integer("repeatCount", repeatCount)
        output.bool("repeatEnd", repeatEnd)
        output.integer("giftType", giftType)
        output.bool("streakable", streakable)
        output.string("groupId", groupId)
        if let giftPictureUrl { output.string("giftPictureUrl", giftPictureUrl) }
        if let comboCount { output.integer("comboCount", comboCount) }
        if let groupCount { output.integer("groupCount", groupCount) }
        if let describe { output.string("describe", describe) }
        if let toMemberNickname { output.string("toMemberNickname", toMemberNickname) }
        if let fanTicketCount { output.integer("fanTicketCount", fanTicketCount) }
        if let logId { output.string("logId", logId) }
        if let sendType { output.integer("sendType", sendType) }
        if let isFirstSent { output.bool("isFirstSent", isFirstSent) }
    }
}

extension RoomUserSeqPayload: DirectJSONPayload {
    func writeFields(to output: JSONOutput) throws {
        output.integer("viewerCount", viewerCount)
        output.integer("totalViewers", totalViewers)
        // Real viewer counts carry a dozen ranked users: through `Codable` they were a tenth of a replay.
        output.key(named: "topViewers")
        output.writer.append(UInt8(ascii: "["))
        for (index, viewer) in topViewers.enumerated() {
            if index > 0 { output.writer.append(UInt8(ascii: ",")) }
            output.openObject()
            output.user("user", viewer.user)
            output.integer("coinCount", viewer.coinCount)
            output.integer("rank", viewer.rank)
            output.closeObject()
        }
        output.writer.append(UInt8(ascii: "]"))
        if let popularity { output.integer("popularity", popularity) }
        if let anonymousViewers { output.integer("anonymousViewers", anonymousViewers) }
    }
}
