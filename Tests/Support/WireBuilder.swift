import Foundation
public import SwiftProtobuf
@_spi(Benchmarks) public import TikTokLiveEvents
public import TikTokLiveProto

/// Builds wire bytes in tests, with our own schema: messages, batches, push frames and captures.
public enum WireBuilder {
    public static let roomId: Int64 = 7_301_234_567_890_123_456

    public static func common(
        _ method: String, msgId: Int64, createTime: Int64 = 1_764_000_000_000, displayKey: String? = nil
    )
        -> Webcast_CommonMessageData
    {
        var common = Webcast_CommonMessageData()
        common.method = method
        common.msgID = msgId
        common.roomID = roomId
        common.createTime = createTime
        if let displayKey {
            var text = Webcast_Text()
            text.key = displayKey
            common.displayText = text
        }
        return common
    }

    public static func user(_ id: Int64, _ handle: String, _ nickname: String? = nil) -> Webcast_User {
        var user = Webcast_User()
        user.id = id
        user.displayID = handle
        user.nickname = nickname ?? handle.capitalized
        var avatar = Webcast_Image()
        avatar.urlList = ["https://p16.example/\(handle).webp"]
        user.avatarThumb = avatar
        return user
    }

    public static func bytes(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        try! message.serializedBytes()
    }

    public static func inner(_ method: String, _ payload: [UInt8], msgId: Int64 = 0) -> Webcast_InnerMessage {
        var inner = Webcast_InnerMessage()
        inner.method = method
        inner.payload = Data(payload)
        inner.msgID = msgId
        return inner
    }

    public static func inner(_ method: String, _ message: some SwiftProtobuf.Message, msgId: Int64 = 0)
        -> Webcast_InnerMessage
    {
        inner(method, bytes(message), msgId: msgId)
    }

    public static func batch(_ messages: [Webcast_InnerMessage], needAck: Bool = false, internalExt: String = "")
        -> [UInt8]
    {
        var result = Webcast_FetchResult()
        result.messages = messages
        result.needAck = needAck
        result.internalExt = Data(internalExt.utf8)
        return bytes(result)
    }

    /// A `msg` push frame around a batch, gzip-compressed and labelled as such unless told otherwise.
    public static func frame(
        _ batch: [UInt8], gzip: Bool = true, header: Bool = true, logId: UInt64 = 42, payloadType: String = "msg"
    ) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.seqID = 1
        frame.logID = logId
        frame.payloadEncoding = "pb"
        frame.payloadType = payloadType
        if gzip && header {
            var h = Webcast_FrameHeader()
            h.key = "compress_type"
            h.value = "gzip"
            frame.headers = [h]
        }
        frame.payload = Data(gzip ? gzipped(batch) : batch)
        return bytes(frame)
    }

    public static func frame(_ messages: [Webcast_InnerMessage], needAck: Bool = false, internalExt: String = "")
        -> [UInt8]
    {
        frame(batch(messages, needAck: needAck, internalExt: internalExt))
    }

    public static func gzipped(_ data: [UInt8]) -> [UInt8] {
        Gzip.compress(data)
    }

    /// Decodes one message the way the library does and returns its events.
    public static func events(_ messages: [Webcast_InnerMessage]) throws -> [LiveEvent] {
        var decoder = FrameDecoder()
        return try decoder.decode(frame(messages), receivedAt: 1_000).events
    }

    public static func event(_ method: String, _ message: some SwiftProtobuf.Message, msgId: Int64 = 0) throws
        -> LiveEvent
    {
        let events = try events([inner(method, message, msgId: msgId)])
        precondition(events.count == 1)
        return events[0]
    }

    public static func json(_ event: LiveEvent) -> [String: Any] {
        let data = EventJSONEncoder().data(for: event)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// Protobuf wire encoding by hand, for layouts the generated code will not produce (fields out of order,
/// repeated scalars, wrong wire types, truncation).
public struct RawProto {
    public var bytes: [UInt8] = []

    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    public mutating func varint(_ field: Int, _ value: UInt64) {
        bytes += Self.varint(UInt64(field << 3)) + Self.varint(value)
    }

    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        bytes += Self.varint(UInt64(field << 3 | 2)) + Self.varint(UInt64(value.count)) + value
    }

    public mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    public mutating func fixed32(_ field: Int, _ value: UInt32) {
        bytes += Self.varint(UInt64(field << 3 | 5)) + withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    public mutating func fixed64(_ field: Int, _ value: UInt64) {
        bytes += Self.varint(UInt64(field << 3 | 1)) + withUnsafeBytes(of: value.littleEndian, Array.init)
    }
}
