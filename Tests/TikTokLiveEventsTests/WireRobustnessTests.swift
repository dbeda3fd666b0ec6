import Foundation
import SwiftProtobuf
import Testing
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport

@Suite("Wire robustness")
struct WireRobustnessTests {
    typealias W = WireBuilder

    @Test("fields in any order, a scalar repeated (last wins), unknown fields in extras")
    func outOfOrderAndRepeated() throws {
        var raw = RawProto()
        raw.string(3, "first draft")
        raw.bytes(2, W.bytes(W.user(5, "late_user")))
        raw.varint(150, 1)  // a field TikTok added tomorrow
        raw.string(14, "fr")
        raw.bytes(1, W.bytes(W.common("WebcastChatMessage", msgId: 99)))
        raw.string(3, "final text")
        raw.varint(150, 2)
        let event = try W.events([W.inner("WebcastChatMessage", raw.bytes)]).first!
        guard case .chat(let e) = event else {
            Issue.record("not a chat: \(event)")
            return
        }
        #expect(e.comment == "final text")
        #expect(e.user?.uniqueId == "late_user")
        #expect(e.language == "fr")
        #expect(e.msgId == "99")
        #expect(e.extras["150"] == .array([.uint(1), .uint(2)]))
    }

    @Test("extras: numbers, text, nested objects, base64 for bytes that are neither")
    func extrasShapes() throws {
        var nested = RawProto()
        nested.varint(1, 7)
        nested.string(2, "inner")
        var raw = RawProto()
        raw.bytes(1, W.bytes(W.common("WebcastLikeMessage", msgId: 1)))
        raw.varint(40, UInt64.max)
        raw.string(41, "plain text ✓")
        raw.bytes(42, nested.bytes)
        raw.bytes(43, [0xff, 0xfe, 0x00, 0x01])
        raw.fixed32(44, 1_234)
        raw.fixed64(45, 9_876_543_210)
        raw.bytes(46, [])
        let event = try W.events([W.inner("WebcastLikeMessage", raw.bytes)]).first!
        let extras = try #require(event.wireBase?.extras)
        #expect(extras["40"] == .uint(UInt64.max))
        #expect(extras["41"] == .string("plain text ✓"))
        #expect(extras["42"] == .object(["1": .uint(7), "2": .string("inner")]))
        #expect(extras["43"] == .string(Data([0xff, 0xfe, 0x00, 0x01]).base64EncodedString()))
        #expect(extras["44"] == .uint(1_234))
        #expect(extras["45"] == .uint(9_876_543_210))
        #expect(extras["46"] == .string(""))
        #expect(extras.keys == ["40", "41", "42", "43", "44", "45", "46"])
        let line = EventJSONEncoder().line(for: event)
        #expect(line.contains(#""extras":{"40":18446744073709551615,"41":"plain text ✓","42":{"1":7,"2":"inner"}"#))
    }

    @Test("a known field sent with the wrong wire type lands in extras instead of failing the message")
    func wrongWireType() throws {
        var raw = RawProto()
        raw.bytes(1, W.bytes(W.common("WebcastLikeMessage", msgId: 1)))
        raw.string(2, "not a number")  // count is a varint in our schema
        raw.varint(3, 500)
        let event = try W.events([W.inner("WebcastLikeMessage", raw.bytes)]).first!
        guard case .like(let e) = event else {
            Issue.record("not a like: \(event)")
            return
        }
        #expect(e.totalLikes == 500)
        #expect(e.likeCount == 0)
        #expect(e.extras["2"] == .string("not a number"))
    }

    @Test("one undecodable message costs that message only; its neighbours arrive in order")
    func badMessageInBatch() throws {
        var good1 = Webcast_ChatMessage()
        good1.common = W.common("WebcastChatMessage", msgId: 1)
        good1.content = "before"
        var good2 = Webcast_ChatMessage()
        good2.common = W.common("WebcastChatMessage", msgId: 3)
        good2.content = "after"
        let truncated: [UInt8] = [0x1a, 0x10, 0x61]  // field 3, says 16 bytes, has 1
        let events = try W.events([
            W.inner("WebcastChatMessage", good1), W.inner("WebcastGiftMessage", truncated, msgId: 2),
            W.inner("WebcastChatMessage", good2),
        ])
        #expect(events.map(\.name) == ["chat", "error", "chat"])
        guard case .error(let error) = events[1] else { return }
        #expect(error.kind == .decode)
        #expect(error.method == "WebcastGiftMessage")
        #expect(error.message.contains("WebcastGiftMessage"))
        guard case .chat(let after) = events[2] else { return }
        #expect(after.comment == "after")
    }

    @Test("invalid UTF-8 in a text field costs that message only")
    func invalidUTF8() throws {
        var raw = RawProto()
        raw.bytes(3, [0x68, 0xc3, 0x28])
        let events = try W.events([W.inner("WebcastChatMessage", raw.bytes)])
        #expect(events.map(\.name) == ["error"])
    }

    @Test(
        "garbage, truncated and empty frames are errors, never crashes",
        arguments: [
            [UInt8](), [0xff, 0xff, 0xff, 0xff], [0x0a], Array("GET / HTTP/1.1\r\n".utf8), [0x42, 0x80],
        ])
    func garbageFrames(bytes: [UInt8]) {
        var decoder = FrameDecoder()
        #expect(throws: TikTokLiveError.self) { try decoder.decode(bytes) }
    }

