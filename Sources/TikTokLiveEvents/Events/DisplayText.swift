internal import TikTokLiveProto

/// TikTok's localisable texts (`Text`: a key, a template such as `{0:user} sent {1:gift}`, and the values for its
/// slots) made into the sentence a viewer reads. Several messages carry their only readable text this way, most in
/// `common.display_text` (docs/PROTOCOL.md#text).
enum DisplayText {
    /// The template with each `{n:kind}` slot filled from piece `n`: a user by nickname (else handle), a gift or a
    /// pattern by its name, anything else by its string. A slot without a piece is left as it is, so nothing is
    /// invented; a text without a template is its key; an empty text is `nil`.
    static func render(_ text: Webcast_Text) -> String? {
        let pattern = text.defaultPattern
        guard !pattern.isEmpty else { return nonEmpty(text.key) }
        guard !text.pieces.isEmpty, pattern.contains("{") else { return pattern }
        var result = ""
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let slot = rest[rest.index(after: open)..<close]
            let number = slot.prefix { $0 != ":" }
            if let index = Int(number), text.pieces.indices.contains(index) {
                result += value(of: text.pieces[index])
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The user a text names in its first user slot, e.g. the viewer a rank notice is about.
    static func firstUser(_ text: Webcast_Text) -> LiveUser? {
        text.pieces.first { $0.hasUserValue }.flatMap { LiveUser($0.userValue.user, present: $0.userValue.hasUser) }
    }

    static func value(of piece: Webcast_TextPiece) -> String {
        if piece.hasUserValue {
            let user = piece.userValue.user
            return nonEmpty(user.nickname) ?? user.displayID
        }
        if piece.hasGiftValue {
            let name = piece.giftValue.nameRef
            return nonEmpty(name.defaultPattern) ?? nonEmpty(name.key) ?? String(piece.giftValue.giftID)
        }
        if piece.hasPatternRefValue {
            return nonEmpty(piece.patternRefValue.defaultPattern) ?? piece.patternRefValue.key
        }
        return piece.stringValue
    }
}
