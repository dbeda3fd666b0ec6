internal import CJSONEscape

/// The fields of a message that our schema does not name, turned into JSON without a schema, so that a field TikTok
/// adds tomorrow reaches users the day it ships, keyed by its field number.
///
/// Varints and fixed-width numbers become numbers; a length-delimited field becomes text when it is clean UTF-8, a
/// nested object when it parses as a complete message, and base64 otherwise. A number seen more than once becomes an
/// array, in wire order, at the place of its first occurrence.
///
/// Two readers share these rules: ``decode(_:)`` builds a ``JSONObject`` for the typed API, and the NDJSON writer
/// goes from wire bytes to JSON text with no tree in between (`JSON/WireExtras+JSON.swift`). Both take time linear in
/// the bytes: a message's fields are read once into a flat list, and only a list out of field-number order is
/// regrouped, through a dictionary.
enum WireExtras {
    /// How deep nested messages are expanded before the rest is shown as base64.
    static let maxDepth = 12

    /// How many fields of one message (each nested message counts its own) are decoded. The fields after them are
    /// not dropped: their wire bytes, from the first field past the cap to the message's end, become one base64
    /// string under the key ``rawKey``. Real messages have a few dozen fields a level; only hostile ones come near.
    static let maxFieldsPerMessage = 4_096

    /// The key of wire bytes kept undecoded: a whole message that does not parse, or the fields past the cap.
    /// Field numbers are digits, so it never meets one.
    static let rawKey: StaticString = "raw"

    /// One field, located in the bytes: a scalar's value, or a length-delimited field's body.
    struct Field {
        var number: Int
        var wireType: UInt8
        var value: UInt64
        var body: Range<Int>
    }

    /// One message level, read: its fields (a range of the reader's list) and the bytes past the field cap, if any.
    struct Level {
        var fields: Range<Int>
        var overflow: Range<Int>?
    }

    /// What a length-delimited body is shown as.
    enum Shape {
        case text
        case message(Level)
        case base64
    }

    // MARK: - Reading

    /// Reads `range` of `bytes` as one complete message, appending its first ``maxFieldsPerMessage`` fields to
    /// `fields` grouped by number; `nil`, with `fields` as it was, when the bytes are not a well-formed message.
    static func readMessage(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into fields: inout [Field])
        -> Level?
    {
        let start = fields.count
        var cursor = WireCursor(bytes, range: range)
        var overflow: Range<Int>?
        var sorted = true
        var previous = 0
        do {
            while true {
                let fieldStart = cursor.index
                guard let key = try cursor.nextKey() else { break }
                var field = Field(number: key.number, wireType: key.wireType, value: 0, body: 0..<0)
                switch key.wireType {
                case 0: field.value = try cursor.varint()
                case 1: field.value = try cursor.fixed(UInt64.self)
                case 2: field.body = try cursor.lengthDelimited()
                case 5: field.value = UInt64(try cursor.fixed(UInt32.self))
                // Groups (3, 4) are obsolete and never seen on this wire; anything else is not protobuf.
                default: throw MalformedWire()
                }
                if overflow != nil { continue }  // past the cap: checked for well-formedness, not kept
                if fields.count - start == maxFieldsPerMessage {
                    overflow = fieldStart..<range.upperBound
                    continue
                }
                if field.number < previous { sorted = false }
                previous = field.number
                fields.append(field)
            }
        } catch {
            fields.removeSubrange(start...)
            return nil
        }
        // Serializers write fields in number order, so a level is nearly always grouped already.
        if !sorted { group(&fields, from: start) }
        return Level(fields: start..<fields.count, overflow: overflow)
    }

    /// Reorders `fields[start...]` so that each number's occurrences sit together, numbers in the order they first
    /// appear and occurrences in wire order: a counting sort, linear in the fields.
    static func group(_ fields: inout [Field], from start: Int) {
        var groupOfNumber: [Int: Int] = [:]
        var groupSizes: [Int] = []
        var groupOfField: [Int] = []
        groupOfField.reserveCapacity(fields.count - start)
        for field in fields[start...] {
            let group: Int
            if let known = groupOfNumber[field.number] {
                group = known
                groupSizes[group] += 1
            } else {
                group = groupSizes.count
                groupOfNumber[field.number] = group
                groupSizes.append(1)
            }
            groupOfField.append(group)
        }
        var nextSlot: [Int] = []
        nextSlot.reserveCapacity(groupSizes.count)
        var offset = 0
        for size in groupSizes {
            nextSlot.append(offset)
            offset += size
        }
        let original = Array(fields[start...])
        for (index, field) in original.enumerated() {
            let group = groupOfField[index]
            fields[start + nextSlot[group]] = field
            nextSlot[group] += 1
        }
    }

