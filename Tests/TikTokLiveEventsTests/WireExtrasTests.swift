import Foundation
import Testing
import TikTokLiveTestSupport
import TikTokLiveTesting

@testable import TikTokLiveEvents

/// Extras go from wire bytes to NDJSON without a tree, and to the typed API on first read: both are held to the
/// JSON the project printed before either existed (the committed real-shaped lines) and to a plain model of the
/// rules, on random bytes built to hit every rule.
@Suite("Extras from wire bytes")
struct WireExtrasTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The JSON text of an object, as the NDJSON writer prints objects.
    static func text(_ object: JSONObject) -> String {
        var writer = JSONWriter()
        writer.write(.object(object))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The JSON text the wire-bytes writer prints for unknown-field bytes.
    static func wireText(_ bytes: [UInt8]) -> String {
        var writer = JSONWriter()
        writer.writeExtras(ExtrasStorage(unknownFields: bytes))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The frames of a capture (`[u32 LE length][frame]...`).
    static func frames(_ path: String) throws -> [[UInt8]] {
        var reader = CaptureReader(handle: try FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
        var frames: [[UInt8]] = []
        while let record = try reader.next() {
            if case .frame(let frame, _) = record { frames.append(frame) }
        }
        return frames
    }

    @Test("real-shaped messages replay to the committed NDJSON, byte for byte, and their typed extras print the same")
    func realShapedMessagesPrintTheCommittedLines() throws {
        let capture = Self.fixtures.appendingPathComponent("real-shaped.bin").path
        let expected = try String(
            contentsOf: Self.fixtures.appendingPathComponent("real-shaped.ndjson"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        // The NDJSON `replay --json` prints: each decoded event's line, as the encoder writes it.
        let encoder = EventJSONEncoder()
        var decoder = FrameDecoder()
        var events: [LiveEvent] = []
        for frame in try Self.frames(capture) { events += try decoder.decode(frame).events }
        let lines = events.map { encoder.line(for: $0) }
        #expect(lines.count == expected.count)
        for (line, wanted) in zip(lines, expected) where line != wanted {
            Issue.record("line differs:\n\(line.prefix(400))\nwanted\n\(wanted.prefix(400))")
            break
        }
        #expect(lines.filter { $0.contains(#""extras":"#) }.count > expected.count / 2, "most messages carry extras")

        // Through the typed API: each event's extras, once read, print as the wire writer printed.
        var held = 0
        for event in events {
            guard let base = event.wireBase, !base.extras.isEmpty else { continue }
            let wireLine = encoder.line(for: event)
            #expect(wireLine.contains(#""extras":\#(Self.text(base.extras))}}"#))
            held += 1
        }
        #expect(held > events.count / 2)
    }

    @Test("random unknown-field bytes print as the model prints them, on both readers")
    func randomBytesMatchTheModel() {
        var random = ExtrasBytesRandomizer(seed: 15)
        var shapes = ExtrasModel.Tally()
        for _ in 0..<4_000 {
            let bytes = random.message(depth: 0)
            let model = ExtrasModel.decode(bytes, tally: &shapes)
            let modelText = Self.text(model)
            #expect(Self.text(WireExtras.decode(bytes)) == modelText, "\(bytes)")
            #expect(Self.wireText(bytes) == modelText, "\(bytes)")
        }
        // The generator reaches every rule, so the comparison covers it.
        #expect(shapes.texts > 1_000 && shapes.objects > 1_000 && shapes.base64 > 300 && shapes.arrays > 300)
        #expect(shapes.unsortedLevels > 300, "\(shapes)")
        #expect(shapes.tooDeep > 20, "\(shapes)")
        #expect(shapes.malformed > 50, "\(shapes)")
    }

    @Test("the sandbox's and the randomizer's messages print the same extras from the fast path and the generated one")
    func bothDecodersPrintTheSameExtras() throws {
        var messages: [(String, [UInt8])] = []
        for step in SandboxRoom(seed: 11).script {
            if case .batch(let batch, _, _) = step { messages += batch.map { ($0.method, $0.payload) } }
        }
        var random = MessageRandomizer(seed: 21)
        for _ in 0..<1_000 { messages.append(random.message()) }
        let encoder = EventJSONEncoder()
        var withExtras = 0
        for (method, payload) in messages {
            let (fast, generated) = HotMessageDecoderTests.bothPaths(method, payload)
            for event in [fast, generated].compactMap({ $0 }) {
                guard let base = event.wireBase else { continue }
                let model = ExtrasModel.decode(Self.unknownBytes(of: event))
                #expect(Self.text(base.extras) == Self.text(model))
                if !model.isEmpty {
                    #expect(encoder.line(for: event).contains(#""extras":\#(Self.text(model))"#))
                    withExtras += 1
                }
            }
        }
        #expect(withExtras > 500)
    }

    /// The unknown-field bytes an event kept.
    static func unknownBytes(of event: LiveEvent) -> [UInt8] {
        guard case .wire(let bytes) = event.wireBase?.extrasStorage.form else { return [] }
        return bytes
    }

    @Test("an event keeps its extras as wire bytes until they are read; a user's own extras replace them")
    func extrasAreDecodedOnRead() throws {
        let frames = try Self.frames(Self.fixtures.appendingPathComponent("real-shaped.bin").path)
        var decoder = FrameDecoder()
        let events = try decoder.decode(frames[0]).events
        guard case .chat(var chat) = events.first(where: { $0.name == "chat" }) else {
            Issue.record("no chat in the first frame")
            return
        }
        guard case .wire(let bytes) = chat.extrasStorage.form else {
            Issue.record("the chat's extras were decoded before anyone read them")
            return
        }
        #expect(!bytes.isEmpty)
        #expect(chat.extras["19"]?.arrayValue?.isEmpty == false, "a chat's ranking list, field 19")
        chat.extras = ["note": "mine"]
        #expect(chat.extras.keys == ["note"])
        #expect(EventJSONEncoder().line(for: .chat(chat)).hasSuffix(#""extras":{"note":"mine"}}}"#))
    }

    @Test("a message of 100,000 distinct unknown fields decodes its first 4,096 and keeps the rest as one base64 entry")
    func fieldsPastTheCapStayBytes() throws {
        var bytes: [UInt8] = []
        var restStart = 0
        for number in 1...100_000 {
            if number == WireExtras.maxFieldsPerMessage + 1 { restStart = bytes.count }
            bytes += RawProto.varint(UInt64(number) << 3) + RawProto.varint(UInt64(number))
        }
        let extras = WireExtras.decode(bytes)
        #expect(extras.count == WireExtras.maxFieldsPerMessage + 1)
        #expect(extras.entries.first! == ("1", .uint(1)))
        #expect(extras.entries[WireExtras.maxFieldsPerMessage - 1].key == String(WireExtras.maxFieldsPerMessage))
        let raw = try #require(extras["raw"]?.stringValue)
        #expect(Data(base64Encoded: raw) == Data(bytes[restStart...]), "nothing past the cap is lost")
        #expect(Self.wireText(bytes) == Self.text(extras))

        // Out of order and repeated: the regrouping is linear too.
        var shuffled: [UInt8] = []
        for index in 0..<100_000 {
            let number = UInt64((index * 7_919) % 50_000 + 1)
            shuffled += RawProto.varint(number << 3) + RawProto.varint(7)
        }
        let regrouped = WireExtras.decode(shuffled)
        #expect(regrouped.count == WireExtras.maxFieldsPerMessage + 1)
        #expect(Self.wireText(shuffled) == Self.text(regrouped))
    }

    @Test("the text and UTF-8 checks and base64 agree with the standard library and Foundation on random bytes")
    func textAndBase64MatchTheLibraries() {
        var random = SeededRandom(seed: 3)
        let pieces: [[UInt8]] = [
            [0xc0, 0x80], [0xc2, 0xa9], [0xe0, 0x9f, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0xa0, 0x80], [0xed, 0x9f, 0xbf],
            [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80],
            [0xf5, 0x80, 0x80, 0x80], [0x80], [0xbf], [0xff], [0x41], [0xe2, 0x82], [0xf0, 0x9f, 0x98],
            Array("plain ascii text".utf8), Array("0123456".utf8), [0x09], [0x0a], [0x0d], [0x7f], [0x1f], [0x20],
            [0x7e],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.int(in: 0...8) {
                bytes += random.chance(50) ? random.pick(pieces) : [UInt8(truncatingIfNeeded: random.next())]
            }
            // Half of them behind plain text, so that the pieces also fall inside and across 16-byte blocks.
            if random.chance(50) { bytes = Array(repeating: UInt8(ascii: "a"), count: random.int(in: 1...40)) + bytes }
            let control = bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d) || $0 == 0x7f }
            bytes.withUnsafeBytes { raw in
                #expect(WireExtras.isValidUTF8(raw) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                #expect(
                    WireExtras.isCleanText(raw) == (!control && String(validating: bytes, as: UTF8.self) != nil),
                    "\(bytes)")
                #expect(Base64.string(raw) == Data(bytes).base64EncodedString())
            }
        }
    }
}

/// The extras rules as plainly as they can be written, independent of the readers under test: read a level into
/// fields (nil when malformed), group numbers in order of first appearance, show bytes as text, a nested message
/// (to depth 12) or base64.
enum ExtrasModel {
    struct Tally {
        var texts = 0
        var objects = 0
        var base64 = 0
        var arrays = 0
        var unsortedLevels = 0
        var tooDeep = 0
        var malformed = 0
    }

    enum Value {
        case number(UInt64)
        case bytes([UInt8])
    }

    static func decode(_ bytes: [UInt8]) -> JSONObject {
        var tally = Tally()
        return decode(bytes, tally: &tally)
    }

    static func decode(_ bytes: [UInt8], tally: inout Tally) -> JSONObject {
        if bytes.isEmpty { return JSONObject() }
        guard let fields = fields(bytes) else {
            tally.malformed += 1
            return ["raw": .string(Data(bytes).base64EncodedString())]
        }
        return object(fields, depth: 0, tally: &tally)
    }

    static func fields(_ bytes: [UInt8]) -> [(Int, Value)]? {
        var index = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            for position in 0..<10 {
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7f) << (7 * UInt64(position))
                if byte < 0x80 { return value }
            }
            return nil
        }
        func take(_ count: Int) -> [UInt8]? {
            guard count <= bytes.count - index else { return nil }
            defer { index += count }
            return Array(bytes[index..<index + count])
        }
        func little(_ raw: [UInt8]) -> UInt64 { raw.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        var fields: [(Int, Value)] = []
        while index < bytes.count {
            guard let key = varint(), key >> 3 >= 1, key >> 3 <= 536_870_911 else { return nil }
            let value: Value
            switch key & 7 {
            case 0: guard let number = varint() else { return nil }; value = .number(number)
            case 1: guard let raw = take(8) else { return nil }; value = .number(little(raw))
            case 5: guard let raw = take(4) else { return nil }; value = .number(little(raw))
            case 2:
                guard let length = varint(), length <= UInt64(bytes.count - index), let body = take(Int(length))
                else { return nil }
                value = .bytes(body)
            default: return nil
            }
            fields.append((Int(key >> 3), value))
        }
        return fields
    }

    static func object(_ fields: [(Int, Value)], depth: Int, tally: inout Tally) -> JSONObject {
        var order: [Int] = []
        var values: [Int: [JSONValue]] = [:]
        if !fields.map(\.0).elementsEqual(fields.map(\.0).sorted()) { tally.unsortedLevels += 1 }
        for (number, value) in fields {
            if values[number] == nil { order.append(number) }
            values[number, default: []].append(self.value(value, depth: depth, tally: &tally))
        }
        return JSONObject(
            order.map { number in
                let all = values[number]!
                if all.count > 1 { tally.arrays += 1 }
                return (String(number), all.count == 1 ? all[0] : .array(all))
            })
    }

    static func value(_ value: Value, depth: Int, tally: inout Tally) -> JSONValue {
        guard case .bytes(let bytes) = value else {
            if case .number(let number) = value { return .uint(number) }
            return .null
        }
        let control = bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d) || $0 == 0x7f }
        if !control, let text = String(validating: bytes, as: UTF8.self) {
            tally.texts += 1
            return .string(text)
        }
        if let fields = fields(bytes) {
            if depth < 12 {
                tally.objects += 1
                return .object(object(fields, depth: depth + 1, tally: &tally))
            }
            tally.tooDeep += 1
        }
        tally.base64 += 1
        return .string(Data(bytes).base64EncodedString())
    }
}

