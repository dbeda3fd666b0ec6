/// Extras written straight from wire bytes into JSON text, by the rules of ``WireExtras`` and with the same bytes as
/// writing the object ``WireExtras/decode(_:)`` builds: no tree, no dictionary, no string per key or value.
///
/// On real-shaped traffic most of a message's bytes are fields our schema does not name (a chat carries a list of
/// ranking entries, a gift its whole panel), and building their objects was a third of `replay --json`.
extension JSONWriter {
    /// Writes an event's extras as a JSON object.
    mutating func writeExtras(_ extras: ExtrasStorage) {
        switch extras.form {
        case .decoded(let object): write(.object(object))
        case .wire(let bytes): writeExtras(wire: bytes)
        }
    }

    /// Writes the extras of unknown-field bytes; `{"raw": base64}` for bytes that are not a message.
    mutating func writeExtras(wire bytes: [UInt8]) {
        // The list of fields this writer kept from its last extras (taken out, so that it is not shared while used).
        var fields = extrasFields
        extrasFields = []
        defer {
            fields.removeAll(keepingCapacity: true)
            extrasFields = fields
        }
        if fields.capacity < 64 { fields.reserveCapacity(64) }
        bytes.withUnsafeBytes { raw in
            guard let level = WireExtras.readMessage(raw, 0..<raw.count, into: &fields) else {
                append(UInt8(ascii: "{"))
                writeRawEntry(raw, comma: false)
                append(UInt8(ascii: "}"))
                return
            }
            writeExtrasObject(level, raw, depth: 0, fields: &fields)
        }
    }

    private mutating func writeExtrasObject(
        _ level: WireExtras.Level, _ bytes: UnsafeRawBufferPointer, depth: Int, fields: inout [WireExtras.Field]
    ) {
        append(UInt8(ascii: "{"))
        var index = level.fields.lowerBound
        while index < level.fields.upperBound {
            let number = fields[index].number
            var end = index + 1
            while end < level.fields.upperBound, fields[end].number == number { end += 1 }
            if index > level.fields.lowerBound { append(UInt8(ascii: ",")) }
            append(UInt8(ascii: "\""))
            writeInteger(number)
            append("\":")
            if end - index == 1 {
                writeExtrasValue(fields[index], bytes, depth: depth, fields: &fields)
            } else {
                append(UInt8(ascii: "["))
                for member in index..<end {
                    if member > index { append(UInt8(ascii: ",")) }
                    writeExtrasValue(fields[member], bytes, depth: depth, fields: &fields)
                }
                append(UInt8(ascii: "]"))
            }
            index = end
        }
        if let overflow = level.overflow {
            writeRawEntry(UnsafeRawBufferPointer(rebasing: bytes[overflow]), comma: !level.fields.isEmpty)
        }
        append(UInt8(ascii: "}"))
    }

    private mutating func writeExtrasValue(
        _ field: WireExtras.Field, _ bytes: UnsafeRawBufferPointer, depth: Int, fields: inout [WireExtras.Field]
    ) {
        guard field.wireType == 2 else {
            writeInteger(field.value)
            return
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[field.body])
        switch WireExtras.shape(bytes, field.body, depth: depth, fields: &fields) {
        case .text: writeString(utf8: body.assumingMemoryBound(to: UInt8.self))
        case .base64: writeBase64(body)
        case .message(let level):
            writeExtrasObject(level, bytes, depth: depth + 1, fields: &fields)
            fields.removeSubrange(level.fields)
        }
    }

    private mutating func writeRawEntry(_ bytes: UnsafeRawBufferPointer, comma: Bool) {
        if comma { append(UInt8(ascii: ",")) }
        append("\"")
        append(WireExtras.rawKey)
        append("\":")
        writeBase64(bytes)
    }

    /// `"<base64>"`.
    mutating func writeBase64(_ bytes: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "\""))
        append(count: Base64.encodedCount(bytes.count)) { Base64.encode(bytes, into: $0) }
        append(UInt8(ascii: "\""))
    }
}
