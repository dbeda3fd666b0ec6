/// An `Encoder` that writes compact JSON straight into a byte buffer as values are encoded: no intermediate
/// tree, no dynamic casts for scalars. Keys come out in the order they are encoded, and several keyed
/// containers taken from one encoder share one object — how a ``WireEvent`` puts its payload's keys beside
/// its base keys.
///
/// It is the NDJSON hot path: a busy room prints hundreds of events a second, a replay millions.
final class StreamingJSONEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let output: JSONOutput
    /// What this encoder's value turned into, so the caller can close it.
    fileprivate var opened: Opened = .nothing

    fileprivate enum Opened {
        case nothing
        case object
        case array
        case scalar
    }

    init(output: JSONOutput) {
        self.output = output
    }

    /// Encodes one event as JSON bytes, the hot ones without `Codable`.
    static func encode(_ event: LiveEvent) -> [UInt8] {
        let output = JSONOutput()
        write(event, to: output)
        return output.writer.bytes
    }

    /// Appends one event as JSON to `buffer`.
    static func append(_ event: LiveEvent, to buffer: inout [UInt8]) {
        let output = JSONOutput()
        write(event, to: output)
        output.writer.copyBytes(to: &buffer)
    }

    /// Writes one event as JSON into `output`, the hot ones without `Codable`.
    ///
    /// `Encodable` lets every value throw, but no container of this encoder does, and events are made of strings,
    /// numbers, booleans and arrays and objects of them: nothing here can fail. This is the one place that would
    /// see it if it ever did, and it says so in-band (``EventJSONEncoder/encodeFailure(_:)``) rather than drop
    /// the line or leave half of one.
    static func write(_ event: LiveEvent, to output: JSONOutput) {
        do {
            if try !output.writeHotEvent(event) { try output.encodeValue(event) }
        } catch {
            output.reset()
            output.writer.write(EventJSONEncoder.encodeFailure(event))
        }
    }

    /// Encodes one value as JSON bytes.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let output = JSONOutput()
        try output.encodeValue(value)
        return output.writer.bytes
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .nothing = opened {
            output.writer.append(UInt8(ascii: "{"))
            output.enterContainer()
            opened = .object
        }
        return KeyedEncodingContainer(StreamingKeyed<Key>(output: output))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .nothing = opened {
            output.writer.append(UInt8(ascii: "["))
            output.enterContainer()
            opened = .array
        }
        return StreamingUnkeyed(output: output)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        opened = .scalar
        return StreamingSingle(output: output)
    }

    fileprivate func close() {
        switch opened {
        case .object:
            output.leaveContainer()
            output.writer.append(UInt8(ascii: "}"))
        case .array:
            output.leaveContainer()
            output.writer.append(UInt8(ascii: "]"))
        case .nothing:
            // A type that encoded nothing at all: JSONEncoder writes `{}`; so do we.
            output.writer.append("{}")
        case .scalar:
            break
        }
    }
}

/// The shared byte buffer and the comma state of each open container.
final class JSONOutput {
    // One output belongs to one encoding call on one thread; the runtime's exclusivity checks on these two
    // properties were ~5% of `replay --json`.
    // Most events fit in the first allocation: growing from small took several reallocations and copies per line.
    // 1,000 bytes is a size glibc serves from its per-thread cache (blocks up to 1,032 bytes), where 2,048 took its
    // slower general path on every line; a busy room's lines average ~630 bytes, and longer ones grow once.
    @exclusivity(unchecked) var writer = JSONWriter(capacity: 1000)
    /// Whether the innermost open container has a member already (the next one needs a comma)...
    @exclusivity(unchecked) private var needsComma = false
    /// ...and the same for each container around it, one bit per level (the first 64 levels; deeper ones, which
    /// only deeply nested extras reach, in `deeperNeedsComma`): no allocation per event.
    @exclusivity(unchecked) private var outerNeedsComma: UInt64 = 0
    @exclusivity(unchecked) private var depth = 0
    @exclusivity(unchecked) private var deeperNeedsComma: [Bool] = []

    /// Makes the output ready for another event, keeping its memory (``EventLineEncoder`` reuses one).
    func reset() {
        writer.removeAll()
        needsComma = false
        outerNeedsComma = 0
        depth = 0
        deeperNeedsComma.removeAll()
    }