    @Test("every prefix of a real frame either decodes or throws")
    func truncatedPrefixes() throws {
        var chat = Webcast_ChatMessage()
        chat.common = W.common("WebcastChatMessage", msgId: 1)
        chat.content = "a fairly ordinary comment"
        let frame = W.frame([W.inner("WebcastChatMessage", chat)])
        var decoder = FrameDecoder()
        var thrown = 0
        for length in 0..<frame.count {
            do {
                _ = try decoder.decode(Array(frame[0..<length]))
            } catch {
                #expect(error.kind == .decode)
                thrown += 1
            }
        }
        #expect(thrown > frame.count / 2)
        #expect(try decoder.decode(frame).events.count == 1)
    }

    @Test("a frame over the size limit is refused before decoding")
    func oversizedFrame() {
        var decoder = FrameDecoder(limits: FrameLimits(maxFrameBytes: 1_000))
        let frame = W.frame(
            W.batch([W.inner("WebcastChatMessage", [UInt8](repeating: 0x20, count: 2_000))]), gzip: false)
        #expect {
            try decoder.decode(frame)
        } throws: { error in
            (error as? TikTokLiveError)?.message.contains("exceeds") == true
        }
    }

    @Test("gzip is found by header or by magic; bad gzip is an error")
    func gzipDetection() throws {
        var chat = Webcast_ChatMessage()
        chat.common = W.common("WebcastChatMessage", msgId: 1)
        chat.content = "zipped"
        let batch = W.batch([W.inner("WebcastChatMessage", chat)])
        var decoder = FrameDecoder()
        #expect(try decoder.decode(W.frame(batch, gzip: true, header: true)).events.count == 1)
        #expect(try decoder.decode(W.frame(batch, gzip: true, header: false)).events.count == 1)
        #expect(try decoder.decode(W.frame(batch, gzip: false)).events.count == 1)

        // Declared gzip, but the bytes are a plain batch.
        var frame = Webcast_PushFrame()
        frame.payloadType = "msg"
        var header = Webcast_FrameHeader()
        header.key = "compress_type"
        header.value = "gzip"
        frame.headers = [header]
        frame.payload = Data(batch)
        #expect(throws: TikTokLiveError.self) { try decoder.decode(W.bytes(frame)) }

        // Real gzip, cut short.
        let zipped = W.gzipped(batch)
        frame.payload = Data(zipped.prefix(zipped.count - 9))
        #expect(throws: TikTokLiveError.self) { try decoder.decode(W.bytes(frame)) }

        // Magic bytes, then junk.
        frame.payload = Data([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef])
        #expect(throws: TikTokLiveError.self) { try decoder.decode(W.bytes(frame)) }
    }

    @Test("a decompression bomb is an error, not an out-of-memory kill")
    func bomb() {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        let bomb = W.gzipped(zeros)
        #expect(bomb.count < 100_000)
        var decoder = FrameDecoder(limits: FrameLimits(maxInflatedBytes: 1 << 20))
        var frame = Webcast_PushFrame()
        frame.payloadType = "msg"
        frame.payload = Data(bomb)
        #expect {
            try decoder.decode(W.bytes(frame))
        } throws: { error in
            (error as? TikTokLiveError)?.message.contains("limit") == true
        }
    }

    @Test("frames other than msg carry no events; a batch asking for an ack says so")
    func payloadTypesAndAck() throws {
        var decoder = FrameDecoder()
        let hb = try decoder.decode(W.frame([], gzip: false, payloadType: "hb"))
        #expect(hb.payloadType == "hb")
        #expect(hb.events.isEmpty)
        #expect(hb.ack == nil)

        let frame = W.frame(W.batch([], needAck: true, internalExt: "internal_src:pushserver|seq:9"), logId: 7_777)
        let decoded = try decoder.decode(frame)
        #expect(decoded.ack == AckRequest(logID: 7_777, internalExt: Array("internal_src:pushserver|seq:9".utf8)))
    }

    @Test("client frames: heartbeat, enter-room and ack are laid out as docs/PROTOCOL.md#client-frames says")
    func clientFrames() throws {
        let hb = try Webcast_PushFrame(serializedBytes: FrameEncoder.heartbeat(roomID: 123))
        #expect(hb.payloadType == "hb")
        #expect(hb.payloadEncoding == "pb")
        #expect(try Webcast_HeartBeat(serializedBytes: hb.payload).roomID == 123)

        let enter = try Webcast_PushFrame(serializedBytes: FrameEncoder.enterRoom(roomID: 456))
        #expect(enter.payloadType == "im_enter_room")
        let body = try Webcast_EnterRoom(serializedBytes: enter.payload)
        #expect(body.roomID == 456)
        #expect(body.liveID == 12)
        #expect(body.identity == "audience")
        #expect(body.filterWelcomeMsg == "0")

        let ack = try Webcast_PushFrame(
            serializedBytes: FrameEncoder.ack(AckRequest(logID: 99, internalExt: Array("ext".utf8))))
        #expect(ack.payloadType == "ack")
        #expect(ack.payloadEncoding == "pb")
        #expect(ack.logID == 99)
        #expect(ack.payload == Data("ext".utf8))
    }
}
