/// The bytes are not well-formed protobuf where a reader expected it: a truncated field, a varint longer than ten
/// bytes, a length past the end, a group, text that is not UTF-8. Thrown by every reader built on ``WireCursor``:
/// frame and batch views, the fast path (whose message then goes to the generated decoder) and the extras reader.
struct MalformedWire: Error {}

/// A forward-only reader over protobuf wire bytes, used by ``HotMessageDecoder``, ``PushFrameView``, ``BatchView``
/// and ``WireExtras`` to read fields in place, without building the full generated message.
///
/// Every read is bounds-checked and throws ``MalformedWire`` on anything out of the ordinary: a truncated
/// field, a varint longer than ten bytes, text that is not UTF-8. The fast path then hands the whole message to
/// the generated decoder, which either decodes it or reports exactly what is wrong.
struct WireCursor {
    /// A field's key: its number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    struct Key {
        var number: Int
        var wireType: UInt8
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var index: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.init(bytes, range: 0..<bytes.count)
    }

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    /// The next field's key, or `nil` at the end of the message.
    mutating func nextKey() throws -> Key? {
        guard index < end else { return nil }
        let key = try varint()
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else { throw MalformedWire() }
        return Key(number: Int(number), wireType: UInt8(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        guard index < end else { throw MalformedWire() }
        let first = bytes[index]
        index += 1
        // Most varints on this wire (keys, small numbers, lengths under 128) are one byte.
        if first < 0x80 { return UInt64(first) }
        var result = UInt64(first & 0x7f)
        var shift: UInt64 = 7
        while index < end, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw MalformedWire()
    }

    /// The byte range of a length-delimited field's body; the cursor moves past it.
    mutating func lengthDelimited() throws -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - index) else { throw MalformedWire() }
        let start = index
        index += Int(length)
        return start..<index
    }

    /// Moves past a field's value without reading it.
    mutating func skip(_ wireType: UInt8) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default: throw MalformedWire()  // groups: obsolete and never sent here; the generated decoder decides
        }
    }

    /// A little-endian fixed-width value (wire types 1 and 5).
    mutating func fixed<Value: FixedWidthInteger & UnsignedInteger>(_: Value.Type) throws -> Value {
        let size = MemoryLayout<Value>.size
        guard end - index >= size else { throw MalformedWire() }
        let value = Value(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: Value.self))
        index += size
        return value
    }

    private mutating func advance(_ count: Int) throws {
        guard end - index >= count else { throw MalformedWire() }
        index += count
    }

    // MARK: - Typed values, converted as protobuf defines (and as the generated decoder does)

    mutating func int64() throws -> Int64 {
        Int64(bitPattern: try varint())
    }

    mutating func uint64() throws -> UInt64 {
        try varint()
    }

    mutating func int32() throws -> Int32 {
        Int32(truncatingIfNeeded: try varint())
    }

    mutating func bool() throws -> Bool {
        try varint() != 0
    }

    mutating func string() throws -> String {
        try text(in: try lengthDelimited())
    }

    /// A string field that holds an id (`id_str`): its number when the text is one as it prints, read without
    /// making a string; `nil` when empty, as the other paths treat an empty id.
    mutating func wireID() throws -> WireID? {
        let range = try lengthDelimited()
        if range.isEmpty { return nil }
        if let number = WireID.number(printedAs: utf8(in: range)) { return .number(number) }
        return .text(try text(in: range))
    }

    /// A cursor over an embedded message's body; this cursor moves past it.
    mutating func message() throws -> WireCursor {
        WireCursor(bytes, range: try lengthDelimited())
    }

    /// Reads the embedded message at the cursor field by field; `body` reads or skips each field's value.
    mutating func eachField(_ body: (Key, inout WireCursor) throws -> Void) throws {
        var embedded = try message()
        while let key = try embedded.nextKey() { try body(key, &embedded) }
    }

    /// Reads the embedded message at the cursor for one field: `read` gets each occurrence of field `number` with
    /// `wireType` (positioned at its value); every other field is skipped.
    mutating func eachField(_ number: Int, _ wireType: UInt8, _ read: (inout WireCursor) throws -> Void) throws {
        try eachField { key, embedded in
            if key.number == number, key.wireType == wireType {
                try read(&embedded)
            } else {
                try embedded.skip(key.wireType)
            }
        }
    }

    /// The bytes of `range` as text; not UTF-8 is a miss, so that the generated decoder reports it.
    func text(in range: Range<Int>) throws -> String {
        if range.isEmpty { return "" }
        let slice = utf8(in: range)
        // ASCII is valid UTF-8 and the common case (ids, handles, URLs); it skips the generic validator.
        if Self.isASCII(slice) { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw MalformedWire() }
        return text
    }

    /// The bytes of a non-empty `range`, in place.
    private func utf8(in range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(
            start: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + range.lowerBound, count: range.count)
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var highBits: UInt64 = 0
        while bytes.count - index >= 8 {
            highBits |= UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            highBits |= UInt64(bytes[index])
            index += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }

    /// The first entry of an `Image`'s `url_list` (field 1), or `nil` when it has none.
    mutating func firstURLOfImage() throws -> String? {
        var image = try message()
        while let key = try image.nextKey() {
            if key.number == 1, key.wireType == 2 { return try image.string() }
            try image.skip(key.wireType)
        }
        return nil
    }
}