    func separator() {
        if needsComma {
            writer.append(UInt8(ascii: ","))
        } else {
            needsComma = true
        }
    }

    func enterContainer() {
        if depth < 64 {
            let bit: UInt64 = 1 << depth
            outerNeedsComma = needsComma ? outerNeedsComma | bit : outerNeedsComma & ~bit
        } else {
            deeperNeedsComma.append(needsComma)
        }
        depth += 1
        needsComma = false
    }

    func leaveContainer() {
        depth -= 1
        needsComma = depth < 64 ? outerNeedsComma & (1 << depth) != 0 : deeperNeedsComma.removeLast()
    }

    func key(_ key: String) {
        separator()
        writer.writeString(key)
        writer.append(UInt8(ascii: ":"))
    }

    /// A key of our own (an ASCII identifier in the source): written as is, without the escaping scan.
    func key(named name: StaticString) {
        let comma = needsComma
        needsComma = true
        if name.hasPointerRepresentation {
            // Every key literal of more than one character: its bytes in place, without a closure per key.
            writer.appendKey(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), comma: comma)
        } else {
            name.withUTF8Buffer { writer.appendKey($0, comma: comma) }
        }
    }

    func encodeValue<T: Encodable>(_ value: T) throws {
        if let json = value as? JSONValue {
            writer.write(json)
            return
        }
        if let user = value as? LiveUser {
            writeUser(user)
            return
        }
        if let extras = value as? ExtrasStorage {
            writer.writeExtras(extras)
            return
        }
        let encoder = StreamingJSONEncoder(output: self)
        try value.encode(to: encoder)
        encoder.close()
    }

    func integer<T: BinaryInteger>(_ value: T) {
        writer.writeInteger(value)
    }
}

private struct StreamingKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        output.key(key.stringValue)
        output.writer.write(.null)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        output.key(key.stringValue)
        output.writer.write(.bool(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        output.key(key.stringValue)
        output.writer.writeString(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        output.key(key.stringValue)
        output.writer.write(.double(value))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        output.key(key.stringValue)
        output.writer.write(.double(Double(value)))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        output.key(key.stringValue)
        output.integer(value)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        output.key(key.stringValue)
        try output.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        // Not used by this library's types; a nested container cannot be closed by a streaming writer.
        preconditionFailure("nested containers are not supported by StreamingJSONEncoder")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not supported by StreamingJSONEncoder")
    }
    mutating func superEncoder() -> any Encoder {
        preconditionFailure("super encoders are not supported by StreamingJSONEncoder")
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("super encoders are not supported by StreamingJSONEncoder")
    }
}

private struct StreamingUnkeyed: UnkeyedEncodingContainer {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(output: JSONOutput) {
        self.output = output
    }

    mutating func encodeNil() throws {
        output.separator()
        output.writer.write(.null)
        count += 1
    }
    mutating func encode(_ value: String) throws {
        output.separator()
        output.writer.writeString(value)
        count += 1
    }
    mutating func encode(_ value: Int64) throws {
        output.separator()
        output.integer(value)
        count += 1
    }
    mutating func encode(_ value: Int) throws {
        output.separator()
        output.integer(value)
        count += 1
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        output.separator()
        try output.encodeValue(value)
        count += 1
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        preconditionFailure("nested containers are not supported by StreamingJSONEncoder")
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not supported by StreamingJSONEncoder")
    }
    mutating func superEncoder() -> any Encoder {
        preconditionFailure("super encoders are not supported by StreamingJSONEncoder")
    }
}

private struct StreamingSingle: SingleValueEncodingContainer {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { output.writer.write(.null) }
    mutating func encode(_ value: Bool) throws { output.writer.write(.bool(value)) }
    mutating func encode(_ value: String) throws { output.writer.writeString(value) }
    mutating func encode(_ value: Double) throws { output.writer.write(.double(value)) }
    mutating func encode(_ value: Int) throws { output.integer(value) }
    mutating func encode(_ value: Int32) throws { output.integer(value) }
    mutating func encode(_ value: Int64) throws { output.integer(value) }
    mutating func encode(_ value: UInt64) throws { output.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try output.encodeValue(value) }
}
