internal import SwiftProtobuf
internal import TikTokLiveProto

/// Gives the messages of a looping script's later passes fresh ids.
///
/// Clients de-duplicate on `msg_id` (SPEC §5.5), so an endless sandbox room that pushed the same ids on every
/// pass would show each event once and then go quiet. The id lives twice on the wire — in the inner message and
/// in the payload's `CommonMessageData` (field 1), which clients prefer — so both are rewritten; every other
/// byte of the payload is kept as it was.
enum MessageIdRewriter {
    /// How far apart the ids of consecutive passes are: decimal-readable (pass 3 of id 17 is 3_000_000_000_017).
    static let passStride: Int64 = 1_000_000_000_000

    static func forPass(_ pass: Int, _ messages: [FakeMessage]) -> [FakeMessage] {
        guard pass > 0 else { return messages }
        return messages.map { message in
            let id = message.msgId &+ Int64(pass) &* passStride
            return FakeMessage(method: message.method, payload: withCommonMsgId(message.payload, id), msgId: id)
        }
    }

    /// The payload with `msg_id` inside its field-1 `CommonMessageData` replaced; the payload unchanged when it
    /// has no such field or is not well-formed protobuf.
    static func withCommonMsgId(_ payload: [UInt8], _ id: Int64) -> [UInt8] {
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
                    common.msgID = id
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
