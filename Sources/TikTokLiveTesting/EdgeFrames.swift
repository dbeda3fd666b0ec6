import CompressNIO
import Foundation
import NIOCore
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Builds the frames the edge sends and reads the ones it receives (docs/PROTOCOL.md#pushframe to #client-frames).
///
/// Written independently of the client's codec on purpose: if both sides shared one encoder, a mistake in it
/// would cancel out and the tests would prove nothing.
enum EdgeFrames {
    /// What the edge needs to know about one `msg` frame it is about to send.
    struct Batch {
        var messages: [FakeMessage]
        var logId: UInt64
        var seqId: UInt64
        var needAck: Bool
        var compress: Bool
        var isFirst: Bool
        var internalExt: [UInt8]
        var cursor: String
    }

    /// A `msg` PushFrame: `FetchResult` (gzipped when asked) with `compress_type=gzip` in its headers.
    static func message(_ batch: Batch) -> [UInt8] {
        var result = Webcast_FetchResult()
        result.messages = batch.messages.map { message in
            var inner = Webcast_InnerMessage()
            inner.method = message.method
            inner.payload = Data(message.payload)
            inner.msgID = message.msgId
            return inner
        }
        result.cursor = batch.cursor
        result.fetchInterval = 1000
        result.now = nowMillis()
        result.internalExt = Data(batch.internalExt)
        result.fetchType = 1
        result.heartbeatDuration = 10_000
        result.needAck = batch.needAck
        result.isFirst = batch.isFirst
        return message(
            batchBytes: serialize(result), logId: batch.logId, seqId: batch.seqId, cursor: batch.cursor,
            compress: batch.compress)
    }

    /// A `msg` PushFrame around a batch's bytes as given, gzipped with `compress_type=gzip` when `compress` is set.
    static func message(batchBytes: [UInt8], logId: UInt64, seqId: UInt64, cursor: String?, compress: Bool)
        -> [UInt8]
    {
        var frame = Webcast_PushFrame()
        frame.seqID = seqId
        frame.logID = logId
        frame.payloadEncoding = "pb"
        frame.payloadType = "msg"
        frame.headers = cursor.map { [header("im-cursor", $0)] } ?? []
        if compress { frame.headers.insert(header("compress_type", "gzip"), at: 0) }
        frame.payload = Data(compress ? gzip(batchBytes) : batchBytes)
        return serialize(frame)
    }

    /// A `msg` frame that declares gzip and carries `payload` unchanged, whatever it is.
    static func claimingGzip(payload: [UInt8], logId: UInt64, seqId: UInt64) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.seqID = seqId
        frame.logID = logId
        frame.payloadEncoding = "pb"
        frame.payloadType = "msg"
        frame.headers = [header("compress_type", "gzip")]
        frame.payload = Data(payload)
        return serialize(frame)
    }

    /// A `msg` frame that claims gzip but carries a gzip header followed by bytes that do not inflate.
    static func badGzip(logId: UInt64, seqId: UInt64) -> [UInt8] {
        // A valid 10-byte gzip member header, then a reserved (invalid) deflate block type.
        claimingGzip(
            payload: [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff, 0xff, 0xff, 0xff, 0xde, 0xad, 0xbe, 0xef],
            logId: logId, seqId: seqId)
    }

    /// The edge's answer to a heartbeat: an `hb` frame echoing the client's payload and log id.
    static func heartbeatEcho(of received: Webcast_PushFrame, seqId: UInt64) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.seqID = seqId
        frame.logID = received.logID
        frame.payloadEncoding = "pb"
        frame.payloadType = "hb"
        frame.payload = received.payload
        return serialize(frame)
    }

    /// The confirmation the real edge sends after `im_enter_room` (clients log it and move on).
    static func enterRoomResponse(roomId: Int64, seqId: UInt64) -> [UInt8] {
        var frame = Webcast_PushFrame()
        frame.seqID = seqId
        frame.payloadEncoding = "pb"
        frame.payloadType = "im_enter_room_resp"
        var enter = Webcast_EnterRoom()
        enter.roomID = roomId
        frame.payload = Data(serialize(enter))
        return serialize(frame)
    }

    /// Reads a client frame; `nil` when the bytes are not a PushFrame.
    static func decodeClientFrame(_ bytes: [UInt8]) -> Webcast_PushFrame? {
        guard !bytes.isEmpty else { return nil }
        return try? Webcast_PushFrame(serializedBytes: bytes)
    }

    static func heartbeatRoomId(_ frame: Webcast_PushFrame) -> UInt64? {
        (try? Webcast_HeartBeat(serializedBytes: [UInt8](frame.payload)))?.roomID
    }

    static func enterRoomId(_ frame: Webcast_PushFrame) -> Int64? {
        (try? Webcast_EnterRoom(serializedBytes: [UInt8](frame.payload)))?.roomID
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var input = ByteBuffer(bytes: bytes)
        // Compressing an in-memory buffer only fails when zlib cannot allocate; there is no sensible fallback.
        guard var output = try? input.compress(with: .gzip()) else {
            preconditionFailure("zlib could not compress \(bytes.count) bytes")
        }
        return output.readBytes(length: output.readableBytes) ?? []
    }

    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    private static func header(_ key: String, _ value: String) -> Webcast_FrameHeader {
        var header = Webcast_FrameHeader()
        header.key = key
        header.value = value
        return header
    }

    private static func serialize(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Only invalid UTF-8 makes serialisation fail, and Swift strings cannot hold it.
        (try? message.serializedBytes()) ?? []
    }
}
