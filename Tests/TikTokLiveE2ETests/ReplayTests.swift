import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `replay` in-process: the capture format, the lines a person reads, the NDJSON, filters and bad frames.
@Suite("Capture and replay")
struct ReplayTests {
    typealias W = WireBuilder

    static func sampleFrames() -> [[UInt8]] {
        var chat = Webcast_ChatMessage()
        chat.common = W.common("WebcastChatMessage", msgId: 1)
        chat.user = W.user(1, "ann_1")
        chat.content = "hello"
        var gift = Webcast_GiftMessage()
        gift.common = W.common("WebcastGiftMessage", msgId: 2)
        gift.user = W.user(3, "cat_3")
        gift.repeatCount = 5
        gift.repeatEnd = 1
        var g = Webcast_Gift()
        g.name = "Rose"
        g.type = 1
        g.diamondCount = 1
        gift.gift = g
        var follow = Webcast_SocialMessage()
        follow.common = W.common("WebcastSocialMessage", msgId: 3, displayKey: "pm_main_follow_message_viewer_2")
        follow.user = W.user(4, "bob.b")
        follow.action = 1
        var share = Webcast_SocialMessage()
        share.common = W.common("WebcastSocialMessage", msgId: 4, displayKey: "pm_mt_guidance_share")
        share.user = W.user(5, "sam")
        share.action = 3
        return [
            W.frame([W.inner("WebcastChatMessage", chat), W.inner("WebcastGiftMessage", gift)]),
            [0xde, 0xad, 0xbe, 0xef],
            W.frame([W.inner("WebcastSocialMessage", follow), W.inner("WebcastSocialMessage", share)]),
        ]
    }

