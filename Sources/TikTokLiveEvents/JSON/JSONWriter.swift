internal import CJSONEscape

/// Writes JSON text: compact, UTF-8 as UTF-8, keys in the order they were encoded.
///
/// Foundation's `JSONEncoder` on Linux orders keys by hash, which makes the same event print differently
/// from run to run; NDJSON consumers diffing captures deserve stable lines.
///
/// The bytes live in memory of its own, written through a pointer: appending is a store and an increment, where an
/// `Array` checks uniqueness and capacity on every byte, which was a fifth of the NDJSON time. It is not copyable, so
/// that memory has exactly one owner.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// The extras reader's list of fields, kept from one event to the next (JSON/WireExtras+JSON.swift).
    var extrasFields: [WireExtras.Field] = []

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Forgets what was written, keeping the memory for the next line unless a rare long one made it large.
    mutating func removeAll() {
        count = 0
        if capacity > Self.keptCapacity {
            base.deallocate()
            capacity = Self.keptCapacity
            base = .allocate(capacity: capacity)
        }
        if extrasFields.capacity > 4_096 { extrasFields = [] }
    }

    /// What a writer reused line after line keeps: far more than any line of real traffic needs (~2 KB on average,
    /// the longest a few times that).
    static let keptCapacity = 256 << 10

    /// The bytes written so far, in place, for the call only.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes written so far, as a new array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends the bytes written so far to `buffer`.
    func copyBytes(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress, !source.isEmpty else { return }
        if count + source.count > capacity { grow(toAtLeast: count + source.count) }
        if source.count <= 16 {
            // Keys and short values: a few stores beat a call to memmove.
            for offset in 0..<source.count { base[count + offset] = start[offset] }
        } else {
            (base + count).update(from: start, count: source.count)
        }
        count += source.count
    }

    /// `"name":`, after a comma when `comma` is set, for a key that needs no escaping: one capacity check for all.
    @inline(__always)
    mutating func appendKey(_ name: UnsafeBufferPointer<UInt8>, comma: Bool) {
        let needed = name.count + 4
        if count + needed > capacity { grow(toAtLeast: count + needed) }
        var end = count
        if comma {
            base[end] = UInt8(ascii: ",")
            end += 1
        }
        base[end] = UInt8(ascii: "\"")
        end += 1
        if let start = name.baseAddress { (base + end).update(from: start, count: name.count) }
        end += name.count
        base[end] = UInt8(ascii: "\"")
        base[end + 1] = UInt8(ascii: ":")
        count = end + 2
    }

    mutating func append(contentsOf source: UnsafeRawBufferPointer) {
        append(contentsOf: source.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends `length` bytes that `write` stores in place, from the pointer it is given.
    mutating func append(count length: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Void) {
        if count + length > capacity { grow(toAtLeast: count + length) }
        write(base + count)
        count += length
    }

    private mutating func grow(toAtLeast minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): writeInteger(number)
        case .uint(let number): writeInteger(number)
        case .double(let number): writeDouble(number)
        case .string(let text): writeString(text)
        case .array(let items):
            append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { append(UInt8(ascii: ",")) }
                write(item)
            }
            append(UInt8(ascii: "]"))
        case .object(let object):
            append(UInt8(ascii: "{"))
            for (index, entry) in object.entries.enumerated() {
                if index > 0 { append(UInt8(ascii: ",")) }
                writeString(entry.key)
                append(UInt8(ascii: ":"))
                write(entry.value)
            }
            append(UInt8(ascii: "}"))
        }
    }

    /// Decimal digits written in place: `String(number)` would allocate for every 64-bit id and count.
    mutating func writeInteger<T: BinaryInteger>(_ number: T) {
        // UInt64 holds the magnitude of every 64-bit integer, Int64.min included; wider ones take the slow road.
        guard var magnitude = UInt64(exactly: number.magnitude) else {
            appendText(String(number))
            return
        }
        if number < 0 { append(UInt8(ascii: "-")) }
        // Two digits per division, from the end of a 24-byte scratch (room for UInt64.max's 20 digits); ids have 19.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            let pairs = Self.digitPairs.utf8Start
            var start = 24
            while magnitude >= 100 {
                let pair = Int(magnitude % 100) * 2
                magnitude /= 100
                start -= 2
                buffer[start] = pairs[pair]
                buffer[start + 1] = pairs[pair + 1]
            }
            if magnitude >= 10 {
                start -= 2
                buffer[start] = pairs[Int(magnitude) * 2]
                buffer[start + 1] = pairs[Int(magnitude) * 2 + 1]
            } else {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude)
            }
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// "00" to "99" back to back; a literal, so reading it costs no lazy initialization.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    private mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends text of our own (a literal), as is.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    private mutating func writeDouble(_ number: Double) {
        guard number.isFinite else {
            append("null")  // JSON has no NaN or infinity.
            return
        }
        if number == number.rounded(), abs(number) < 1e15 {
            appendText(String(Int64(number)))
        } else {
            appendText(String(number))
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString(utf8: $0) }
    }

    /// Writes valid UTF-8 as a JSON string.
    mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        if let source = utf8.baseAddress {
            var index = 0
            while index < utf8.count {
                // The plain run, scanned and copied in one pass; then the byte that ended it, escaped.
                let remaining = utf8.count - index
                if count + remaining > capacity { grow(toAtLeast: count + remaining) }
                let copied = tle_json_copy_plain(base + count, source + index, remaining)
                count += copied
                index += copied
                if index < utf8.count {
                    writeEscape(utf8[index])
                    index += 1
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        append(0x5c)
        switch byte {
        case 0x22: append(0x22)
        case 0x5c: append(0x5c)
        case 0x0a: append(UInt8(ascii: "n"))
        case 0x0d: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            for digit in [UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xf)]] {
                append(digit)
            }
        }
    }
}

