import Foundation

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
/// totals that can jump backwards and users want a counter that does not. The totals are kept per room id the
/// wire names, for the 64 rooms named most recently, so a stream naming ever new room
/// ids cannot grow it.
public struct FrameDecoder: Sendable {
    public var limits: FrameLimits
    let mapper = EventMapper()
    private var highestLikeTotal = HighestLikeTotals()
    private var methodNames = MethodNameCache()

    public init(limits: FrameLimits = FrameLimits()) {
        self.limits = limits
    }

    /// Decodes one binary WebSocket message (or one capture record).
    /// - Parameters:
    ///   - bytes: the message's bytes: one `PushFrame`.
    ///   - receivedAt: milliseconds since the epoch; the timestamp of events whose wire data has none.
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

        let batchBytes = try frame.batch(in: bytes, maxInflatedBytes: limits.maxInflatedBytes)
        let batchError = batchBytes.withUnsafeBytes { raw -> TikTokLiveError? in
            guard let batch = try? BatchView(raw, maxMessages: limits.maxMessagesPerBatch) else {
                return TikTokLiveError(.decode, "msg payload is not a valid batch (\(raw.count) bytes)")
            }
            decoded.isFirstBatch = batch.isFirst
            if batch.needAck {
                decoded.ack = AckRequest(logID: frame.logID, internalExt: Array(raw[batch.internalExt]))
            }
            decoded.events = mapper.events(from: batch, in: raw, methodNames: &methodNames, receivedAt: receivedAt)
            if batch.droppedMessages > 0 {
                let total = batch.messages.count + batch.droppedMessages
                decoded.events.append(
                    .error(
                        ErrorEvent(
                            kind: .decode,
                            message:
                                "a batch of \(total) messages exceeds the \(limits.maxMessagesPerBatch)-message limit: "
                                + "the last \(batch.droppedMessages) were dropped")))
            }
            return nil
        }
        if let batchError { throw batchError }
        for index in decoded.events.indices where decoded.events[index].isLike {
            guard case .like(var like) = decoded.events[index] else { continue }
            like.totalLikes = highestLikeTotal.record(like.totalLikes, room: like.roomId)
            decoded.events[index] = .like(like)
        }
        return decoded
    }
}

/// The highest like total of each of the last ``capacity`` rooms a decoder saw likes for, the least recently
/// named forgotten first. The connected room names itself in every like, so it stays; a room id seen once (a
/// linked guest's, or a hostile stream's) ages out.
struct HighestLikeTotals: Sendable {
    static let capacity = 64
    /// Least recently named first; short enough that a linear search beats hashing the id.
    private(set) var rooms: [(roomId: String, highest: Int64)] = []

    /// Records `total` for `room`; returns the highest total remembered for it, `total` included.
    mutating func record(_ total: Int64, room: String) -> Int64 {
        var highest = total
        if let index = rooms.lastIndex(where: { $0.roomId == room }) {
            highest = max(rooms[index].highest, total)
            if index == rooms.count - 1 {
                rooms[index].highest = highest
                return highest
            }
            rooms.remove(at: index)
        } else if rooms.count >= Self.capacity {
            rooms.removeFirst()
        }
        rooms.append((room, highest))
        return highest
    }
}