    /// How a length-delimited body at `depth` is shown; a nested message's fields are appended to `fields`.
    ///
    /// Text is checked first: short readable strings often also parse as protobuf by accident. Nested messages almost
    /// always contain a control byte (a small length or a low field key), so they fail the text test and are tried
    /// next.
    static func shape(
        _ bytes: UnsafeRawBufferPointer, _ body: Range<Int>, depth: Int, fields: inout [Field]
    ) -> Shape {
        if isCleanText(UnsafeRawBufferPointer(rebasing: bytes[body])) { return .text }
        if depth < maxDepth, let level = readMessage(bytes, body, into: &fields) { return .message(level) }
        return .base64
    }

    /// Whether the bytes are valid UTF-8 with no control characters but tab and newlines (the empty text included).
    static func isCleanText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        switch tle_text_class(start.assumingMemoryBound(to: UInt8.self), bytes.count) {
        case 1: return true
        case 2: return isValidUTF8(bytes)
        default: return false
        }
    }

    /// UTF-8 as Unicode defines it, which is what `String(validating:as:)` accepts: no overlong forms, no
    /// surrogates, nothing past U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int) -> UInt8? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xc0 == 0x80 ? byte : nil
        }
        while index < count {
            let lead = bytes[index]
            switch lead {
            case 0x00..<0x80:
                index += 1
            case 0xc2..<0xe0:
                guard continuation(1) != nil else { return false }
                index += 2
            case 0xe0..<0xf0:
                guard let second = continuation(1), continuation(2) != nil else { return false }
                if lead == 0xe0 && second < 0xa0 { return false }  // overlong
                if lead == 0xed && second >= 0xa0 { return false }  // a surrogate
                index += 3
            case 0xf0..<0xf5:
                guard let second = continuation(1), continuation(2) != nil, continuation(3) != nil else {
                    return false
                }
                if lead == 0xf0 && second < 0x90 { return false }  // overlong
                if lead == 0xf4 && second >= 0x90 { return false }  // past U+10FFFF
                index += 4
            default:
                return false  // a continuation byte first, an overlong two-byte lead, or no lead at all
            }
        }
        return true
    }

    // MARK: - The typed form

    /// The extras of a message's unknown-field bytes; `{"raw": base64}` for bytes that are not a message.
    static func decode(_ bytes: [UInt8]) -> JSONObject {
        if bytes.isEmpty { return JSONObject() }
        return bytes.withUnsafeBytes { raw in
            var fields: [Field] = []
            guard let level = readMessage(raw, 0..<raw.count, into: &fields) else {
                // Our decoders only keep fields they could frame, so this is not expected; keep the bytes.
                return JSONObject([("\(rawKey)", .string(Base64.string(raw)))])
            }
            return object(level, raw, depth: 0, fields: &fields)
        }
    }

    /// Whether `bytes` are one complete message, which is what a message without a schema shows as extras.
    static func isMessage(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var fields: [Field] = []
        return readMessage(bytes, 0..<bytes.count, into: &fields) != nil
    }

    static func object(_ level: Level, _ bytes: UnsafeRawBufferPointer, depth: Int, fields: inout [Field])
        -> JSONObject
    {
        var entries: [(key: String, value: JSONValue)] = []
        var index = level.fields.lowerBound
        while index < level.fields.upperBound {
            let number = fields[index].number
            var end = index + 1
            while end < level.fields.upperBound, fields[end].number == number { end += 1 }
            let value: JSONValue
            if end - index == 1 {
                value = self.value(fields[index], bytes, depth: depth, fields: &fields)
            } else {
                value = .array((index..<end).map { self.value(fields[$0], bytes, depth: depth, fields: &fields) })
            }
            entries.append((String(number), value))
            index = end
        }
        if let overflow = level.overflow {
            entries.append(("\(rawKey)", .string(Base64.string(UnsafeRawBufferPointer(rebasing: bytes[overflow])))))
        }
        return JSONObject(entries)
    }

    static func value(_ field: Field, _ bytes: UnsafeRawBufferPointer, depth: Int, fields: inout [Field])
        -> JSONValue
    {
        guard field.wireType == 2 else { return .uint(field.value) }
        let body = UnsafeRawBufferPointer(rebasing: bytes[field.body])
        switch shape(bytes, field.body, depth: depth, fields: &fields) {
        case .text: return .string(String(decoding: body, as: UTF8.self))
        case .base64: return .string(Base64.string(body))
        case .message(let level):
            defer { fields.removeSubrange(level.fields) }
            return .object(object(level, bytes, depth: depth + 1, fields: &fields))
        }
    }
}

