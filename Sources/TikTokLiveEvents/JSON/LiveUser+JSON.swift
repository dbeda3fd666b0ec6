/// `LiveUser` written straight into the NDJSON buffer.
///
/// A user rides in nearly every event, and through `Codable` each one costs a dozen keyed-container calls
/// through existential boxes: about a third of the JSON time of a busy room. This writer produces the same
/// bytes as the synthesized `encode(to:)` (keys in declaration order, `nil` omitted), which a test holds it to.
extension JSONOutput {
    func writeUser(_ user: LiveUser) {
        openObject()
        if let userID = user.userID { id("userId", userID) }
        if let uniqueId = user.uniqueId { string("uniqueId", uniqueId) }
        if let nickname = user.nickname { string("nickname", nickname) }
        if let url = user.profilePictureUrl { string("profilePictureUrl", url) }
        if let role = user.followRole { integer("followRole", role) }
        bool("isSubscriber", user.isSubscriber)
        bool("isModerator", user.isModerator)
        if let grade = user.payGrade { integer("payGrade", grade) }
        if let level = user.teamMemberLevel { integer("teamMemberLevel", level) }
        if let secUid = user.secUid { string("secUid", secUid) }
        if let badges = user.badges {
            key(named: "badges")
            writer.append(UInt8(ascii: "["))
            for (index, badge) in badges.enumerated() {
                if index > 0 { writer.append(UInt8(ascii: ",")) }
                writeBadge(badge)
            }
            writer.append(UInt8(ascii: "]"))
        }
        closeObject()
    }

    private func writeBadge(_ badge: LiveUser.Badge) {
        openObject()
        integer("sceneType", badge.sceneType)
        integer("displayType", badge.displayType)
        if let level = badge.level { integer("level", level) }
        if let url = badge.imageUrl { string("imageUrl", url) }
        if let text = badge.text { string("text", text) }
        closeObject()
    }

    func openObject() {
        writer.append(UInt8(ascii: "{"))
        enterContainer()
    }

    func closeObject() {
        leaveContainer()
        writer.append(UInt8(ascii: "}"))
    }

    func string(_ name: StaticString, _ value: String) {
        key(named: name)
        writer.writeString(value)
    }

    /// `"name":"digits"`: an id as its string, written from the number without making the string.
    func id(_ name: StaticString, _ value: WireID) {
        key(named: name)
        switch value {
        case .number(let number):
            writer.append(UInt8(ascii: "\""))
            writer.writeInteger(number)
            writer.append(UInt8(ascii: "\""))
        case .text(let text):
            writer.writeString(text)
        }
    }

    func integer(_ name: StaticString, _ value: some BinaryInteger) {
        key(named: name)
        integer(value)
    }

    func bool(_ name: StaticString, _ value: Bool) {
        key(named: name)
        writer.append(value ? "true" : "false")
    }

    /// `"name":{user}`, omitted when there is no user, as `encodeIfPresent` does.
    func user(_ name: StaticString, _ value: LiveUser?) {
        guard let value else { return }
        key(named: name)
        writeUser(value)
    }
}
