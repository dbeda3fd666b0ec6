import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTestSupport

/// `Captures/sample-room.bin`, the capture the README replays: it is made here, and its replay is pinned.
/// Regenerate it with `REGENERATE_SAMPLE_CAPTURE=1 swift test --filter SampleCapture`.
@Suite("Sample capture")
struct SampleCaptureTests {
    typealias W = WireBuilder

    static var capturePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Captures/sample-room.bin").path
    }

    static func frames() -> [[UInt8]] { SampleRoomFrames.frames() }

    static let expectedLines = [
        "[join]    ann_1 joined",
        "[chat]    ann_1: hello from Berlin 👋",
        "[chat]    kenji.tokyo: こんばんは！",
        "[chat]    lucia_mx: ¡hola a todos! 🇲🇽",
        "[join]    bob.b joined",
        "[gift]    cat_3 -> Rose x1",
        "[gift]    cat_3 -> Rose x5",
        "[gift]    cat_3 -> Rose x9",
        "[like]    bob.b liked x15 (room total 2310)",
        "[like]    lucia_mx liked x7 (room total 2317)",
        "[follow]  bob.b",
        "[roomUserSeq] 1204 viewers (18733 total)",
        "[share]   kenji.tokyo",
        "[gift]    kenji.tokyo -> Galaxy x1",
        "[battleArmies] battle 7400000000000000001: 6900000000000000001 4210 (MVP Cat 🐱 3000)",
        "[caption] (en) thanks for the roses everyone",
        "[imDelete] deleted 1 message(s)",
        "[unknown] WebcastPictionaryGuessMessage 7301234567890000005 (90 bytes)",
        "[chat]    ann_1: see you tomorrow!",
        "[streamEnd] stream ended",
    ]

    @Test("the committed sample capture is the one this test makes, and replays to the pinned lines")
    func sampleCapture() throws {
        var data = Data()
        for frame in Self.frames() { data += CaptureWriter.record(frame) }
        if ProcessInfo.processInfo.environment["REGENERATE_SAMPLE_CAPTURE"] == "1" {
            try data.write(to: URL(fileURLWithPath: Self.capturePath))
        }
        let committed = try Data(contentsOf: URL(fileURLWithPath: Self.capturePath))
        #expect(committed == data, "Captures/sample-room.bin is stale: regenerate it")
        let (status, out, err) = try ReplayTests.run(Self.capturePath)
        #expect(status == 0)
        #expect(err.isEmpty)
        #expect(out == Self.expectedLines)
    }
}
