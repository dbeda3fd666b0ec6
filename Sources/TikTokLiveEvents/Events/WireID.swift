/// A message or user id as events hold it: the 64-bit number the wire carries, shown to users as its decimal
/// string.
///
/// Why not a `String`: a 19-digit id is too long for Swift's inline small strings, so every id was a heap
/// allocation and a number-to-text conversion, and de-duplication then parsed the text back into a number; with
/// two or three ids per event that was ~5% of `replay --json`. Held as a number, an id costs nothing until its
/// text is asked for, JSON writes its digits straight from the number, and de-duplication uses it as is.
///
/// The form is canonical, so that comparing and hashing the storage agree with comparing the strings: text that
/// reads back as the same number (`"42"`) is stored as the number, and anything else (`"+42"`, `"042"`, an id
/// past 64 bits, a relay's non-numeric id) as the text.
enum WireID: Sendable, Hashable {
    case number(Int64)
    case text(String)

    init(_ number: Int64) {
        self = .number(number)
    }

    init(_ text: String) {
        if let number = Int64(text), Self.printsAsNumber(text) {
            self = .number(number)
        } else {
            self = .text(text)
        }
    }

    /// Whether text that parses as an `Int64` is also how that number prints: no `+`, no leading zero, no `-0`.
    private static func printsAsNumber(_ text: String) -> Bool {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first else { return false }
        return (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) || text == "0"
    }

    /// The id as users see it.
    var string: String {
        switch self {
        case .number(let number): String(number)
        case .text(let text): text
        }
    }
}

/// An id is its string in JSON and `Codable`.
extension WireID: Codable {
    init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
