import Foundation
import TikTokLiveEvents

/// What the decoded events must satisfy, whichever target decoded them:
/// - an NDJSON line is one line, `{"type":...}`, of valid JSON (parsed for the first and last events of an input);
/// - its relay message reads back into an event, and after that first trip (which sorts the keys of extras) the
///   relay message no longer changes (a `--relay` client sees what a direct one sees);
/// - the de-duplicator agrees with a plain model of it (a window of the last `capacity` ids, numbers and other ids
///   kept apart, `""` and `"0"` never duplicates), with a window small enough that eviction happens.
struct EventChecks {
    private static let capacity = 3
    private var deduplicator = MessageDeduplicator(capacity: capacity)
    private var numbers = ModelWindow()
    private var texts = ModelWindow()

    mutating func check(_ events: [LiveEvent]) {
        let encoder = EventJSONEncoder()
        for (index, event) in events.enumerated() {
            let line = encoder.bytes(for: event)
            if line.contains(UInt8(ascii: "\n")) || line.contains(UInt8(ascii: "\r")) {
                fail("an NDJSON line holds a line break: \(String(decoding: line, as: UTF8.self))")
            }
            if !line.starts(with: Array(#"{"type":""#.utf8)) {
                fail("an NDJSON line does not start with its type: \(String(decoding: line, as: UTF8.self))")
            }
            deduplicate(event)
            // JSON parsing (Foundation's) costs far more than decoding: the first and last events of an input are
            // parsed back, the rest only written, so that a run gets through millions of inputs.
            guard index == 0 || index == events.count - 1 else { continue }
            Self.requireJSON(line, what: "NDJSON line")
            // A decoded object's keys come back sorted (JSONObject's Decodable, JSON/JSONValue.swift), so the first
            // trip may reorder extras; from then on the message must not change.
            let message = RelayEnvelope.encode(Self.relayed(RelayEnvelope.encode(event)))
            let again = RelayEnvelope.encode(Self.relayed(message))
            if again != message {
                fail(
                    "a relayed event differs:\n  sent:     \(String(decoding: message, as: UTF8.self))\n"
                        + "  received: \(String(decoding: again, as: UTF8.self))")
            }
        }
    }

    private mutating func deduplicate(_ event: LiveEvent) {
        let isNew = deduplicator.insert(event)
        let expected: Bool
        switch event.msgId {
        case nil, "", "0": expected = true
        case let id?:
            if let number = Int64(id), number > 0, String(number) == id {
                expected = numbers.insert(id, capacity: Self.capacity)
            } else {
                expected = texts.insert(id, capacity: Self.capacity)
            }
        }
        if isNew != expected {
            fail(
                "the de-duplicator said \(isNew ? "new" : "seen") for id \(event.msgId ?? "nil"), the model \(expected)"
            )
        }
        if deduplicator.count > 2 * Self.capacity {
            fail("the de-duplicator holds \(deduplicator.count) ids, past two windows of \(Self.capacity)")
        }
    }

    /// A relay message read back, as a `--relay` client reads it; it must read.
    private static func relayed(_ message: [UInt8]) -> LiveEvent {
        do {
            return try RelayEnvelope.decode(message)
        } catch {
            fail("a relay message does not read back (\(error)): \(String(decoding: message, as: UTF8.self))")
        }
    }

    static func requireJSON(_ bytes: [UInt8], what: String) {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            fail("\(what) is not valid JSON (\(error)): \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}

/// The de-duplication window as a queue: the oldest id leaves when a new one arrives at a full window.
private struct ModelWindow {
    var order: [String] = []
    var members: Set<String> = []

    mutating func insert(_ id: String, capacity: Int) -> Bool {
        guard members.insert(id).inserted else { return false }
        if order.count == capacity { members.remove(order.removeFirst()) }
        order.append(id)
        return true
    }
}