/// An `Encoder` that builds a ``JSONValue`` from any `Encodable`, keeping key order. Several keyed containers
/// taken from one encoder write into the same object, which is how a ``WireEvent`` puts its payload's keys
/// beside its base keys.
final class JSONValueEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    fileprivate let slot: Slot

    init(codingPath: [any CodingKey] = [], slot: Slot = Slot()) {
        self.codingPath = codingPath
        self.slot = slot
    }

    static func encode(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONValueEncoder()
        try value.encode(to: encoder)
        return encoder.slot.value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(object: slot.object(), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(array: slot.array(), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

/// A value under construction: a leaf, or a shared object or array that containers append to.
final class Slot {
    enum State {
        case empty
        case leaf(JSONValue)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    var state: State = .empty

    func object() -> ObjectBox {
        if case .object(let box) = state { return box }
        let box = ObjectBox()
        state = .object(box)
        return box
    }

    func array() -> ArrayBox {
        if case .array(let box) = state { return box }
        let box = ArrayBox()
        state = .array(box)
        return box
    }

    var value: JSONValue {
        switch state {
        case .empty: .object(JSONObject())
        case .leaf(let value): value
        case .object(let box): .object(JSONObject(box.entries.map { ($0.key, $0.slot.value) }))
        case .array(let box): .array(box.slots.map(\.value))
        }
    }
}

final class ObjectBox {
    var entries: [(key: String, slot: Slot)] = []

    func slot(for key: String) -> Slot {
        if let existing = entries.first(where: { $0.key == key }) { return existing.slot }
        let slot = Slot()
        entries.append((key, slot))
        return slot
    }
}

final class ArrayBox {
    var slots: [Slot] = []
}

private func leaf(_ value: some Encodable, codingPath: [any CodingKey]) throws -> Slot {
    let slot = Slot()
    switch value {
    case let v as String: slot.state = .leaf(.string(v))
    case let v as Bool: slot.state = .leaf(.bool(v))
    case let v as Int: slot.state = .leaf(.int(Int64(v)))
    case let v as Int64: slot.state = .leaf(.int(v))
    case let v as Int32: slot.state = .leaf(.int(Int64(v)))
    case let v as UInt64: slot.state = .leaf(.uint(v))
    case let v as UInt32: slot.state = .leaf(.uint(UInt64(v)))
    case let v as Double: slot.state = .leaf(.double(v))
    case let v as JSONValue: slot.state = .leaf(v)
    default: try value.encode(to: JSONValueEncoder(codingPath: codingPath, slot: slot))
    }
    return slot
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectBox
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        object.slot(for: key.stringValue).state = .leaf(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let slot = try leaf(value, codingPath: codingPath + [key])
        object.slot(for: key.stringValue).state = slot.state
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(
            KeyedContainer<NestedKey>(
                object: object.slot(for: key.stringValue).object(), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(array: object.slot(for: key.stringValue).array(), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(codingPath: codingPath, slot: object.slot(for: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(codingPath: codingPath + [key], slot: object.slot(for: key.stringValue))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayBox
    var codingPath: [any CodingKey]
    var count: Int { array.slots.count }

    mutating func encodeNil() throws {
        let slot = Slot()
        slot.state = .leaf(.null)
        array.slots.append(slot)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.slots.append(try leaf(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let slot = Slot()
        array.slots.append(slot)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: slot.object(), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let slot = Slot()
        array.slots.append(slot)
        return UnkeyedContainer(array: slot.array(), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = Slot()
        array.slots.append(slot)
        return JSONValueEncoder(codingPath: codingPath, slot: slot)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        slot.state = .leaf(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.state = try leaf(value, codingPath: codingPath).state
    }
}
