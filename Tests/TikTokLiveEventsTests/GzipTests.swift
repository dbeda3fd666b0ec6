import Testing
import TikTokLiveTestSupport
import TikTokLiveTesting

@_spi(Benchmarks) @testable import TikTokLiveEvents

/// gzip as push frames carry it: the wrapper read by us around libdeflate's and zlib's raw inflate, and the folded
/// CRC-32.
@Suite("gzip")
struct GzipTests {
    /// The CRC-32 one bit at a time, straight from its definition: the reference the fast one must match.
    static func referenceCRC(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        var state = ~crc
        for byte in bytes {
            state ^= UInt32(byte)
            for _ in 0..<8 { state = state & 1 == 1 ? (state >> 1) ^ 0xEDB8_8320 : state >> 1 }
        }
        return ~state
    }

    static func crc(_ bytes: [UInt8], from offset: Int = 0, continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer {
            Gzip.crc32($0.baseAddress! + offset, count: bytes.count - offset, continuing: crc)
        }
    }

    /// A member with the given header flags and fields around the raw deflate body of `content`.
    static func member(
        _ content: [UInt8], extra: [UInt8]? = nil, name: String? = nil, comment: String? = nil,
        headerCRC: Bool = false
    ) -> [UInt8] {
        let plain = Gzip.compress(content)  // A bare 10-byte header, the body, the 8-byte trailer.
        var flags: UInt8 = 0
        var header: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]
        if let extra {
            flags |= 0x04
            header += [UInt8(extra.count & 0xff), UInt8(extra.count >> 8)] + extra
        }
        if let name {
            flags |= 0x08
            header += Array(name.utf8) + [0]
        }
        if let comment {
            flags |= 0x10
            header += Array(comment.utf8) + [0]
        }
        if headerCRC { flags |= 0x02 }
        header[3] = flags
        if headerCRC {
            let crc = referenceCRC(header)
            header += [UInt8(crc & 0xff), UInt8(crc >> 8 & 0xff)]
        }
        return header + plain.dropFirst(10)
    }

    static func message(of error: any Error) -> String { (error as? TikTokLiveError)?.message ?? "\(error)" }

    @Test("the CRC-32 matches its definition at every length to 300, from every offset, continued or not")
    func crcMatchesDefinition() {
        var random = SeededRandom(seed: 41)
        let bytes = (0..<(300 + 15)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(Self.crc(Array("123456789".utf8)) == 0xCBF4_3926)
        for length in 0...300 {
            let offset = length % 16
            let slice = Array(bytes[offset..<(offset + length)])
            let start = UInt32(truncatingIfNeeded: random.next())
            #expect(Self.crc(slice) == Self.referenceCRC(slice), "length \(length)")
            let continued = bytes.withUnsafeBufferPointer {
                Gzip.crc32($0.baseAddress! + offset, count: length, continuing: start)
            }
            #expect(continued == Self.referenceCRC(slice, continuing: start), "length \(length), offset \(offset)")
        }
        let long = (0..<70_001).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(Self.crc(long) == Self.referenceCRC(long))
    }

    @Test("members round-trip at every size class, with and without optional header fields")
    func roundTrips() throws {
        var random = SeededRandom(seed: 42)
        for size in [0, 1, 15, 16, 63, 64, 65, 1_000, 70_000, 300_000] {
            // Half random bytes, half runs, so that both literals and matches are in the body.
            let content = (0..<size).map { index in
                index % 200 < 100 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(index % 7)
            }
            #expect(try Gzip.inflate(Gzip.compress(content), maxOutputBytes: 1 << 20) == content, "size \(size)")
            let dressed = Self.member(
                content, extra: [1, 2, 3, 0], name: "batch.pb", comment: "from the edge", headerCRC: true)
            #expect(try Gzip.inflate(dressed, maxOutputBytes: 1 << 20) == content, "size \(size), full header")
            #expect(try Gzip.inflate(dressed + [0, 0, 0], maxOutputBytes: 1 << 20) == content, "zero padding")
        }
    }

    @Test("a damaged header, body or trailer is an error that says which")
    func damageIsNamed() throws {
        let content = Array(String(repeating: "chat, like, gift; ", count: 50).utf8)
        let good = Self.member(content, name: "x", headerCRC: true)
        let cases: [(String, [UInt8], String)] = [
            ("no magic", [0x1f, 0x8c] + good.dropFirst(2), "no gzip magic"),
            ("not deflate", Array(good.prefix(2)) + [7] + good.dropFirst(3), "compression method 7"),
            ("reserved flag", Array(good.prefix(3)) + [good[3] | 0x20] + good.dropFirst(4), "reserved header flags"),
            ("header CRC", Array(good.prefix(9)) + [good[9] ^ 1] + good.dropFirst(10), "header CRC"),
            ("CRC", Array(good.dropLast(8)) + [good[good.count - 8] ^ 1] + good.suffix(7), "CRC-32 check"),
            ("size", Array(good.dropLast(1)) + [good[good.count - 1] ^ 1], "states"),
            ("junk after", good + [0, 9], "2 bytes after its end"),
        ]
        for (label, bytes, expected) in cases {
            do {
                _ = try Gzip.inflate(bytes, maxOutputBytes: 1 << 20)
                Issue.record("\(label): inflated without an error")
            } catch {
                #expect(Self.message(of: error).contains(expected), "\(label): \(Self.message(of: error))")
            }
        }
    }

    /// `member` with its trailer's size field replaced by `size`.
    static func stating(_ size: UInt32, _ member: [UInt8]) -> [UInt8] {
        Array(member.dropLast(4)) + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
    }

    @Test("a trailer that misstates the size, within the cap or past it, is named; the cap holds whatever it says")
    func misstatedSizes() throws {
        var random = SeededRandom(seed: 44)
        let content = (0..<5_000).map { index in index % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : 7 }
        let member = Gzip.compress(content)
        // Smaller than the content (the one-call inflate runs out of room), larger (it stops short), far larger.
        for stated: UInt32 in [1, 4_999, 2_500, 5_001, 10_000, 900_000, 0xFFFF_FFFF] {
            do {
                _ = try Gzip.inflate(Self.stating(stated, member), maxOutputBytes: 1 << 20)
                Issue.record("stating \(stated): inflated without an error")
            } catch {
                #expect(Self.message(of: error) == "gzip payload states \(stated) bytes but inflates to 5000")
            }
        }
        // A bomb whose trailer claims a small size: the cap, not the claim, bounds the output.
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 3 << 20))
        for stated: UInt32 in [1_000, 3 << 20] {
            do {
                _ = try Gzip.inflate(Self.stating(stated, bomb), maxOutputBytes: 1 << 20)
                Issue.record("bomb stating \(stated): inflated without an error")
            } catch {
                #expect(Self.message(of: error) == "gzip payload inflates past the 1048576-byte limit")
            }
        }
        // Told the truth, both inflate.
        #expect(try Gzip.inflate(member, maxOutputBytes: 1 << 20) == content)
        #expect(try Gzip.inflate(bomb, maxOutputBytes: 4 << 20).count == 3 << 20)
    }

    @Test("every prefix of a member is an error, never a short batch or a crash")
    func everyPrefixFails() {
        let content = Array(String(repeating: "member joined; ", count: 40).utf8)
        let member = Self.member(content, extra: [9, 9], name: "n", comment: "c", headerCRC: true)
        // A bare ten-byte header on its own: an empty body.
        let bareHeader = Array(Gzip.compress(content).prefix(10))
        #expect(throws: TikTokLiveError.self) { _ = try Gzip.inflate(bareHeader, maxOutputBytes: 1 << 20) }
        for length in 0..<member.count {
            #expect(throws: TikTokLiveError.self, "prefix of \(length) bytes") {
                _ = try Gzip.inflate(Array(member.prefix(length)), maxOutputBytes: 1 << 20)
            }
        }
    }

    @Test("random damage anywhere in a member never crashes and never passes the CRC with other content")
    func randomDamage() {
        var random = SeededRandom(seed: 43)
        let content = (0..<4_000).map { UInt8(truncatingIfNeeded: $0 * 31 % 251) }
        let member = Self.member(content, name: "batch", headerCRC: true)
        for _ in 0..<2_000 {
            var damaged = member
            for _ in 0..<random.int(in: 1...3) {
                damaged[random.int(in: 0...(damaged.count - 1))] ^= UInt8(random.int(in: 1...255))
            }
            if let inflated = try? Gzip.inflate(damaged, maxOutputBytes: 1 << 20) {
                #expect(inflated == content)
            }
        }
    }
}
