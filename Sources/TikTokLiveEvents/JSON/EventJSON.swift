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

/// The NDJSON lines of events printed one after another, written through one buffer: for a printer of many events
/// (`replay --json`), which otherwise pays for a new buffer per line and, on real-shaped traffic, for growing it
/// (most lines there outgrow the first allocation, a few twice). One per thread: it is not `Sendable`.
///
/// Not for users, who print events through ``EventJSONEncoder``; public for the benchmark package, whose in-process
/// NDJSON stage writes lines as `replay --json` does.
@_spi(Benchmarks)
public final class EventLineEncoder {
    private let output = JSONOutput()

    public init() {}

    /// Calls `body` with the event's line as UTF-8 JSON, without the newline; the bytes are valid for the call only.
    public func withLine<Result>(for event: LiveEvent, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result)
        rethrows -> Result
    {
        output.reset()
        do {
            try StreamingJSONEncoder.write(event, to: output)
        } catch {
            // As `EventJSONEncoder.bytes(for:)` falls back: through the value, whatever the streaming writer did.
            output.reset()
            output.writer.write(EventJSONEncoder().value(for: event))
        }
        return try output.writer.withBytes(body)
    }
}
