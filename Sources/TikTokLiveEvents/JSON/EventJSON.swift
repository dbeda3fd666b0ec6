public import Foundation

/// The NDJSON form of events (EVENTS.md): one compact line per event, `{"type":"<name>","data":{...}}`.
public struct EventJSONEncoder: Sendable {
    public init() {}

    /// The event as one line of JSON, without the newline.
    public func line(for event: LiveEvent) -> String {
        String(decoding: data(for: event), as: UTF8.self)
    }

    /// The event as UTF-8 JSON, without the newline.
    public func data(for event: LiveEvent) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do {
            return try encoder.encode(event)
        } catch {
            // Every event is made of strings, integers, booleans and arrays of them: nothing here can fail to
            // encode. Should it ever, say so in-band rather than drop the line.
            let fallback = LiveEvent.error(ErrorEvent(kind: "encode", message: "could not encode \(event.name): \(error)"))
            return (try? encoder.encode(fallback)) ?? Data()
        }
    }
}
