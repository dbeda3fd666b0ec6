import Foundation
@_spi(Benchmarks) @_spi(Fuzzing) import TikTokLiveEvents
import TikTokLiveTesting

/// Writes a seed corpus per fuzz target: `FUZZ_WRITE_SEEDS=OUTPUT_DIR FUZZ_REPOSITORY=ROOT fuzz-tiktok` (what
/// Scripts/fuzz.sh runs before fuzzing). The seeds come from the repository's captures and fixtures and one pass of
/// the sandbox room: real-shaped frames, every event type the sandbox scripts, its deliberate garbage.
@_cdecl("tiktok_fuzz_write_seeds")
public func writeSeeds(_ output: UnsafePointer<CChar>, _ repository: UnsafePointer<CChar>) -> Int32 {
    do {
        try FuzzSeeds.write(
            to: URL(fileURLWithPath: String(cString: output)), from: URL(fileURLWithPath: String(cString: repository)))
        return 0
    } catch {
        FileHandle.standardError.write(Data("could not write the seeds: \(error)\n".utf8))
        return 1
    }
}

enum FuzzSeeds {
    /// Seeds past this size slow every execution down more than they add coverage.
    static let maxSeedBytes = 64 << 10

    static func write(to output: URL, from repository: URL) throws {
        var seeds = Seeds(root: output)

        var frames: [[UInt8]] = []
        for capture in [
            "Captures/sample-room.bin", "Benchmarks/Captures/busy-room-cut.bin", "Tests/Fixtures/real-shaped.bin",
        ] {
            let url = repository.appendingPathComponent(capture)
            let data = try [UInt8](Data(contentsOf: url))
            // Whole captures are too big to mutate well; their first records, and runs of a few records, are seeds.
            seeds.add("capture", Array(data.prefix(maxSeedBytes)))
            var reader = CaptureReader(handle: try FileHandle(forReadingFrom: url))
            var run: [UInt8] = []
            while let record = try reader.next() {
                guard case .frame(let frame, _) = record else { continue }
                frames.append(frame)
                run += CaptureWriter.record(frame)
                if run.count > 8 << 10 {
                    seeds.add("capture", run)
                    run = []
                }
            }
        }

        let sandbox = SandboxRoom(ending: .streamEnd)
        var seqId: UInt64 = 1
        for step in sandbox.script {
            switch step {
            case .batch(let messages, let needAck, _):
                frames.append(FakePushFrame.batch(messages, seqId: seqId, compress: seqId % 2 == 0, needAck: needAck))
                seqId += 1
            case .garbage(let bytes): frames.append(bytes)
            default: break
            }
        }
        var sandboxCapture: [UInt8] = []
        for frame in frames.suffix(40) { sandboxCapture += CaptureWriter.record(frame) }
        seeds.add("capture", sandboxCapture)

        var decoder = FrameDecoder()
        for frame in frames {
            seeds.add("frame", frame)
            guard let batch = FuzzingHooks.batch(ofFrame: frame) else { continue }
            seeds.add("batch", batch)
            seeds.add("batch-gzip", batch)
            seeds.add("gzip", Gzip.compress(batch))
            for message in FrameMessages.read(frame) {
                let method = Array(message.method.utf8.prefix(255))
                seeds.add("message", [UInt8(method.count)] + method + message.payload)
                // A message's bytes are what a message without a schema shows as extras.
                seeds.add("extras", message.payload)
            }
            if let decoded = try? decoder.decode(frame) {
                for event in decoded.events { seeds.add("envelope", RelayEnvelope.encode(event)) }
            }
        }
        // Every catalogued method, including those no capture holds, so that mutations reach each one's decoder: its
        // common block, then fields 2-17 once as numbers and once as small nested blocks.
        for method in EventCatalog.methods {
            let name = Array(method.utf8.prefix(255))
            let common = field(1, field(1, name) + [0x10, 0x07])
            let nested = field(1, [0x08, 0x01, 0x12, 0x01, 0x78]) + [0x10, 0x02]
            let numbers = (2...17).flatMap { varint(UInt64($0 << 3)) + varint(UInt64($0)) }
            let blocks = (2...17).flatMap { field($0, nested + nested) }
            seeds.add("message", [UInt8(name.count)] + name + common + numbers)
            seeds.add("message", [UInt8(name.count)] + name + common + blocks)
        }
        let ndjson = try String(
            contentsOf: repository.appendingPathComponent("Tests/Fixtures/real-shaped.ndjson"), encoding: .utf8)
        for line in ndjson.split(separator: "\n") { seeds.add("envelope", Array(line.utf8)) }
        // The client's own events, which only a relay ever sends as text.
        for event: LiveEvent in [
            .error(ErrorEvent(kind: .overflow, message: "dropped 12 like events")),
            .error(ErrorEvent(kind: .decode, message: "a \"quoted\"\nline")),
        ] {
            seeds.add("envelope", RelayEnvelope.encode(event))
        }
        seeds.report()
    }

    /// `bytes` as the length-delimited protobuf field `number`.
    static func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(bytes.count)) + bytes
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }
}

/// Seed files, named by content so that a second run adds nothing twice.
struct Seeds {
    let root: URL
    var counts: [String: Int] = [:]

    mutating func add(_ target: String, _ bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= FuzzSeeds.maxSeedBytes else { return }
        let directory = root.appendingPathComponent(target)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let file = directory.appendingPathComponent(String(hash, radix: 16))
        guard !FileManager.default.fileExists(atPath: file.path) else { return }
        _ = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
        counts[target, default: 0] += 1
    }

    func report() {
        for (target, count) in counts.sorted(by: { $0.key < $1.key }) { print("\(target): \(count) seeds") }
    }
}