    static func writeCapture(_ frames: [[UInt8]], trailing: [UInt8] = []) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString).bin")
            .path
        var data = Data()
        for frame in frames { data += CaptureWriter.record(frame) }
        data += trailing
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs replay into temporary files and returns (status, stdout lines, stderr lines).
    static func run(_ path: String, json: Bool = false, filter: String? = nil) throws -> (Int32, [String], [String]) {
        let dir = FileManager.default.temporaryDirectory
        let outPath = dir.appendingPathComponent("out-\(UUID().uuidString)").path
        let errPath = dir.appendingPathComponent("err-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = FileHandle(forWritingAtPath: outPath)!
        let err = FileHandle(forWritingAtPath: errPath)!
        let status = ReplayCommand.replay(
            path: path, json: json, filter: filter, output: OutputWriter(fd: out.fileDescriptor),
            errors: OutputWriter(fd: err.fileDescriptor))
        try out.close()
        try err.close()
        func lines(_ p: String) -> [String] {
            (try? String(contentsOfFile: p, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        }
        return (status.rawValue, lines(outPath), lines(errPath))
    }

    @Test("a long capture prints what decoding it frame by frame gives: in order, de-duplicated, bad frames in place")
    func longCaptureKeepsOrder() throws {
        // Frames repeat earlier messages (as after a reconnect) and every 9th frame is garbage.
        var frames: [[UInt8]] = []
        for index in 0..<400 {
            if index % 9 == 4 {
                frames.append([0x0a, 0xff, UInt8(index % 256)])
                continue
            }
            let messages = (0..<5).map { offset -> Webcast_InnerMessage in
                let id = Int64(max(1, index * 3 + offset))
                var chat = Webcast_ChatMessage()
                chat.common = W.common("WebcastChatMessage", msgId: id)
                chat.user = W.user(id % 7, "viewer_\(id % 7)")
                chat.content = "line \(id)"
                return W.inner("WebcastChatMessage", chat)
            }
            frames.append(W.frame(messages))
        }
        let path = try Self.writeCapture(frames)
        defer { try? FileManager.default.removeItem(atPath: path) }

        var expectedLines: [String] = []
        var expectedErrors: [String] = []
        var decoder = FrameDecoder()
        var deduplicator = MessageDeduplicator()
        for (index, frame) in frames.enumerated() {
            do {
                for event in try decoder.decode(frame).events {
                    if let msgId = event.msgId, !deduplicator.insert(msgId) { continue }
                    expectedLines.append(EventJSONEncoder().line(for: event))
                }
            } catch {
                expectedErrors.append("frame \(index): skipped: \(error.message)")
            }
        }
        expectedErrors.append(
            "replay: \(frames.count - expectedErrors.count) frames decoded, \(expectedErrors.count) skipped")
        let (status, lines, errors) = try Self.run(path, json: true)
        #expect(status == 0)
        #expect(lines.count == expectedLines.count)
        #expect(lines == expectedLines)
        #expect(errors == expectedErrors)
        #expect(expectedLines.count > 500 && expectedErrors.count > 10)
    }

    @Test("text lines in the product's style; a bad frame is reported on stderr and skipped")
    func textReplay() throws {
        let (status, out, err) = try Self.run(try Self.writeCapture(Self.sampleFrames()))
        #expect(status == 0)
        #expect(out == ["[chat]    ann_1: hello", "[gift]    cat_3 -> Rose x5", "[follow]  bob.b", "[share]   sam"])
        #expect(err.count == 2)
        #expect(err.first?.hasPrefix("frame 1: skipped:") == true)
        #expect(err.last == "replay: 2 frames decoded, 1 skipped")
    }

    @Test("an empty capture says so; a file that is not a capture exits 3 with one line; a bad first frame is kept")
    func notACapture() throws {
        let empty = try Self.writeCapture([])
        #expect(try Self.run(empty) == (0, [], ["replay: \(empty) held no frames"]))

        // Text and random bytes: the first length is absurd, and not one record decodes.
        var random = SeededRandom(seed: 11)
        for bytes in [
            Array("# tiktok-live-events\n\nRead a TikTok LIVE room's events.\n".utf8),
            (0..<3_000).map { _ in UInt8(truncatingIfNeeded: random.next()) },
        ] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let (status, out, err) = try Self.run(path)
            #expect(status == 3)
            #expect(out.isEmpty)
            #expect(err.count == 1)
            #expect(err.first?.hasPrefix("error: \(path) is not a capture of push frames (") == true)
        }

        // Records that frame correctly but do not decode, and nothing else: not a capture of push frames either.
        let garbage = try Self.writeCapture([[0xde, 0xad], [0xbe, 0xef]])
        let (garbageStatus, _, garbageErr) = try Self.run(garbage)
        #expect(garbageStatus == 3)
        #expect(garbageErr.count == 1)

        // A bad first frame in a real capture: its line is held until a frame decodes, then printed in order.
        let frames = Self.sampleFrames()
        let (status, out, err) = try Self.run(try Self.writeCapture([frames[1], frames[0], frames[2]]))
        #expect(status == 0)
        #expect(out.count == 4)
        #expect(err.count == 2)
        #expect(err.first?.hasPrefix("frame 0: skipped:") == true)
        #expect(err.last == "replay: 2 frames decoded, 1 skipped")
    }

    @Test("--json prints one object per event; --filter matches specific and generic names")
    func jsonAndFilter() throws {
        let path = try Self.writeCapture(Self.sampleFrames())
        let (status, out, _) = try Self.run(path, json: true)
        #expect(status == 0)
        #expect(out.count == 4)
        let types = try out.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }.map {
            $0["type"] as! String
        }
        #expect(types == ["chat", "gift", "follow", "share"])

        let (_, social, _) = try Self.run(path, json: true, filter: "social")
        #expect(social.count == 2)
        let (_, gifts, _) = try Self.run(path, filter: "gift,follow")
        #expect(gifts == ["[gift]    cat_3 -> Rose x5", "[follow]  bob.b"])
    }

    @Test("an unknown filter name, a missing file, and a capture cut inside a record")
    func failures() throws {
        let path = try Self.writeCapture(Self.sampleFrames())
        let (badFilter, _, filterErr) = try Self.run(path, filter: "chat,gifts")
        #expect(badFilter == 2)
        #expect(filterErr.first?.contains("gifts") == true)

        let (missing, _, missingErr) = try Self.run("/nonexistent/capture.bin")
        #expect(missing == 3)
        #expect(missingErr == ["error: cannot open capture /nonexistent/capture.bin"])

        // A recorder killed mid-write: everything before the cut is printed, the cut is reported, and the
        // capture still counts as read to its end.
        let cut = try Self.writeCapture(Self.sampleFrames(), trailing: [0x40, 0, 0, 0, 1, 2])
        let (cutStatus, cutOut, cutErr) = try Self.run(cut)
        #expect(cutStatus == 0)
        #expect(cutOut.count == 4)
        #expect(cutErr.dropLast().last?.contains("capture ends inside record 3") == true)
        #expect(cutErr.last == "replay: 2 frames decoded, 2 skipped")
    }

    @Test("capture reader: oversized records are skipped without losing the next one")
    func oversizedRecord() throws {
        let frames = Self.sampleFrames()
        let path = try Self.writeCapture([frames[0], [UInt8](repeating: 7, count: 5_000), frames[2]])
        var reader = CaptureReader(handle: FileHandle(forReadingAtPath: path)!, maxRecordBytes: 4_096)
        var kinds: [String] = []
        while let record = try reader.next() {
            switch record {
            case .frame(_, let index): kinds.append("frame \(index)")
            case .skipped(let index, _): kinds.append("skipped \(index)")
            }
        }
        #expect(kinds == ["frame 0", "skipped 1", "frame 2"])
    }

    @Test("a capture from a pipe, arriving a few bytes at a time, reads as the same records, large ones included")
    func pipeInPieces() async throws {
        // Records around the reader's 1 MiB read size, so that some span reads and one is larger than a read.
        let frames: [[UInt8]] =
            [
                [1, 2, 3], [UInt8](repeating: 9, count: (1 << 20) - 5), [], [7],
                [UInt8](
                    repeating: 4, count: (1 << 20) + 300),
            ] + Self.sampleFrames()
        var capture = Data()
        for frame in frames { capture.append(CaptureWriter.record(frame)) }
        capture.append(contentsOf: [1, 0, 0])  // cut inside the next record's length
        let bytes = capture
        let pipe = Pipe()
        let writer = Thread {
            var offset = 0
            var step = 1
            while offset < bytes.count {
                // 1 to 4,999 bytes at a time, more at once later so that the test stays quick.
                let end = min(bytes.count, offset + (offset < 20_000 ? step % 13 + 1 : step % 4_999 + 1))
                pipe.fileHandleForWriting.write(bytes[offset..<end])
                offset = end
                step += 7
            }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        var reader = CaptureReader(handle: pipe.fileHandleForReading, maxRecordBytes: 4 << 20)
        var read: [[UInt8]] = []
        var skipped: [String] = []
        while let record = try reader.next() {
            switch record {
            case .frame(let frame, _): read.append(frame)
            case .skipped(_, let reason): skipped.append(reason)
            }
        }
        #expect(read == frames)
        #expect(skipped.count == 1 && skipped[0].contains("3 stray bytes"))
    }
}
