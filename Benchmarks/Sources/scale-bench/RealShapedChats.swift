import Foundation
@_spi(Benchmarks) import TikTokLiveEvents

/// The chat messages of a capture, as the payloads it carried: for `--real-shaped`, whose rooms send messages with
/// the structure and size of real ones (the corpus's chats are ~2.7 KB inflated, most of it fields that land in
/// `extras`) instead of the small, fully modelled chats the scale rooms make.
enum RealShapedChats {
    /// Every `WebcastChatMessage` payload of the capture at `path`, in capture order.
    static func load(_ path: String) throws -> [[UInt8]] {
        var reader = CaptureReader(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
        var chats: [[UInt8]] = []
        while let record = try reader.next() {
            guard case .frame(let frame, _) = record, let payload = field(8, of: frame[...]) else { continue }
            let batch = try Gzip.inflate(Array(payload), maxOutputBytes: 32 << 20)
            for message in fields(1, of: batch[...]) {
                if let method = field(1, of: message), Array(method) == Array("WebcastChatMessage".utf8),
                    let body = field(2, of: message)
                {
                    chats.append(Array(body))
                }
            }
        }
        return chats
    }

    /// The first length-delimited field `number` of a message.
    private static func field(_ number: UInt64, of message: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        fields(number, of: message).first
    }

    /// Every length-delimited field `number` of a message; what follows a malformed field is not read.
    private static func fields(_ number: UInt64, of message: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var index = message.startIndex
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < message.endIndex, shift < 64 {
                let byte = message[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        var found: [ArraySlice<UInt8>] = []
        while index < message.endIndex, let key = varint() {
            switch key & 7 {
            case 0: guard varint() != nil else { return found }
            case 1: index += 8
            case 5: index += 4
            case 2:
                guard let length = varint(), length <= UInt64(message.endIndex - index) else { return found }
                let end = index + Int(length)
                if key >> 3 == number { found.append(message[index..<end]) }
                index = end
            default: return found
            }
        }
        return found
    }
}
