import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// What one stream GET is to send, decided by the route (EdgeWebRoutes.swift) under the edge's lock.
struct EdgeStreamPlan {
    enum Fault {
        case none
        /// Closes the connection halfway through the tag after this many whole audio/video tags.
        case cutMidTag(afterTags: Int)
        /// Sends nothing more after this many whole audio/video tags, and keeps the connection open.
        case stall(afterTags: Int)
    }

    var roomId: Int64
    var stream: FakeStream
    var fault: Fault
    /// Index into `EdgeState.streamConnections`.
    var connection: Int
}

/// Writes a fake FLV stream on an HTTP connection: header, `onMetaData`, then the room's tags from its cursor,
/// with the plan's fault; a task of its own per connection, registered with the edge so shutdown stops it.
enum EdgeStreamServer {
    static func start(_ plan: EdgeStreamPlan, channel: any Channel, version: HTTPVersion, core: EdgeCore) {
        let task = Task {
            await serve(plan, channel: channel, version: version, core: core)
        }
        core.state.withLockedValue { $0.players.append(task) }
    }

    private static func serve(_ plan: EdgeStreamPlan, channel: any Channel, version: HTTPVersion, core: EdgeCore)
        async
    {
        func update(_ change: (inout FakeStreamConnection) -> Void) {
            core.state.withLockedValue { change(&$0.streamConnections[plan.connection]) }
        }
        func write(_ bytes: [UInt8]) async -> Bool {
            do {
                try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))))
                return true
            } catch {
                update { $0.ending = .clientClosed }
                return false
            }
        }
        let head = HTTPResponseHead(
            version: version, status: .ok,
            headers: HTTPHeaders([
                ("Content-Type", "video/x-flv"), ("Connection", "close"), ("Server", "fake-tiktok-edge"),
            ]))
        do {
            try await channel.writeAndFlush(HTTPServerResponsePart.head(head))
        } catch {
            update { $0.ending = .clientClosed }
            return
        }
        guard await write(FLVBuilder.fileHeader + FLVBuilder.metadataTag) else { return }
        update { $0.wholeTags = 1 }

        var sent = 0
        while !Task.isCancelled {
            switch plan.fault {
            case .cutMidTag(let after) where sent == after:
                let cursor = core.state.withLockedValue { $0.streamCursors[plan.roomId, default: 0] }
                let tag = plan.stream.tag(at: cursor)
                // Recorded first: a client may be done before the edge gets to say so.
                update { $0.ending = .cutMidTag }
                _ = await write(Array(tag.prefix(tag.count / 2)))
                try? await channel.close()
                return
            case .stall(let after) where sent == after:
                while channel.isActive, !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                try? await channel.close()
                return
            default:
                break
            }
            if let interval = plan.stream.tagInterval {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    break
                }
            }
            // Taken under the lock, so that two connections to one room never send the same tag.
            let index = core.state.withLockedValue { state -> Int? in
                let cursor = state.streamCursors[plan.roomId, default: 0]
                guard plan.stream.loops || cursor < plan.stream.tagCount else { return nil }
                state.streamCursors[plan.roomId] = cursor + 1
                return cursor
            }
            guard let index else {
                update { $0.ending = .ended }
                _ = try? await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                try? await channel.close()
                return
            }
            guard await write(plan.stream.tag(at: index)) else {
                try? await channel.close()
                return
            }
            sent += 1
            update { $0.wholeTags += 1 }
        }
        try? await channel.close()
    }
}

/// FLV bytes as a CDN sends them: the 9-byte header and `PreviousTagSize0`, then tags of an 11-byte header,
/// the data and the tag's size.
enum FLVBuilder {
    static let audioType: UInt8 = 8
    static let videoType: UInt8 = 9
    static let scriptType: UInt8 = 18

    /// `FLV`, version 1, audio and video present, header size 9, then `PreviousTagSize0` = 0.
    static let fileHeader: [UInt8] = [0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]

    /// `onMetaData` with a `duration` of 0 (a live stream's), in AMF0.
    static let metadataTag: [UInt8] = {
        var data: [UInt8] = [0x02, 0x00, 0x0A] + Array("onMetaData".utf8)
        data += [0x08, 0, 0, 0, 1]
        data += [0x00, 0x08] + Array("duration".utf8) + [0x00] + [UInt8](repeating: 0, count: 8)
        data += [0x00, 0x00, 0x09]
        return tag(type: scriptType, timestamp: 0, data: data)
    }()

    /// The stream's tag number `index`: video on even numbers (a key frame every tenth), audio on odd ones,
    /// 50 ms apart, the payload a pattern of the index so a test can tell tags apart.
    static func tag(index: Int, payloadBytes: Int) -> [UInt8] {
        let isVideo = index % 2 == 0
        var data: [UInt8] = isVideo ? [index % 10 == 0 ? 0x17 : 0x27, 0x01, 0, 0, 0] : [0xAF, 0x01]
        data += (0..<payloadBytes).map { UInt8(truncatingIfNeeded: index &+ $0) }
        return tag(type: isVideo ? videoType : audioType, timestamp: UInt32(truncatingIfNeeded: index * 50), data: data)
    }

    /// The audio and video tags of an FLV file, each with its `PreviousTagSize`, in file order.
    static func mediaTags(of file: [UInt8]) throws(FakeStreamFileError) -> [[UInt8]] {
        guard file.count >= 13, file.starts(with: Array("FLV".utf8)) else {
            throw FakeStreamFileError(description: "not an FLV file: no FLV header")
        }
        let headerSize = Int(file[5]) << 24 | Int(file[6]) << 16 | Int(file[7]) << 8 | Int(file[8])
        var index = headerSize + 4
        var tags: [[UInt8]] = []
        while index < file.count {
            guard index + 11 <= file.count else {
                throw FakeStreamFileError(description: "a truncated tag header at byte \(index)")
            }
            let size = Int(file[index + 1]) << 16 | Int(file[index + 2]) << 8 | Int(file[index + 3])
            let end = index + 11 + size + 4
            guard end <= file.count else { throw FakeStreamFileError(description: "a truncated tag at byte \(index)") }
            if file[index] == audioType || file[index] == videoType { tags.append(Array(file[index..<end])) }
            index = end
        }
        return tags
    }

    static func tag(type: UInt8, timestamp: UInt32, data: [UInt8]) -> [UInt8] {
        let size = UInt32(data.count)
        var bytes: [UInt8] = [type, UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        bytes += [UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF)]
        bytes += [UInt8(timestamp >> 24 & 0xFF), 0, 0, 0]
        bytes += data
        let total = UInt32(11 + data.count)
        bytes += [UInt8(total >> 24), UInt8(total >> 16 & 0xFF), UInt8(total >> 8 & 0xFF), UInt8(total & 0xFF)]
        return bytes
    }
}
