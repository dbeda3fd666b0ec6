/// The payload of a wire event: the fields after the base ones. Its keys sit beside the base keys in JSON.
public protocol EventPayload: Sendable, Hashable, Codable {}

/// An event decoded from one wire message: the fields every wire event carries, plus its payload.
///
/// Payload fields read as if they were the event's own (`chat.comment`, `gift.repeatCount`), and the JSON
/// puts them beside the base fields: `{"type":"chat","timestamp":…,"msgId":"…","roomId":"…","comment":…}`.
@dynamicMemberLookup
public struct WireEvent<Payload: EventPayload>: Sendable, Hashable {
    /// The event's name: `chat`, `follow`, `giftPanelUpdate`, ...
    public var type: String
    /// Milliseconds since the epoch: the message's `create_time`, else when it was received.
    public var timestamp: Int64
    /// The message id (64-bit, as a string): the key for de-duplication and for `imDelete`.
    public var msgId: String {
        get { messageID.string }
        set { messageID = WireID(newValue) }
    }
    /// The message id as held: the wire's number, made text only when ``msgId`` is read.
    var messageID: WireID
    public var roomId: String
    /// The wire method it came from, e.g. `WebcastChatMessage`.
    public var method: String
    /// Every wire field the schema does not name, keyed by field number; decoded without a schema.
    ///
    /// The event keeps those fields' wire bytes and decodes them each time this is read, so an event whose extras
    /// nobody reads costs no decoding (and the NDJSON writer prints them from the bytes). Read it once into a local
    /// to look at several keys.
    public var extras: JSONObject {
        get { extrasStorage.object }
        set { extrasStorage = ExtrasStorage(newValue) }
    }
    /// The extras as held: wire bytes until someone sets an object.
    var extrasStorage: ExtrasStorage
    public var payload: Payload

    public init(
        type: String, timestamp: Int64, msgId: String, roomId: String, method: String,
        extras: JSONObject = JSONObject(), payload: Payload
    ) {
        self.init(
            type: type, timestamp: timestamp, messageID: WireID(msgId), roomId: roomId, method: method,
            extras: ExtrasStorage(extras), payload: payload)
    }

    init(
        type: String, timestamp: Int64, messageID: WireID, roomId: String, method: String,
        extras: ExtrasStorage = .none, payload: Payload
    ) {
        self.type = type
        self.timestamp = timestamp
        self.messageID = messageID
        self.roomId = roomId
        self.method = method
        self.extrasStorage = extras
        self.payload = payload
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Payload, Value>) -> Value {
        payload[keyPath: keyPath]
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Payload, Value>) -> Value {
        get { payload[keyPath: keyPath] }
        set { payload[keyPath: keyPath] = newValue }
    }
}

extension WireEvent: Codable {
    enum BaseKeys: String, CodingKey {
        case type, timestamp, msgId, roomId, method, extras
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: BaseKeys.self)
        type = try container.decode(String.self, forKey: .type)
        timestamp = try container.decode(Int64.self, forKey: .timestamp)
        messageID = WireID(try container.decode(String.self, forKey: .msgId))
        roomId = try container.decode(String.self, forKey: .roomId)
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? ""
        extrasStorage = ExtrasStorage(try container.decodeIfPresent(JSONObject.self, forKey: .extras) ?? JSONObject())
        payload = try Payload(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: BaseKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(msgId, forKey: .msgId)
        try container.encode(roomId, forKey: .roomId)
        try container.encode(method, forKey: .method)
        try payload.encode(to: encoder)
        if !extrasStorage.isEmpty {
            // The streaming NDJSON encoder writes these from wire bytes (JSON/WireExtras+JSON.swift).
            try container.encode(extrasStorage, forKey: .extras)
        }
    }
}
