import Foundation
internal import SwiftProtobuf
internal import TikTokLiveProto

/// Size limits that keep hostile or broken input from costing more than the frame it arrived in.
public struct FrameLimits: Sendable, Hashable {
    /// Largest frame accepted from the socket or a capture.
    public var maxFrameBytes: Int
    /// Largest payload after gzip inflation.
    public var maxInflatedBytes: Int

    public init(maxFrameBytes: Int = 8 << 20, maxInflatedBytes: Int = 32 << 20) {
        self.maxFrameBytes = maxFrameBytes
        self.maxInflatedBytes = maxInflatedBytes
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

/// The result of decoding one push frame.
public struct DecodedFrame: Sendable {
    /// The frame's `payload_type`: `msg`, `hb`, `im_enter_room_resp`, ...
    public var payloadType: String
    public var logID: UInt64
    /// The batch's events, in wire order, for `msg` frames; empty otherwise.
    public var events: [LiveEvent]
    /// Set when the batch asks for an acknowledgement.
    public var ack: AckRequest?
    /// The batch's `is_first` flag: its messages include recent history.
    public var isFirstBatch: Bool
}

/// Decodes push frames into events: frame envelope, gzip, batch, then each message.
///
/// A frame that cannot be decoded throws and costs that frame only; a message inside a batch that cannot be
/// decoded becomes an `error` event (`kind: decode`) and its neighbours are still delivered.
///
/// It keeps one piece of state across frames: the highest room like total seen, because TikTok's shards report
/// totals that can jump backwards and users want a counter that does not.
public struct FrameDecoder: Sendable {
    public var limits: FrameLimits
    let mapper = EventMapper()
    private var highestLikeTotal: [String: Int64] = [:]
    private var methodNames = MethodNameCache()

    public init(limits: FrameLimits = FrameLimits()) {
        self.limits = limits
    }

    /// Decodes one binary WebSocket message (or one capture record).
    /// - Parameter receivedAt: milliseconds since the epoch; the timestamp of events whose wire data has none.
    public mutating func decode(_ bytes: [UInt8], receivedAt: Int64 = currentTimeMillis()) throws(TikTokLiveError)
        -> DecodedFrame
    {
        guard !bytes.isEmpty else { throw TikTokLiveError(.decode, "empty frame") }
        guard bytes.count <= limits.maxFrameBytes else {
            throw TikTokLiveError(
                .decode, "frame of \(bytes.count) bytes exceeds the \(limits.maxFrameBytes)-byte limit")
        }
        let frame: PushFrameView
        do {
            frame = try bytes.withUnsafeBytes { try PushFrameView($0) }
        } catch {
            throw TikTokLiveError(.decode, "frame is not a valid PushFrame (\(bytes.count) bytes)")
        }
        var decoded = DecodedFrame(
            payloadType: frame.payloadType, logID: frame.logID, events: [], ack: nil, isFirstBatch: false)
        guard frame.payloadType == "msg" else { return decoded }

        let payload = bytes[frame.payload]
        let batchBytes: [UInt8]
        if frame.declaresGzip || Gzip.looksLikeGzip(payload) {
            batchBytes = try Gzip.inflate(payload, maxOutputBytes: limits.maxInflatedBytes)
        } else {
            batchBytes = Array(payload)
        }
        let batchError = batchBytes.withUnsafeBytes { raw -> TikTokLiveError? in
            guard let batch = try? BatchView(raw) else {
                return TikTokLiveError(.decode, "msg payload is not a valid batch (\(raw.count) bytes)")
            }
            decoded.isFirstBatch = batch.isFirst
            if batch.needAck {
                decoded.ack = AckRequest(logID: frame.logID, internalExt: Array(raw[batch.internalExt]))
            }
            decoded.events = mapper.events(from: batch, in: raw, methodNames: &methodNames, receivedAt: receivedAt)
            return nil
        }
        if let batchError { throw batchError }
        for index in decoded.events.indices where decoded.events[index].isLike {
            guard case .like(var like) = decoded.events[index] else { continue }
            let highest = max(highestLikeTotal[like.roomId] ?? 0, like.totalLikes)
            highestLikeTotal[like.roomId] = highest
            like.totalLikes = highest
            decoded.events[index] = .like(like)
        }
        return decoded
    }
}

/// Builds the frames the client sends (SPEC §3.7).
public enum FrameEncoder {
    /// A heartbeat: `PushFrame{payload_encoding: pb, payload_type: hb, payload: HeartBeat{room_id}}`.
    public static func heartbeat(roomID: UInt64, sequence: Int64 = 0) -> [UInt8] {
        var beat = Webcast_HeartBeat()
        beat.roomID = roomID
        beat.sendPacketSeqID = sequence
        return frame(type: "hb", payload: serialize(beat))
    }

    /// The `im_enter_room` frame that asks the server to start sending the room's messages.
    public static func enterRoom(roomID: Int64, enterUniqueID: Int64 = 0) -> [UInt8] {
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
    public static func ack(_ request: AckRequest) -> [UInt8] {
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
public func currentTimeMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
