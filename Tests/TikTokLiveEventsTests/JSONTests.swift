import Foundation
import Testing
import TikTokLiveProto
import TikTokLiveTestSupport
import TikTokLiveTesting

@testable import TikTokLiveEvents

@Suite("NDJSON")
struct JSONTests {
    typealias W = WireBuilder

    func chatEvent(_ comment: String, nickname: String = "Ann") throws -> LiveEvent {
        var m = Webcast_ChatMessage()
        m.common = W.common("WebcastChatMessage", msgId: 7_301_234_567_890_123_457)
        m.user = W.user(6_800_000_000_000_000_009, "ann_1", nickname)
        m.content = comment
        return try W.event("WebcastChatMessage", m)
    }

    @Test("envelope, base fields, and 64-bit ids as strings")
    func envelope() throws {
        let line = EventJSONEncoder().line(for: try chatEvent("hi"))
        #expect(
            line.hasPrefix(
                #"{"type":"chat","data":{"type":"chat","timestamp":1764000000000,"msgId":"7301234567890123457","roomId":"7301234567890123456""#
            ))
        #expect(line.contains(#""userId":"6800000000000000009""#))
        #expect(!line.contains("extras"), "empty extras are omitted")
        #expect(!line.contains("\n"))
    }

    @Test("UTF-8 stays UTF-8; quotes, backslashes and newlines are escaped; one line per event")
    func escaping() throws {
        let comment = "emoji 🎉🔥, CJK 你好世界 こんにちは, \"quoted\", back\\slash, new\nline, tab\t, bell\u{07}"
        let line = EventJSONEncoder().line(for: try chatEvent(comment, nickname: "名前 👑"))
        #expect(!line.contains("\n"))
        #expect(line.contains("🎉🔥"))
        #expect(line.contains("你好世界"))
        #expect(line.contains(#"\"quoted\""#))
        #expect(line.contains(#"back\\slash"#))
        #expect(line.contains(#"new\nline"#))
        #expect(line.contains(#"bell\u0007"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let data = parsed["data"] as! [String: Any]
        #expect(data["comment"] as? String == comment)
        #expect((data["user"] as! [String: Any])["nickname"] as? String == "名前 👑")
    }

    @Test("a character that needs escaping is escaped wherever it falls in the 16-byte, 8-byte and byte scans")
    func escapingAtEveryOffset() throws {
        let specials: [(Character, String)] = [
            ("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\t", #"\t"#), ("\u{01}", #"\u0001"#),
            ("\u{1f}", #"\u001f"#), ("\u{7f}", #"\u007f"#),
        ]
        // Long enough for two 16-byte blocks, an 8-byte word and single bytes, wherever the special lands.
        let plain = Array("abcdefgh-ü-12345678-🎉-ABCDEFGH-https://p16-sign.tiktokcdn.com/x")
        for (special, escaped) in specials {
            for offset in 0...plain.count {
                var characters = plain
                characters.insert(special, at: offset)
                let text = String(characters)
                var writer = JSONWriter()
                writer.writeString(text)
                let written = String(decoding: writer.bytes, as: UTF8.self)
                let expected =
                    "\"" + String(plain[..<offset]) + escaped + String(plain[offset...]) + "\""
                #expect(written == expected, "offset \(offset)")
            }
        }
        // Text with nothing to escape, of every length around the block sizes, comes out as it went in.
        for length in 0...40 {
            let text = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length)
            var writer = JSONWriter()
            writer.writeString(text)
            #expect(writer.bytes == Array("\"\(text)\"".utf8))
        }
    }

    @Test("random text with escapes anywhere is written as a plain reference escaper writes it")
    func escapingMatchesReference() {
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += Array(#"\""#.utf8)
                case 0x5c: out += Array(#"\\"#.utf8)
                case 0x0a: out += Array(#"\n"#.utf8)
                case 0x0d: out += Array(#"\r"#.utf8)
                case 0x09: out += Array(#"\t"#.utf8)
                case 0..<0x20, 0x7f: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return out + [0x22]
        }
        var random = SeededRandom(seed: 61)
        let pieces = ["a", "Z", "0", "é", "🎉", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1f}", "\u{7f}", " ", "/"]
        for _ in 0..<2_000 {
            var text = ""
            let plainRun = random.int(in: 0...40)
            for _ in 0..<random.int(in: 0...60) {
                text += random.chance(80) ? String(repeating: "x", count: random.int(in: 0...plainRun)) : ""
                text += random.pick(pieces)
            }
            var writer = JSONWriter()
            writer.writeString(text)
            let written = String(decoding: writer.bytes, as: UTF8.self)
            #expect(written == String(decoding: reference(text), as: UTF8.self))
        }
    }

    @Test("integers of every length and sign print as Swift prints them")
    func integers() {
        var values: [Int64] = [0, 9, 10, 99, 100, 101, 999, 1_000, .max, .min, .min + 1, -1, -10, -99, -100]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, -(power - 1)]
        }
        for value in values {
            var writer = JSONWriter()
            writer.writeInteger(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
        for value: UInt64 in [.max, .max - 1, 10_000_000_000_000_000_000] {
            var writer = JSONWriter()
            writer.writeInteger(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
    }

    @Test("commas stay right in containers nested past the 64 levels kept as bits")
    func deepNesting() throws {
        final class Node: Encodable {
            let value: Int
            let child: Node?
            let tail: [Int]
            init(_ value: Int, _ child: Node?) {
                self.value = value
                self.child = child
                self.tail = [value, value]
            }
        }
        var node: Node? = nil
        for value in (0..<100).reversed() { node = Node(value, node) }
        let written = String(decoding: try StreamingJSONEncoder.encode(node!), as: UTF8.self)
        var expected = ""
        for value in 0..<100 { expected += "{\"value\":\(value)," + (value < 99 ? "\"child\":" : "") }
        for value in (0..<100).reversed() { expected += "\"tail\":[\(value),\(value)]}" + (value > 0 ? "," : "") }
        #expect(written == expected)
    }

    @Test("a wire event round-trips through Codable")
    func roundTrip() throws {
        guard case .chat(let chat) = try chatEvent("round trip") else { return }
        let data = try JSONEncoder().encode(chat)
        let decoded = try JSONDecoder().decode(ChatEvent.self, from: data)
        #expect(decoded == chat)
    }

    @Test("lifecycle events have the contract's fields")
    func lifecycle() throws {
        let reconnecting = EventJSONEncoder().line(
            for: .reconnecting(ReconnectingEvent(attempt: 2, delaySeconds: 4, reason: "socket closed")))
        #expect(
            reconnecting == #"{"type":"reconnecting","data":{"attempt":2,"delaySeconds":4,"reason":"socket closed"}}"#)
        let error = EventJSONEncoder().line(for: .error(ErrorEvent(TikTokLiveError(.decode, "bad frame"))))
        #expect(error == #"{"type":"error","data":{"kind":"decode","message":"bad frame"}}"#)
    }
}

@Suite("NDJSON decoding")
struct JSONDecodingTests {
    @Test("every event of the sample capture reads back from its NDJSON line as the same event")
    func roundTripSample() throws {
        var decoder = FrameDecoder()
        var events: [LiveEvent] = []
        for frame in SampleRoomFrames.frames() { events += try decoder.decode(frame).events }
        events.append(.reconnecting(ReconnectingEvent(attempt: 1, delaySeconds: 2, reason: "socket closed")))
        #expect(events.count > 20)
        for event in events {
            let line = EventJSONEncoder().data(for: event)
            let decoded = try JSONDecoder().decode(LiveEvent.self, from: line)
            #expect(decoded == event, "\(event.name)")
        }
    }
}

@Suite("NDJSON writers agree")
struct JSONWriterParityTests {
    @Test("the streaming writer prints exactly what the tree writer prints, for every sample event")
    func parity() throws {
        var decoder = FrameDecoder()
        var events: [LiveEvent] = [
            .error(ErrorEvent(kind: .decode, message: "x \"y\"", method: "WebcastGiftMessage")),
            .roomInfo(RoomInfoEvent(roomId: "1", wsHost: "h", connectedAt: "2026-11-25T00:00:00Z")),
        ]
        for frame in SampleRoomFrames.frames() { events += try decoder.decode(frame).events }
        let encoder = EventJSONEncoder()
        for event in events {
            var tree = JSONWriter()
            tree.write(encoder.value(for: event))
            let streamed: String = String(decoding: encoder.bytes(for: event), as: UTF8.self)
            let built: String = String(decoding: tree.bytes, as: UTF8.self)
            #expect(streamed == built)
        }
    }

    @Test("the direct user writer prints what the user's Codable conformance prints, nils and badges included")
    func userParity() throws {
        let users = [
            LiveUser(),
            LiveUser(userId: "7000000000000000001", uniqueId: "ann_1", nickname: "Ann \"A\" 🌸"),
            LiveUser(
                userId: "1", uniqueId: "bob", nickname: "Bob", profilePictureUrl: "https://p16.example/a.webp?x=1&y=2",
                followRole: 2, isSubscriber: true, isModerator: true, payGrade: 12, teamMemberLevel: 3,
                secUid: "MS4wLjABAAAA",
                badges: [
                    .init(sceneType: 8, displayType: 1, level: 12, imageUrl: "https://p16.example/lv12.png"),
                    .init(sceneType: 10, displayType: 2, text: "stars"),
                ]),
            LiveUser(followRole: 0, badges: []),
        ]
        for user in users {
            var tree = JSONWriter()
            tree.write(try JSONValueEncoder.encode(user))
            let streamed = String(decoding: try StreamingJSONEncoder.encode(user), as: UTF8.self)
            #expect(streamed == String(decoding: tree.bytes, as: UTF8.self))
            #expect(try JSONDecoder().decode(LiveUser.self, from: Data(streamed.utf8)) == user)
        }
    }

    @Test("integers are written as Swift prints them, at the edges of every width")
    func integerDigits() {
        let signed: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 7_435_000_000_000_000_001, .max, .min]
        for number in signed {
            var writer = JSONWriter()
            writer.writeInteger(number)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(number))
        }
        for number: UInt64 in [0, 5, 1_000_000, .max] {
            var writer = JSONWriter()
            writer.writeInteger(number)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(number))
        }
        var writer = JSONWriter()
        writer.writeInteger(Int32.min)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "-2147483648")
        if #available(macOS 15, *) {
            var wide = JSONWriter()
            wide.writeInteger(Int128.min)
            #expect(String(decoding: wide.bytes, as: UTF8.self) == String(Int128.min))
        }
    }

    @Test("the hot events' direct writers print what Codable prints, with every optional field set and unset")
    func hotEventParity() throws {
        let ann = LiveUser(userId: "7000000000000000001", uniqueId: "ann_1", nickname: "Ann", isSubscriber: true)
        let bob = LiveUser(userId: "2", uniqueId: "bob", badges: [.init(sceneType: 1, displayType: 2, text: "Mod")])
        let extras = JSONObject([("9", .int(42)), ("77", .object(JSONObject([("1", .string("x\"y"))])))])
        func wire<P: EventPayload>(_ type: String, _ payload: P, extras: JSONObject = JSONObject()) -> WireEvent<P> {
            WireEvent(
                type: type, timestamp: 1_764_000_000_123, msgId: "7435100000000000001", roomId: "7435000000000000001",
                method: "Webcast", extras: extras, payload: payload)
        }
        let events: [LiveEvent] = [
            .chat(wire("chat", ChatPayload(user: nil, comment: "", emotes: nil, language: nil, mentions: nil))),
            .chat(
                wire(
                    "chat",
                    ChatPayload(
                        user: ann, comment: "hi @bob 🌸", emotes: [.init(emoteId: "e1", imageUrl: "u", index: 3)],
                        language: "en", mentions: [bob]),
                    extras: extras)),
            .like(wire("like", LikePayload(user: ann, likeCount: 15, totalLikes: 9_000_000_000))),
            .like(wire("like", LikePayload(user: nil, likeCount: 0, totalLikes: 0))),
            .member(
                wire(
                    "member",
                    MemberPayload(
                        user: ann, action: 5, viewerCount: 321, operator: bob, enterType: 2,
                        actionDescription: "made a moderator"))),
            .join(
                wire(
                    "join",
                    MemberPayload(
                        user: ann, action: 1, viewerCount: nil, operator: nil, enterType: nil, actionDescription: nil
                    ))),
            .gift(
                wire(
                    "gift",
                    GiftPayload(
                        user: ann, toUser: bob, giftId: 5655, giftName: "Rose", diamondCount: 1, repeatCount: 7,
                        repeatEnd: true, giftType: 1, streakable: true, groupId: "1764000000", giftPictureUrl: "p",
                        comboCount: 7, groupCount: 1, describe: "sent Rose", toMemberNickname: "Bob"),
                    extras: extras)),
            .gift(
                wire(
                    "gift",
                    GiftPayload(
                        user: nil, toUser: nil, giftId: 0, giftName: nil, diamondCount: 0, repeatCount: 0,
                        repeatEnd: false, giftType: 0, streakable: false, groupId: "", giftPictureUrl: nil,
                        comboCount: nil, groupCount: nil, describe: nil, toMemberNickname: nil))),
            .roomUserSeq(
                wire(
                    "roomUserSeq",
                    RoomUserSeqPayload(
                        viewerCount: 2_400, totalViewers: 21_600,
                        topViewers: [
                            .init(user: ann, coinCount: 300, rank: 1), .init(user: nil, coinCount: 0, rank: 2),
                        ],
                        popularity: 99, anonymousViewers: 4))),
            .roomUserSeq(
                wire(
                    "roomUserSeq",
                    RoomUserSeqPayload(
                        viewerCount: 0, totalViewers: 0, topViewers: [], popularity: nil, anonymousViewers: nil))),
        ]
        let encoder = EventJSONEncoder()
        for event in events {
            var tree = JSONWriter()
            tree.write(encoder.value(for: event))
            #expect(
                String(decoding: encoder.bytes(for: event), as: UTF8.self)
                    == String(decoding: tree.bytes, as: UTF8.self))
            #expect(try JSONDecoder().decode(LiveEvent.self, from: Data(encoder.bytes(for: event))) == event)
        }
    }
}
