public import Foundation

/// The NDJSON form of events: one compact line per event, `{"type":"<name>","data":{...}}`.
public struct EventJSONEncoder: Sendable {
    public init() {}

    /// The event as one line of JSON, without the newline.
    public func line(for event: LiveEvent) -> String {
        String(decoding: data(for: event), as: UTF8.self)
    }

    /// The event as UTF-8 JSON, without the newline.
    public func data(for event: LiveEvent) -> Data {
        Data(bytes(for: event))
    }

    /// Appends the event as UTF-8 JSON, without the newline, to `buffer`: a writer's own buffer, with no
    /// intermediate array per event.
    public func append(_ event: LiveEvent, to buffer: inout [UInt8]) {
        if !StreamingJSONEncoder.append(event, to: &buffer) { buffer.append(contentsOf: bytes(for: event)) }
    }

    /// The event as UTF-8 JSON bytes, without the newline.
    public func bytes(for event: LiveEvent) -> [UInt8] {
        if let bytes = try? StreamingJSONEncoder.encode(event) { return bytes }
        var writer = JSONWriter()
        writer.write(value(for: event))
        return writer.bytes
    }

    /// The event as a JSON value: `{"type": ..., "data": {...}}`.
    public func value(for event: LiveEvent) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(event)
        } catch {
            // Events are made of strings, integers, booleans and arrays of them, which always encode. Should
            // one ever fail, say so in-band rather than drop the line.
            return .object([
                "type": "error",
                "data": .object(["kind": "encode", "message": .string("could not encode \(event.name)")]),
            ])
        }
    }
}
