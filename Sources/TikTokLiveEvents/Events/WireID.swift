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
        var text = text
        if let number = text.withUTF8(Self.number(printedAs:)) {
            self = .number(number)
        } else {
            self = .text(text)
        }
    }

    /// The `Int64` that `utf8` is exactly the printed form of (no `+`, no leading zero, no `-0`), else `nil`. The one
    /// rule for ids: text from users and relays, `id_str` straight from wire bytes, and de-duplication all use it.
    static func number(printedAs utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = utf8.first == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        guard index < utf8.count else { return nil }
        if utf8[index] == UInt8(ascii: "0") { return utf8.count == 1 ? 0 : nil }
        var magnitude: UInt64 = 0
        while index < utf8.count {
            let digit = utf8[index] &- UInt8(ascii: "0")
            let (times10, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(UInt64(digit))
            guard digit < 10, !overflowA, !overflowB else { return nil }
            magnitude = sum
            index += 1
        }
        guard negative else { return Int64(exactly: magnitude) }
        return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
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
