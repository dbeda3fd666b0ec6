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
        StreamingJSONEncoder.append(event, to: &buffer)
    }

    /// The event as UTF-8 JSON bytes, without the newline.
    public func bytes(for event: LiveEvent) -> [UInt8] {
        StreamingJSONEncoder.encode(event)
    }

    /// The event as a JSON value: `{"type": ..., "data": {...}}`.
    public func value(for event: LiveEvent) -> JSONValue {
        // As for the bytes (`StreamingJSONEncoder.write(_:to:)`): nothing in an event can fail to encode.
        (try? JSONValueEncoder.encode(event)) ?? Self.encodeFailure(event)
    }

    /// The line written in place of an event that could not be encoded, should one ever be: an `error` event of
    /// kind `encode` that names it, so that a reader sees the loss instead of a missing or broken line.
    static func encodeFailure(_ event: LiveEvent) -> JSONValue {
        .object([
            "type": "error",
            "data": .object(["kind": "encode", "message": .string("could not encode \(event.name)")]),
        ])
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
        StreamingJSONEncoder.write(event, to: output)
        return try output.writer.withBytes(body)
    }
}
