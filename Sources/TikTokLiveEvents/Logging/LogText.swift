/// How text from outside (a URL, a username someone typed, a name the wire sent) is written into log lines and error
/// messages: one place, so that no caller forgets a case.
package enum LogText {
    /// Text from outside longer than this is cut (``quoted(_:limit:)``): a 60 KB "username" is not worth echoing.
    package static let defaultLimit = 80

    /// The URL without its query: queries can carry tokens (`apiKey=`), signatures and user data, never anything a
    /// reader of a log needs. A removed query is shown as `?<redacted>`, so the reader knows there was one.
    package static func url(_ url: some StringProtocol) -> String {
        guard let mark = url.firstIndex(of: "?") else { return escaped(url, limit: 512) }
        let base = escaped(url[..<mark], limit: 512)
        return url.index(after: mark) == url.endIndex ? base : base + "?<redacted>"
    }

    /// `text` in double quotes, on one line: quotes, backslashes, control characters (newlines above all, which
    /// would forge log lines) and Unicode line or paragraph separators escaped the way Swift writes them; cut after
    /// `limit` characters with a note of how many more there were.
    package static func quoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        quoted(text, limit: limit, quotes: true)
    }

    /// `text` on one line and cut as ``quoted(_:limit:)`` makes it, without the quotes: for a name the message
    /// already marks (`@name`).
    package static func escaped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        quoted(text, limit: limit, quotes: false)
    }

    private static func quoted(_ text: some StringProtocol, limit: Int, quotes: Bool) -> String {
        var out = quotes ? "\"" : ""
        var count = 0
        for character in text {
            guard count < limit else { break }
            count += 1
            for scalar in character.unicodeScalars {
                switch scalar {
                case "\"" where quotes: out += "\\\""
                case "\\" where quotes: out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _
                where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029:
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        if quotes { out += "\"" }
        let rest = text.count - count
        if rest > 0 { out += "… (\(rest) more characters)" }
        return out
    }
}