/// Unknown-field bytes built to reach every extras rule: numbers out of order and repeated, every wire type, text
/// clean and not (tabs, quotes, control bytes, broken UTF-8), nested messages past the depth limit, junk.
struct ExtrasBytesRandomizer {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func message(depth: Int) -> [UInt8] {
        if depth == 0, random.chance(3) {
            // Junk: a truncated length, a group, a zero field number.
            return random.pick([[0x0a, 0x05, 0x01], [0x0b, 0x01], [0x00, 0x01], [0x08]])
        }
        if depth == 0, random.chance(3) {
            // A chain of nested messages around the depth limit.
            var chain = message(depth: 20)
            for _ in 0..<random.int(in: 10...15) {
                chain = RawProto.varint(2 << 3 | 2) + RawProto.varint(UInt64(chain.count)) + chain
            }
            return chain
        }
        var bytes: [UInt8] = []
        let numbers = [1, 2, 3, 5, 19, 40, 150, 1_000, 536_870_911]
        let sorted = random.chance(50)
        var picked = (0..<random.int(in: 1...(depth > 3 ? 2 : 7))).map { _ in random.pick(numbers) }
        if sorted { picked.sort() }
        for number in picked {
            let key = UInt64(number) << 3
            switch random.int(in: 0...9) {
            case 0: bytes += RawProto.varint(key | 0) + RawProto.varint(random.next() >> UInt64(random.int(in: 0...63)))
            case 1: bytes += RawProto.varint(key | 1) + (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 2: bytes += RawProto.varint(key | 5) + (0..<4).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 3...5:
                // Deep chains, so that some pass the depth limit.
                let body = message(depth: depth + 1)
                bytes += RawProto.varint(key | 2) + RawProto.varint(UInt64(body.count)) + body
            default:
                let body = text()
                bytes += RawProto.varint(key | 2) + RawProto.varint(UInt64(body.count)) + body
            }
        }
        return bytes
    }

    mutating func text() -> [UInt8] {
        random.pick([
            [], Array("hi".utf8), Array("Grüße 👋 用户".utf8), Array("tab\tline\nreturn\r\"quoted\" back\\slash".utf8),
            Array("bell\u{07}".utf8), Array("del\u{7f}".utf8), [0xff, 0xfe, 0x00, 0x01], [0xc0, 0x80],
            [0xed, 0xa0, 0x80],
            Array("https://p16-sign.tiktokcdn.com/x~c5_100x100.webp".utf8), [0x08, 0x96, 0x01], [0x12, 0x00],
            (0..<random.int(in: 1...40)).map { _ in UInt8(truncatingIfNeeded: random.next()) },
        ])
    }
}
