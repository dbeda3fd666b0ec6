import Foundation
import SwiftProtobuf
import Testing
import TikTokLiveProto
import TikTokLiveTestSupport
import TikTokLiveTesting

@testable import TikTokLiveEvents

/// The frame and batch envelopes are read in place; they must read what the generated decoder reads.
@Suite("Frame and batch views")
struct FrameViewTests {
    @Test("push frames: log id, type, payload and the gzip header as the generated decoder reads them")
    func pushFramesMatch() throws {
        var random = MessageRandomizer(seed: 3)
        for _ in 0..<2_000 {
            var frame = Webcast_PushFrame()
            frame.seqID = random.next()
            if random.chance(90) { frame.logID = random.next() }
            frame.payloadType = ["msg", "hb", "im_enter_room_resp", "", "ack"][random.int(in: 0...4)]
            frame.payloadEncoding = random.chance(50) ? "pb" : ""
            frame.payload = Data((0..<random.int(in: 0...40)).map { _ in UInt8(random.int(in: 0...255)) })
            for _ in 0..<random.int(in: 0...3) {
                var header = Webcast_FrameHeader()
                header.key = ["compress_type", "im-cursor", "Compress_Type", ""][random.int(in: 0...3)]
                header.value = ["gzip", "GZip", "deflate", "", "gzipx"][random.int(in: 0...4)]
                frame.headers.append(header)
            }
            let bytes: [UInt8] = try frame.serializedBytes() + random.unknownFields()
            let generated = try Webcast_PushFrame(serializedBytes: bytes)
            let view = try bytes.withUnsafeBytes { try PushFrameView($0) }
            #expect(view.logID == generated.logID)
            #expect(view.payloadType == generated.payloadType)
            #expect(Array(bytes[view.payload]) == Array(generated.payload))
            #expect(
                view.declaresGzip
                    == generated.headers.contains { $0.key == "compress_type" && $0.value.lowercased() == "gzip" })
        }
    }

    @Test("batches: messages, internal_ext, need_ack and is_first as the generated decoder reads them")
    func batchesMatch() throws {
        var random = MessageRandomizer(seed: 4)
        for _ in 0..<1_000 {
            let (batch, bytes) = randomBatch(&random)
            let view = try bytes.withUnsafeBytes { try BatchView($0) }
            let generated = try Webcast_FetchResult(serializedBytes: bytes)
            #expect(generated.messages.count == batch.messages.count)
            #expect(view.messages.map { Array(bytes[$0.method]) } == generated.messages.map { Array($0.method.utf8) })
            #expect(view.messages.map { Array(bytes[$0.payload]) } == generated.messages.map { Array($0.payload) })
            #expect(view.messages.map(\.msgId) == generated.messages.map(\.msgID))
            #expect(Array(bytes[view.internalExt]) == Array(generated.internalExt))
            #expect(view.needAck == generated.needAck)
            #expect(view.isFirst == generated.isFirst)
        }
    }

    @Test("a damaged batch the generated decoder accepts is read the same; one it refuses is never a crash")
    func damagedBatches() throws {
        var random = MessageRandomizer(seed: 5)
        var bothRead = 0
        for round in 0..<3_000 {
            var (_, bytes) = randomBatch(&random)
            if round % 2 == 0 {
                bytes = Array(bytes.prefix(random.int(in: 0...bytes.count)))
            } else if !bytes.isEmpty {
                bytes[random.int(in: 0...(bytes.count - 1))] = UInt8(random.int(in: 0...255))
            }
            let view = try? bytes.withUnsafeBytes { try BatchView($0) }
            guard let generated = try? Webcast_FetchResult(serializedBytes: bytes) else { continue }
            // The view skips what the client does not use, so it accepts all the generated decoder accepts.
            guard let view else {
                Issue.record("round \(round): the view refused a batch the generated decoder read")
                continue
            }
            #expect(view.messages.map { Array(bytes[$0.payload]) } == generated.messages.map { Array($0.payload) })
            #expect(view.messages.map(\.msgId) == generated.messages.map(\.msgID))
            #expect(view.needAck == generated.needAck)
            bothRead += 1
        }
        #expect(bothRead > 500)
    }

    @Test("past the method-name cache's capacity, and with a method that is not UTF-8, every message still arrives")
    func methodNames() throws {
        var messages = (0..<(MethodNameCache.capacity + 20)).map {
            FakeMessage(method: "WebcastCustom\($0)Message", payload: [0x08, 0x01], msgId: Int64($0) + 1)
        }
        var chat = Webcast_ChatMessage()
        chat.content = "still here"
        messages.append(FakeMessage(method: "WebcastChatMessage", payload: try chat.serializedBytes(), msgId: 999))
        var decoder = FrameDecoder()
        for _ in 0..<2 {
            let events = try decoder.decode(FakePushFrame.batch(messages, seqId: 1)).events
            #expect(events.count == messages.count)
            #expect(events.dropLast().allSatisfy { $0.name == "unknown" })
            #expect(events.dropLast().map { $0.method } == messages.dropLast().map { $0.method })
            guard case .chat(let last) = events.last else {
                Issue.record("the chat after the custom methods was lost")
                return
            }
            #expect(last.comment == "still here")
        }

        // A method name that is not UTF-8 costs nothing but its name: the message arrives as `unknown`.
        var inner = Webcast_InnerMessage()
        inner.payload = Data([0x08, 0x01])
        inner.msgID = 5
        var innerBytes: [UInt8] = try inner.serializedBytes()
        innerBytes += [0x0A, 0x03, 0x57, 0xFF, 0x65]
        let batch: [UInt8] = [0x0A] + varint(innerBytes.count) + innerBytes
        var frame = Webcast_PushFrame()
        frame.payloadType = "msg"
        frame.payload = Data(batch)
        let events = try decoder.decode(try frame.serializedBytes()).events
        #expect(events.map(\.name) == ["unknown"])
        #expect(events.first?.msgId == "5")

        // Messages without a method, twice (the second is found in the cache), still arrive.
        let unnamed = [
            FakeMessage(method: "", payload: [0x08, 0x01], msgId: 6), FakeMessage(method: "", payload: [], msgId: 7),
        ]
        let unnamedEvents = try decoder.decode(FakePushFrame.batch(unnamed, seqId: 2)).events
        #expect(unnamedEvents.map(\.name) == ["unknown", "unknown"])
        #expect(unnamedEvents.map(\.msgId) == ["6", "7"])
    }

    func randomBatch(_ random: inout MessageRandomizer) -> (Webcast_FetchResult, [UInt8]) {
        var batch = Webcast_FetchResult()
        batch.messages = (0..<random.int(in: 0...6)).map { _ in
            let (method, payload) = random.message()
            var inner = Webcast_InnerMessage()
            inner.method = random.chance(90) ? method : random.text()
            inner.payload = Data(payload)
            inner.msgID = random.number()
            if random.chance(30) { inner.msgType = 1 }
            if random.chance(30) { inner.offset = random.number() }
            return inner
        }
        if random.chance(50) { batch.cursor = random.text() }
        if random.chance(50) { batch.internalExt = Data(random.text().utf8) }
        batch.needAck = random.chance(50)
        batch.isFirst = random.chance(30)
        if random.chance(30) { batch.routeParams = ["region": random.text()] }
        if random.chance(30) { batch.fetchInterval = 1000 }
        let bytes = ((try? batch.serializedBytes()) ?? []) + random.unknownFields()
        return (batch, bytes)
    }
}
