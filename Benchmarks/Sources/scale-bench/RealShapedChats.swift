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
            guard case .frame(let frame, _) = record else { continue }
            chats += FrameMessages.read(frame).filter { $0.method == "WebcastChatMessage" }.map(\.payload)
        }
        return chats
    }
}
