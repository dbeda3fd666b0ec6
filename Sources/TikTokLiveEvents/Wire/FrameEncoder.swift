import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Size limits that keep hostile or broken input from costing more than the frame it arrived in.
public struct FrameLimits: Sendable, Hashable {
    /// Largest frame accepted from the socket or a capture.
    public var maxFrameBytes: Int
    /// Largest payload after gzip inflation.
    public var maxInflatedBytes: Int
    /// Most messages decoded from one batch (one `msg` frame). A real room's batch holds tens, a first batch a few
    /// hundred; the messages past this are dropped unread and one `error` event (kind `decode`) says how many.
    /// Without it, a 75 KB gzip frame can inflate to over a million tiny messages.
    public var maxMessagesPerBatch: Int

    public init(maxFrameBytes: Int = 8 << 20, maxInflatedBytes: Int = 32 << 20, maxMessagesPerBatch: Int = 10_000) {
        self.maxFrameBytes = maxFrameBytes
        self.maxInflatedBytes = maxInflatedBytes
        self.maxMessagesPerBatch = maxMessagesPerBatch
    }
}

/// What a `msg` frame asks of the client besides delivering its events.
public struct AckRequest: Sendable, Hashable {
    /// The frame's `log_id`, echoed in the ack frame.
    public var logID: UInt64
    /// The batch's `internal_ext`, sent back as the ack's payload.
    public var internalExt: [UInt8]

    public init(logID: UInt64, internalExt: [UInt8]) {
        self.logID = logID
        self.internalExt = internalExt
    }
}

/// Builds the frames the client sends: heartbeat, enter-room and ack.
package enum FrameEncoder {
    /// A heartbeat: `PushFrame{payload_encoding: pb, payload_type: hb, payload: HeartBeat{room_id}}`.
    package static func heartbeat(roomID: UInt64, sequence: Int64 = 0) -> [UInt8] {
        var beat = Webcast_HeartBeat()
        beat.roomID = roomID
        beat.sendPacketSeqID = sequence
        return frame(type: "hb", payload: serialize(beat))
    }

    /// The `im_enter_room` frame that asks the server to start sending the room's messages.
    package static func enterRoom(roomID: Int64, enterUniqueID: Int64 = 0) -> [UInt8] {
        var enter = Webcast_EnterRoom()
        enter.roomID = roomID
        enter.liveID = 12
        enter.identity = "audience"
        enter.accountType = 0
        enter.enterUniqueID = enterUniqueID
        enter.filterWelcomeMsg = "0"
        return frame(type: "im_enter_room", payload: serialize(enter))
    }

    /// The acknowledgement of a batch that asked for one.
    package static func ack(_ request: AckRequest) -> [UInt8] {
        frame(type: "ack", payload: request.internalExt, logID: request.logID)
    }

    static func frame(type: String, payload: [UInt8], logID: UInt64 = 0) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.logID = logID
        frame.payloadEncoding = "pb"
        frame.payloadType = type
        frame.payload = Data(payload)
        return serialize(frame)
    }

    static func serialize(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Serializing a message we built ourselves only fails on invalid UTF-8, which Swift strings cannot hold.
        (try? message.serializedBytes()) ?? []
    }
}

/// Milliseconds since the epoch, now.
@usableFromInline
func currentTimeMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
