internal import Foundation

/// The method names a decoder has met, kept as strings with their event names, so that each message neither
/// builds its own (a method name is 18-40 bytes: a heap string every time) nor looks its event name up again.
struct MethodNameCache: Sendable {
    struct Entry: Sendable {
        var bytes: [UInt8]
        var method: String
        var eventName: String?
        var hotKind: HotMessageDecoder.Kind?
    }

    /// Enough for every method a room uses; beyond it, names are built per message (hostile input cannot grow it).
    static let capacity = 128
    private var entries: [Entry] = []

    mutating func lookUp(_ bytes: Slice<UnsafeRawBufferPointer>) -> (
        method: String, eventName: String?, hotKind: HotMessageDecoder.Kind?
    ) {
        for entry in entries where entry.bytes.count == bytes.count {
            let same = entry.bytes.withUnsafeBytes { known in
                guard let known = known.baseAddress, let batch = bytes.base.baseAddress else { return true }  // empty
                return memcmp(known, batch + bytes.startIndex, bytes.count) == 0
            }
            if same { return (entry.method, entry.eventName, entry.hotKind) }
        }
        // Repaired rather than refused: a method that is not UTF-8 arrives as an `unknown` event with its bytes.
        let method = String(decoding: bytes, as: UTF8.self)
        let eventName = EventCatalog.eventName(for: method)
        let hotKind = HotMessageDecoder.Kind(method: method)
        if entries.count < Self.capacity {
            entries.append(Entry(bytes: Array(bytes), method: method, eventName: eventName, hotKind: hotKind))
        }
        return (method, eventName, hotKind)
    }
}
