import Foundation

/// The relay's form of an event (managed mode): one WebSocket text message per event,
/// `{"event":"<name>","data":{...}}`, with the same names and `data` as the NDJSON form.
///
/// The key is `event` rather than NDJSON's `type` because that is what the original product's SDKs read from a
/// relay; everything inside `data` is byte for byte the NDJSON `data` object.
public enum RelayEnvelope {
    private static let typePrefix = Array(#"{"type":"#.utf8)
    private static let eventPrefix = Array(#"{"event":"#.utf8)

    /// The event as one relay message (UTF-8 JSON).
    public static func encode(_ event: LiveEvent) -> [UInt8] {
        let line = EventJSONEncoder().bytes(for: event)
        if line.starts(with: typePrefix) {
            return eventPrefix + line.dropFirst(typePrefix.count)
        }
        // Not the encoder's usual shape: rename the key on the value instead.
        var writer = JSONWriter()
        writer.write(renamed(EventJSONEncoder().value(for: event), from: "type", to: "event"))
        return writer.bytes
    }

    /// Reads a relay message back into an event. NDJSON's `{"type":...}` is accepted too.
    ///
    /// - Throws: ``TikTokLiveError`` of kind `decode` when the message is not an event envelope.
    public static func decode(_ message: some Collection<UInt8>) throws(TikTokLiveError) -> LiveEvent {
        let bytes = Array(message)
        let decoder = JSONDecoder()
        do {
            if bytes.starts(with: eventPrefix) {
                return try decoder.decode(LiveEvent.self, from: Data(typePrefix + bytes.dropFirst(eventPrefix.count)))
            }
            let value = try decoder.decode(JSONValue.self, from: Data(bytes))
            guard let object = value.objectValue, object["event"] != nil || object["type"] != nil else {
                throw TikTokLiveError(.decode, "a relay message is not an event: \(preview(bytes))")
            }
            var writer = JSONWriter()
            writer.write(object["event"] != nil ? renamed(value, from: "event", to: "type") : value)
            return try decoder.decode(LiveEvent.self, from: Data(writer.bytes))
        } catch let error as TikTokLiveError {
            throw error
        } catch {
            throw TikTokLiveError(.decode, "a relay message could not be decoded (\(error)): \(preview(bytes))")
        }
    }

    private static func renamed(_ value: JSONValue, from old: String, to new: String) -> JSONValue {
        guard let object = value.objectValue else { return value }
        return .object(JSONObject(object.entries.map { (key: $0.key == old ? new : $0.key, value: $0.value) }))
    }

    private static func preview(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return bytes.count > 120 ? text + "..." : text
    }
}