/// Standard base64 with padding, as `Data.base64EncodedString()` writes it, into memory the caller provides.
enum Base64 {
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the base64 of `bytes` at `output`, which has room for ``encodedCount(_:)`` bytes.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) {
        let letters = alphabet.utf8Start
        var read = 0
        var written = 0
        while bytes.count - read >= 3 {
            let chunk = UInt32(bytes[read]) << 16 | UInt32(bytes[read + 1]) << 8 | UInt32(bytes[read + 2])
            output[written] = letters[Int(chunk >> 18)]
            output[written + 1] = letters[Int(chunk >> 12 & 0x3f)]
            output[written + 2] = letters[Int(chunk >> 6 & 0x3f)]
            output[written + 3] = letters[Int(chunk & 0x3f)]
            read += 3
            written += 4
        }
        let left = bytes.count - read
        guard left > 0 else { return }
        let chunk = UInt32(bytes[read]) << 16 | (left == 2 ? UInt32(bytes[read + 1]) << 8 : 0)
        output[written] = letters[Int(chunk >> 18)]
        output[written + 1] = letters[Int(chunk >> 12 & 0x3f)]
        output[written + 2] = left == 2 ? letters[Int(chunk >> 6 & 0x3f)] : UInt8(ascii: "=")
        output[written + 3] = UInt8(ascii: "=")
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let count = encodedCount(bytes.count)
        return String(unsafeUninitializedCapacity: count) { buffer in
            if let start = buffer.baseAddress { encode(bytes, into: start) }
            return count
        }
    }
}

/// The extras an event holds: the wire bytes of its message's unnamed fields, as they arrived, decoded only when
/// read; or an object a user (or a JSON decoder) put there.
///
/// An event whose extras nobody reads costs a copy of those bytes and no decoding.
struct ExtrasStorage: Sendable {
    enum Form: Sendable {
        /// Unknown-field bytes: a sequence of complete fields.
        case wire([UInt8])
        case decoded(JSONObject)
    }

    var form: Form

    static let none = ExtrasStorage(JSONObject())

    init(_ object: JSONObject) {
        form = .decoded(object)
    }

    /// Bytes of unknown fields, as a decoder kept them.
    init(unknownFields bytes: [UInt8]) {
        form = bytes.isEmpty ? .decoded(JSONObject()) : .wire(bytes)
    }

    /// Non-empty bytes always decode to a field or to `raw`, so no decoding is needed to tell.
    var isEmpty: Bool {
        switch form {
        case .wire: false
        case .decoded(let object): object.isEmpty
        }
    }

    /// The extras as an object, decoded now when they are wire bytes.
    var object: JSONObject {
        switch form {
        case .wire(let bytes): WireExtras.decode(bytes)
        case .decoded(let object): object
        }
    }
}

extension ExtrasStorage: Hashable {
    static func == (lhs: ExtrasStorage, rhs: ExtrasStorage) -> Bool {
        if case .wire(let left) = lhs.form, case .wire(let right) = rhs.form, left == right { return true }
        return lhs.object == rhs.object
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(object)
    }
}

extension ExtrasStorage: Encodable {
    func encode(to encoder: any Encoder) throws {
        try object.encode(to: encoder)
    }
}
