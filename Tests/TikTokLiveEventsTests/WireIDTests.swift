import Foundation
import Testing
import TikTokLiveTestSupport
import TikTokLiveTesting

@testable import TikTokLiveEvents

/// Ids held as numbers must behave exactly like the strings users see: same text, same equality, same
/// de-duplication.
@Suite("Wire ids")
struct WireIDTests {
    /// Texts around every edge of "prints as a 64-bit number".
    static let edgeTexts = [
        "0", "7", "42", "-7", "+42", "042", "-0", "00", "", "-", "abc", "12a", " 12", "١٢",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "99999999999999999999", "7431999000000000001", "07431999000000000001",
    ]

    /// Random texts that are mostly numbers, with signs, leading zeros and lengths around 19 digits.
    static func randomTexts(_ count: Int) -> [String] {
        var random = SeededRandom(seed: 51)
        return (0..<count).map { _ in
            var text = random.pick(["", "", "", "-", "+", "0"])
            for _ in 0..<random.int(in: 0...21) { text += String(random.int(in: 0...9)) }
            if random.chance(5) { text += random.pick(["x", " ", "é"]) }
            return text
        }
    }

    @Test("an id keeps its text, and is a number exactly when the text is how that number prints")
    func canonicalForm() {
        for text in Self.edgeTexts + Self.randomTexts(2_000) {
            let id = WireID(text)
            #expect(id.string == text)
            let printsAsNumber = Int64(text).map { String($0) == text } ?? false
            if case .number = id {
                #expect(printsAsNumber, "\(text) held as a number")
            } else {
                #expect(!printsAsNumber, "\(text) held as text")
            }
        }
    }

    @Test("ids are equal and hash alike exactly when their texts are equal")
    func equalityFollowsText() {
        let texts = Self.edgeTexts + Self.randomTexts(300)
        for a in texts {
            for b in texts {
                #expect((WireID(a) == WireID(b)) == (a == b), "\(a) vs \(b)")
            }
            #expect(Set([WireID(a), WireID(a)]).count == 1)
        }
        #expect(WireID(Int64(42)) == WireID("42"))
    }

    @Test("an id_str read from the wire is the id its text gives")
    func readFromWire() throws {
        for text in Self.edgeTexts + Self.randomTexts(3_000) {
            var proto = RawProto()
            proto.string(1028, text)
            let read = try proto.bytes.withUnsafeBytes { bytes in
                var cursor = WireCursor(bytes)
                _ = try cursor.nextKey()
                return try cursor.wireID()
            }
            #expect(read == (text.isEmpty ? nil : WireID(text)), "\(text)")
        }
    }

    /// The de-duplicator as users may think of it: the last `capacity` ids as strings, in a window for ids that are
    /// positive numbers as they print and a window for all others; `""` and `"0"` are always new.
    struct ModelWindows {
        let capacity: Int
        var windows: [Bool: (order: [String], seen: Set<String>)] = [true: ([], []), false: ([], [])]

        mutating func insert(_ id: String) -> Bool {
            if id.isEmpty || id == "0" { return true }
            let isNumber = Int64(id).map { $0 > 0 && String($0) == id } ?? false
            var window = windows[isNumber]!
            defer { windows[isNumber] = window }
            guard window.seen.insert(id).inserted else { return false }
            window.order.append(id)
            if window.order.count > capacity { window.seen.remove(window.order.removeFirst()) }
            return true
        }
    }

    @Test("events and msgId strings are de-duplicated as a window of the last ids, by the strings users see")
    func deduplicationFollowsModel() {
        var random = SeededRandom(seed: 52)
        let pool = Self.edgeTexts + Self.randomTexts(200)
        var byEvent = MessageDeduplicator(capacity: 50)
        var byText = MessageDeduplicator(capacity: 50)
        var model = ModelWindows(capacity: 50)
        var dropped = 0
        for _ in 0..<5_000 {
            let text = random.pick(pool)
            let event = LiveEvent.like(
                WireEvent(
                    type: "like", timestamp: 1, msgId: text, roomId: "1", method: "WebcastLikeMessage",
                    payload: LikePayload(user: nil, likeCount: 1, totalLikes: 1)))
            let expected = model.insert(text)
            #expect(byEvent.insert(event) == expected, "\(text.debugDescription) as an event")
            #expect(byText.insert(text) == expected, "\(text.debugDescription) as a string")
            if !expected { dropped += 1 }
        }
        #expect(dropped > 500)  // The pool is small enough that repeats within the window are common.
        // The client's own lifecycle events carry no id and are never dropped.
        let connected = byEvent.insert(.connected(ConnectedEvent(uniqueId: "host", roomId: "1")))
        #expect(connected)
    }

    @Test("a user's id reads, writes and encodes as the string it was given")
    func userIdRoundTrips() throws {
        for text in ["7431999000000000001", "042", "not-a-number"] {
            var user = LiveUser(userId: text)
            #expect(user.userId == text)
            let chat = LiveEvent.chat(
                WireEvent(
                    type: "chat", timestamp: 1, msgId: "5", roomId: "1", method: "WebcastChatMessage",
                    payload: ChatPayload(user: user, comment: "hi", emotes: nil, language: nil, mentions: nil)))
            let written = WireBuilder.json(chat)["data"] as? [String: Any]
            #expect((written?["user"] as? [String: Any])?["userId"] as? String == text)
            #expect(written?["msgId"] as? String == "5")
            let decoded = try JSONDecoder().decode(LiveUser.self, from: JSONEncoder().encode(user))
            #expect(decoded == user && decoded.userId == text)
            user.userId = nil
            #expect(user.userId == nil)
        }
    }
}
