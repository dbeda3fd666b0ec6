public import Foundation

/// One field read from protobuf wire bytes without a schema.
struct WireField {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    var number: Int
    var value: Value
}

/// Reads protobuf wire bytes field by field, with no schema: the basis of ``WireExtras``.
///
/// Returns `nil` from ``readAll(_:)`` for anything that is not a complete, well-formed message, which is how
/// a length-delimited field is told apart from text or opaque bytes.
enum WireFieldReader {
    static func readAll(_ bytes: ArraySlice<UInt8>) -> [WireField]? {
        bytes.withUnsafeBytes { raw -> [WireField]? in
            var cursor = WireCursor(raw)
            var fields: [WireField] = []
            do {
                while let key = try cursor.nextKey() {
                    let value: WireField.Value
                    switch key.wireType {
                    case 0: value = .varint(try cursor.varint())
                    case 1: value = .fixed64(try cursor.fixed(UInt64.self))
                    case 2:
                        let range = try cursor.lengthDelimited()
                        value = .bytes(
                            bytes[(bytes.startIndex + range.lowerBound)..<(bytes.startIndex + range.upperBound)])
                    case 5: value = .fixed32(try cursor.fixed(UInt32.self))
                    // Groups (3, 4) are obsolete and never seen on this wire; anything else is not protobuf.
                    default: return nil
                    }
                    fields.append(WireField(number: key.number, value: value))
                }
            } catch {
                return nil
            }
            return fields
        }
    }
}

/// Turns wire fields that our schema does not name into JSON, so that a field TikTok adds tomorrow reaches
/// users the day it ships, keyed by its field number.
///
/// Varints and fixed-width numbers become numbers; a length-delimited field becomes text when it is clean
/// UTF-8, a nested object when it parses as a complete message, and base64 otherwise. A number seen more
/// than once becomes an array, in wire order.
public enum WireExtras {
    /// How deep nested messages are expanded before the rest is shown as base64.
    static let maxDepth = 12

    /// The extras of a message's unknown-field bytes (swift-protobuf's `unknownFields.data`).
    public static func decode(_ data: Data) -> JSONObject {
        if data.isEmpty { return JSONObject() }
        let bytes = ArraySlice([UInt8](data))
        guard let fields = WireFieldReader.readAll(bytes) else {
            // swift-protobuf only stores fields it could frame, so this is not expected; keep the bytes.
            return ["raw": .string(Data(bytes).base64EncodedString())]
        }
        return object(fields, depth: 0)
    }

    static func object(_ fields: [WireField], depth: Int) -> JSONObject {
        var result = JSONObject()
        var order: [Int] = []
        var grouped: [Int: [JSONValue]] = [:]
        for field in fields {
            if grouped[field.number] == nil { order.append(field.number) }
            grouped[field.number, default: []].append(value(field.value, depth: depth))
        }
        for number in order {
            let values = grouped[number]!
            result[String(number)] = values.count == 1 ? values[0] : .array(values)
        }
        return result
    }

    static func value(_ value: WireField.Value, depth: Int) -> JSONValue {
        switch value {
        case .varint(let number): return .uint(number)
        case .fixed64(let number): return .uint(number)
        case .fixed32(let number): return .uint(UInt64(number))
        case .bytes(let bytes): return lengthDelimited(bytes, depth: depth)
        }
    }

    static func lengthDelimited(_ bytes: ArraySlice<UInt8>, depth: Int) -> JSONValue {
        if bytes.isEmpty { return .string("") }
        // Text is checked first: short readable strings often also parse as protobuf by accident. Nested
        // messages almost always contain a control byte (a small length or a low field key), so they fail
        // the text test and are tried next.
        if let text = cleanText(bytes) { return .string(text) }
        if depth < maxDepth, let fields = WireFieldReader.readAll(bytes) {
            return .object(object(fields, depth: depth + 1))
        }
        return .string(Data(bytes).base64EncodedString())
    }

    /// The bytes as a string when they are valid UTF-8 with no control characters but tab and newlines.
    static func cleanText(_ bytes: ArraySlice<UInt8>) -> String? {
        for byte in bytes where byte < 0x20 && byte != 0x09 && byte != 0x0a && byte != 0x0d || byte == 0x7f {
            return nil
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
