internal import SwiftProtobuf
internal import TikTokLiveProto

/// Gives the messages of a looping script's later passes fresh ids.
///
/// Clients de-duplicate on `msg_id` (docs/PROTOCOL.md#duplicates-and-history), so an endless sandbox room that pushed
/// the same ids on every pass would show each event once and then go quiet. The id lives twice on the wire — in the
/// inner message and in the payload's `CommonMessageData` (field 1), which clients prefer — so both are rewritten;
/// every other byte of the payload is kept as it was, except the ids that must stay unique per pass or point into the
/// same pass: a gift's streak `group_id` (when not 0) and the message ids an `imDelete` removes.
enum MessageIdRewriter {
    /// How far apart the ids of consecutive passes are: decimal-readable (pass 3 of id 17 is 3_000_000_000_017).
    static let passStride: Int64 = 1_000_000_000_000

    /// - Parameters:
    ///   - createTime: when set, every message's `create_time` becomes this (ms since the epoch).
    ///   - likeTotalPerPass: the room like total one pass ends on (``likeTotalPerPass(of:)``): a later pass's like
    ///     totals start from where the earlier passes left them, so a looping room's total keeps rising as a real
    ///     room's does instead of falling back to the first pass's numbers (which clients, keeping the highest
    ///     total they saw, would show as a total that stopped moving).
    static func forPass(
        _ pass: Int, _ messages: [FakeMessage], createTime: Int64? = nil, likeTotalPerPass: Int64 = 0
    ) -> [FakeMessage] {
        guard pass > 0 || createTime != nil else { return messages }
        let shift = Int64(pass) &* passStride
        let likeShift = Int64(pass) &* likeTotalPerPass
        return messages.map { message in
            let id = message.msgId &+ shift
            var payload = message.payload
            if pass > 0 { payload = withPassIds(payload, method: message.method, shift: shift, likeShift: likeShift) }
            payload = withCommon(payload) { common in
                common.msgID = id
                if let createTime { common.createTime = createTime }
            }
            return FakeMessage(method: message.method, payload: payload, msgId: id)
        }
    }

    /// The highest room like total in `script`'s like messages: what one pass adds to the room's total.
    static func likeTotalPerPass(of script: [FakeScriptStep]) -> Int64 {
        var highest: Int64 = 0
        for case .batch(let messages, _, _) in script {
            for message in messages where message.method == "WebcastLikeMessage" {
                if let like = try? Webcast_LikeMessage(serializedBytes: message.payload) {
                    highest = max(highest, like.total)
                }
            }
        }
        return highest
    }

    /// Gift group ids and deleted message ids moved by `shift`, like totals by `likeShift`; anything that does not
    /// decode is left alone.
    private static func withPassIds(_ payload: [UInt8], method: String, shift: Int64, likeShift: Int64) -> [UInt8] {
        switch method {
        case "WebcastLikeMessage":
            guard likeShift != 0, var like = try? Webcast_LikeMessage(serializedBytes: payload), like.total != 0 else {
                return payload
            }
            like.total &+= likeShift
            return (try? like.serializedBytes()) ?? payload
        case "WebcastGiftMessage":
            guard var gift = try? Webcast_GiftMessage(serializedBytes: payload), gift.groupID != 0 else {
                return payload
            }
            gift.groupID &+= UInt64(shift)
            return (try? gift.serializedBytes()) ?? payload
        case "WebcastImDeleteMessage":
            guard var delete = try? Webcast_ImDeleteMessage(serializedBytes: payload) else { return payload }
            delete.deleteMsgIds = delete.deleteMsgIds.map { $0 &+ shift }
            return (try? delete.serializedBytes()) ?? payload
        default:
            return payload
        }
    }

    /// The payload with its field-1 `CommonMessageData` changed by `change`; the payload unchanged when it has no
    /// such field or is not well-formed protobuf.
    static func withCommon(_ payload: [UInt8], _ change: (inout Webcast_CommonMessageData) -> Void) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(payload.count + 8)
        var index = 0
        var rewrote = false
        while index < payload.count {
            let fieldStart = index
            guard let key = readVarint(payload, &index) else { return payload }
            switch key & 7 {
            case 0:
                guard readVarint(payload, &index) != nil else { return payload }
            case 1:
                index += 8
            case 5:
                index += 4
            case 2:
                guard let length = readVarint(payload, &index), length <= UInt64(payload.count - index) else {
                    return payload
                }
                let start = index
                index += Int(length)
                if key >> 3 == 1, !rewrote,
                    var common = try? Webcast_CommonMessageData(serializedBytes: Array(payload[start..<index]))
                {
                    change(&common)
                    guard let bytes: [UInt8] = try? common.serializedBytes() else { return payload }
                    writeVarint(key, to: &output)
                    writeVarint(UInt64(bytes.count), to: &output)
                    output += bytes
                    rewrote = true
                    continue
                }
            default:
                // Groups (3, 4) are long obsolete; do not guess.
                return payload
            }
            guard index <= payload.count else { return payload }
            output += payload[fieldStart..<index]
        }
        return output
    }

    private static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    private static func writeVarint(_ value: UInt64, to output: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
