import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// An FLV file read back the way a player reads it.
struct FLVFile {
    struct Tag: Equatable {
        var type: UInt8
        var timestamp: UInt32
        var dataSize: Int
    }

    var tags: [Tag] = []
    /// How many times `FLV` appears at a tag boundary (a repeated header).
    var headers = 0

    /// Parses `bytes`, failing the test if they are not one header then whole tags to the very end.
    init(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(bytes.count >= 13, "shorter than a header", sourceLocation: sourceLocation)
        try #require(Array(bytes[0..<3]) == Array("FLV".utf8), sourceLocation: sourceLocation)
        headers = 1
        var index = 13
        while index < bytes.count {
            try #require(
                index + 11 <= bytes.count, "a truncated tag header at \(index)", sourceLocation: sourceLocation)
            if Array(bytes[index..<index + 3]) == Array("FLV".utf8) { headers += 1 }
            let size = Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let timestamp =
                UInt32(bytes[index + 7]) << 24 | UInt32(bytes[index + 4]) << 16 | UInt32(bytes[index + 5]) << 8
                | UInt32(bytes[index + 6])
            let end = index + 11 + size + 4
            try #require(end <= bytes.count, "a truncated tag at \(index)", sourceLocation: sourceLocation)
            let previous = bytes[end - 4..<end].reduce(0) { $0 << 8 | Int($1) }
            try #require(previous == 11 + size, "a wrong previous tag size at \(index)", sourceLocation: sourceLocation)
            tags.append(Tag(type: bytes[index], timestamp: timestamp, dataSize: size))
            index = end
        }
    }

    var media: [Tag] { tags.filter { $0.type != 18 } }
    var metadataCount: Int { tags.count - media.count }

    static func read(_ path: String) throws -> FLVFile {
        try FLVFile([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}

@Suite struct FLVTagSplitterTests {
    static let stream: [UInt8] = {
        var bytes = FLVTestStream.header
        for index in 0..<6 { bytes += FLVTestStream.tag(index) }
        return bytes
    }()

    @Test func anyChunkingGivesTheSameWholePieces() throws {
        var whole = StreamRecorderProbe()
        let expected = try whole.feed([Self.stream])
        #expect(expected.count == 7)
        for size in [1, 2, 7, 11, 15, 100] {
            var chunked = StreamRecorderProbe()
            let chunks = stride(from: 0, to: Self.stream.count, by: size).map {
                Array(Self.stream[$0..<min($0 + size, Self.stream.count)])
            }
            #expect(try chunked.feed(chunks) == expected, "chunks of \(size)")
        }
        #expect(expected.joined().elementsEqual(Self.stream))
    }

    @Test func bytesThatAreNotFLVAreADecodeError() {
        var probe = StreamRecorderProbe()
        #expect(throws: TikTokLiveError.self) { try probe.feed([Array("<html>blocked</html>".utf8)]) }
        var bad = StreamRecorderProbe()
        #expect(throws: TikTokLiveError.self) {
            try bad.feed([FLVTestStream.header + [0x07, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]])
        }
    }
}

/// A hand-made FLV stream for the splitter tests (the fake edge makes its own).
enum FLVTestStream {
    static let header: [UInt8] = [0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]

    static func tag(_ index: Int) -> [UInt8] {
        let data = [UInt8](repeating: UInt8(index), count: 3 + index * 5)
        let size = data.count
        return [9, 0, UInt8(size >> 8), UInt8(size & 0xFF), 0, UInt8(index), 0, 0, 0, 0, 0] + data
            + [0, 0, UInt8((11 + size) >> 8), UInt8((11 + size) & 0xFF)]
    }
}

/// The splitter fed chunk by chunk; each piece as its bytes.
struct StreamRecorderProbe {
    var splitter = FLVTagSplitter()

    mutating func feed(_ chunks: [[UInt8]]) throws -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        for chunk in chunks {
            for piece in try splitter.feed(chunk) {
                switch piece {
                case .header(let bytes): pieces.append(bytes)
                case .tag(let tag): pieces.append(tag.bytes)
                }
            }
        }
        return pieces
    }
}

/// `record`, run in-process against the fake edge's FLV stream.
@Suite struct RecordingTests {
    static func temporaryPath(_ suffix: String = ".flv") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)\(suffix)").path
    }

    static func room(_ stream: FakeStream? = FakeStream(tagCount: 40), script: [FakeScriptStep] = []) -> FakeRoom {
        var room = Cast.room(script: script)
        room.stream = stream
        return room
    }

    /// Runs the command with small delays; returns its status and stderr lines.
    static func record(
        _ edge: FakeTikTokEdge, _ options: RecordCommand.Options, httpTimeout: Duration = .seconds(5),
        until stop: (@Sendable () async -> Void)? = nil
    ) async throws -> (status: Int32, stderr: [String]) {
        let (reader, writer) = try PipeCapture.make()
        let status = await RecordCommand.record(
            options,
            endpoints: .init(edge),
            errors: writer, until: stop,
            configure: { configuration in
                configuration.backoff = .init(base: .milliseconds(5), cap: .milliseconds(40))
                configuration.httpTimeout = httpTimeout
                configuration.maxReconnectAttempts = 3
                configuration.ttwidRetryDelay = .milliseconds(5)
            })
        return (status.rawValue, await reader.lines())
    }

    @Test func aWholeStreamIsRecordedToItsEnd() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room()]) { edge in
            let (status, stderr) = try await Self.record(edge, .init(username: "host", file: path, quality: .sd))
            #expect(status == 0, "\(stderr)")
            let file = try FLVFile.read(path)
            #expect(file.headers == 1)
            #expect(file.metadataCount == 1)
            #expect(file.media.map(\.timestamp) == (0..<40).map { UInt32($0 * 50) })
            #expect(stderr.last?.hasSuffix("to \(path): the stream ended") == true, "\(stderr)")
            #expect(!stderr.joined().contains("\r"), "no progress line off a terminal")
            #expect(edge.streamConnections.map(\.quality) == ["sd"])
        }
    }

    @Test func aStreamCutMidTagIsReconnectedAndAppendedWithoutARepeatedHeader() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room()]) { edge in
            edge.updateFaults {
                $0.streamCutsMidTag = 2
                $0.streamFaultAfterTags = 7
            }
            let (status, stderr) = try await Self.record(edge, .init(username: "host", file: path))
            #expect(status == 0, "\(stderr)")
            #expect(edge.streamConnections.map(\.ending) == [.cutMidTag, .cutMidTag, .ended])
            let file = try FLVFile.read(path)
            #expect(file.headers == 1)
            #expect(file.metadataCount == 3, "each connection starts with onMetaData")
            // The half tag was dropped, and the edge sends it whole on the next connection: nothing twice, in
            // order, through to the stream's end. (Whole tags that arrived just before a cut may still be lost:
            // the HTTP client can fail the body before handing over what it had buffered, as it does on a loaded
            // machine; a CDN's cut loses them the same way.)
            let stamps = file.media.map(\.timestamp)
            #expect(Array(stamps.prefix(7)) == (0..<7).map { UInt32($0 * 50) }, "the first connection's tags")
            #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 }, "in order, none twice")
            #expect(Set(stamps).isSubset(of: (0..<40).map { UInt32($0 * 50) }))
            #expect(stamps.last == 1_950, "recorded to the stream's end")
            #expect(stderr.filter { $0.hasPrefix("stream: ") && $0.contains("reconnecting") }.count == 2, "\(stderr)")
        }
    }

    @Test func aStalledStreamIsReplacedAfterTheReadTimeout() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room()]) { edge in
            edge.updateFaults {
                $0.streamStalls = 1
                $0.streamFaultAfterTags = 4
            }
            // Long enough for a loaded machine to fetch the whole stream within it; the stall still outlasts it.
            let (status, stderr) = try await Self.record(
                edge, .init(username: "host", file: path), httpTimeout: .seconds(3))
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains { $0.contains("stalled") }, "\(stderr)")
            let file = try FLVFile.read(path)
            // As with a cut: whole tags that arrived just before the stall may be lost, never repeated or reordered.
            let stamps = file.media.map(\.timestamp)
            #expect(Array(stamps.prefix(3)) == [0, 50, 100], "the first connection's tags")
            #expect(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 }, "in order, none twice")
            #expect(Set(stamps).isSubset(of: (0..<40).map { UInt32($0 * 50) }))
            #expect(Array(stamps.drop { $0 < 200 }) == (4..<40).map { UInt32($0 * 50) }, "everything after the stall")
            #expect(edge.streamConnections.count >= 2, "the stalled one, then one that finished")
        }
    }

    @Test func reconnectsThatKeepFailingEndWithStatus7AndAPlayableFile() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room()]) { edge in
            // Every connection is cut in its first media tag: no progress, so each one counts as a failure.
            edge.updateFaults {
                $0.streamCutsMidTag = 10
                $0.streamFaultAfterTags = 0
            }
            let (status, stderr) = try await Self.record(edge, .init(username: "host", file: path))
            #expect(status == 7, "\(stderr)")
            #expect(
                stderr.contains { $0.hasPrefix("error: the stream download failed 4 time(s) in a row") }, "\(stderr)")
            #expect(stderr.last?.contains("the file is playable") == true)
            #expect(edge.streamConnections.count == 4, "the first try and maxReconnectAttempts (3) more")
            let file = try FLVFile.read(path)
            #expect(file.headers == 1)
            #expect(file.media.isEmpty)
        }
    }

    @Test func durationStopsAnEndlessStreamOnAWholeTag() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room(FakeStream(tagInterval: .milliseconds(20), loops: true))]) { edge in
            let (status, stderr) = try await Self.record(
                // Long enough that a loaded machine has the first tags by then.
                edge, .init(username: "host", file: path, duration: .seconds(5)))
            #expect(status == 0, "\(stderr)")
            #expect(stderr.last?.hasSuffix(": stopped") == true, "\(stderr)")
            let file = try FLVFile.read(path)
            #expect(file.media.count >= 1)
            #expect(file.media.map(\.timestamp) == (0..<file.media.count).map { UInt32($0 * 50) })
        }
    }

    @Test func ctrlCStopsCleanly() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [Self.room(FakeStream(tagInterval: .milliseconds(20), loops: true))]) { edge in
            let (status, stderr) = try await Self.record(
                edge, .init(username: "host", file: path),
                until: {
                    // "Ctrl-C" once the file holds ten media tags: header, onMetaData, then tags of at most 420 bytes each.
                    _ = await edge.waitUntil(timeout: .seconds(30)) {
                        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                        return size >= 13 + 55 + 10 * 420
                    }
                })
            #expect(status == 0, "\(stderr)")
            #expect(stderr.last?.hasSuffix(": stopped") == true, "\(stderr)")
            #expect(try FLVFile.read(path).media.count >= 10)
        }
    }

    @Test func eventsAreWrittenAlongsideWithTheRecordingClock() async throws {
        let path = Self.temporaryPath()
        let events = Self.temporaryPath(".ndjson")
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: events)
        }
        let room = Self.room(
            FakeStream(tagInterval: .milliseconds(20), loops: true),
            script: [.batch([Cast.chat(301, "first"), Cast.chat(302, "second")]), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room]) { edge in
            let (status, stderr) = try await Self.record(
                edge, .init(username: "host", file: path, eventsFile: events),
                until: {
                    _ = await edge.waitUntil(timeout: .seconds(30)) {
                        (try? String(contentsOfFile: events, encoding: .utf8))?.contains("\"streamEnd\"") == true
                    }
                })
            #expect(status == 0, "\(stderr)")
            let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
            let objects = try lines.map {
                try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.compactMap { $0["type"] as? String }.prefix(3) == ["chat", "chat", "streamEnd"])
            let offsets = objects.compactMap { $0["offset"] as? Double }
            #expect(offsets.count == objects.count && offsets.allSatisfy { $0 >= 0 })
            #expect(offsets == offsets.sorted())
            #expect(lines.first?.hasPrefix("{\"offset\":") == true)
        }
    }

    @Test func offlineCreatorUnknownQualityAndUnwritableFileEachSaySo() async throws {
        var noLD = Self.room()
        noLD.stream = nil
        try await withEdge(rooms: [Cast.quiet, Self.room()]) { edge in
            let offline = try await Self.record(edge, .init(username: "quiet", file: Self.temporaryPath()))
            #expect(offline.status == 4)
            #expect(offline.stderr.last == "error: @quiet is not live right now")
            let unknown = try await Self.record(edge, .init(username: "nobody_here"))
            #expect(unknown.status == 5)
            let unwritable = try await Self.record(edge, .init(username: "host", file: "/nonexistent/dir/x.flv"))
            #expect(unwritable.status == 3)
            #expect(
                unwritable.stderr.last?.hasPrefix("error: cannot write the recording /nonexistent/dir/x.flv") == true)
            #expect(edge.streamConnections.isEmpty)

            // Live by the room info, but the CDN has no stream: nothing recorded, no empty file left behind.
            edge.updateFaults { $0.streamErrors = [404] }
            let path = Self.temporaryPath()
            let gone = try await Self.record(edge, .init(username: "host", file: path))
            #expect(gone.status == 4)
            #expect(gone.stderr.last == "error: the stream answered HTTP 404: it is over, or has not started")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        try await withEdge(rooms: [noLD]) { edge in
            let none = try await Self.record(edge, .init(username: "host", file: Self.temporaryPath()))
            #expect(none.status == 1)
            #expect(none.stderr.last == "error: @host's room offers no origin FLV stream")
        }
    }

    @Test func mp4WithoutFFmpegSaysSoBeforeRecording() async throws {
        try await withEdge(rooms: [Self.room()]) { edge in
            let (reader, writer) = try PipeCapture.make()
            let status = await RecordCommand.record(
                .init(username: "host", file: Self.temporaryPath(), mp4: true),
                endpoints: .init(webURL: edge.webURL.absoluteString, webcastURL: edge.webcastURL.absoluteString),
                errors: writer,
                environment: ["PATH": "/nonexistent"])
            let lines = await reader.lines()
            #expect(status == .usage)
            #expect(lines.last?.hasPrefix("error: --mp4 needs ffmpeg on PATH") == true, "\(lines)")
            #expect(edge.httpRequests.isEmpty)
        }
    }
}

/// `record --mp4` with the real ffmpeg: on a developer's machine without it these tests are skipped; under
/// CI=true they fail instead (.ci/run installs Debian's ffmpeg), so CI cannot pass them by not running them.
@Suite struct RemuxTests {
    static let environment = ProcessInfo.processInfo.environment
    static func tool(_ name: String) -> String? {
        (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let ffmpeg = tool("ffmpeg")
    static let ffprobe = tool("ffprobe")
    static let enabled = (ffmpeg != nil && ffprobe != nil) || environment["CI"] == "true"

    /// Two seconds of H.264 and AAC that ffmpeg made (Tests/Fixtures/README.md).
    static func fixtureStream() throws -> FakeStream {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/testsrc-2s.flv")
        return try FakeStream(flvFile: [UInt8](try Data(contentsOf: url)))
    }

    /// What ffprobe reads in `path`: its streams' codec names and its duration in seconds.
    static func probe(_ path: String) throws -> (codecs: [String], duration: Double) {
        let ffprobe = try #require(Self.ffprobe, "CI=true but ffprobe is not on PATH: .ci/run installs ffmpeg")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffprobe)
        process.arguments = [
            "-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "json", path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ffprobe could not read \(path)")
        struct Probe: Decodable {
            struct Stream: Decodable { var codec_name: String }
            struct Format: Decodable { var duration: String }
            var streams: [Stream]
            var format: Format
        }
        let probe = try JSONDecoder().decode(Probe.self, from: data)
        return (probe.streams.map(\.codec_name), Double(probe.format.duration) ?? 0)
    }

    @Test(.enabled(if: enabled)) func aRecordingIsRemuxedToAnMP4ThatPlays() async throws {
        _ = try #require(Self.ffmpeg, "CI=true but ffmpeg is not on PATH: .ci/run installs it")
        let stream = try Self.fixtureStream()
        let path = RecordingTests.temporaryPath()
        let target = String(path.dropLast(4)) + ".mp4"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: target)
        }
        try await withEdge(rooms: [RecordingTests.room(stream)]) { edge in
            let (status, stderr) = try await RecordingTests.record(edge, .init(username: "host", file: path, mp4: true))
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains("remuxing to \(target) with ffmpeg"), "\(stderr)")
            #expect(!stderr.contains { $0.hasPrefix("error:") }, "\(stderr)")
            // The FLV stays, whole, with every tag the edge sent.
            #expect(try FLVFile.read(path).media.count == stream.tagCount)
            let mp4 = try Self.probe(target)
            #expect(mp4.codecs.sorted() == ["aac", "h264"])
            #expect(mp4.duration > 1.5 && mp4.duration < 2.6, "\(mp4.duration) s")
        }
    }

    @Test(.enabled(if: enabled)) func aStreamFFmpegCannotReadKeepsTheFLVAndSaysWhy() async throws {
        _ = try #require(Self.ffmpeg, "CI=true but ffmpeg is not on PATH: .ci/run installs it")
        let path = RecordingTests.temporaryPath()
        let target = String(path.dropLast(4)) + ".mp4"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: target)
        }
        // The generated pattern is whole FLV tags whose payloads are no codec's: ffmpeg refuses them.
        try await withEdge(rooms: [RecordingTests.room(FakeStream(tagCount: 20))]) { edge in
            let (status, stderr) = try await RecordingTests.record(edge, .init(username: "host", file: path, mp4: true))
            #expect(status == 1, "\(stderr)")
            #expect(stderr.last?.hasPrefix("error: ffmpeg could not remux \(path): exit status") == true, "\(stderr)")
            // ffmpeg's reason, on the error's one line.
            #expect(stderr.last?.contains("codec parameters") == true, "\(stderr)")
            #expect(stderr.last?.hasSuffix("the FLV is kept") == true, "\(stderr)")
            #expect(stderr.count == 4, "\(stderr)")
            #expect(try FLVFile.read(path).media.count == 20)
        }
    }

    @Test func aFileThatIsNotFLVIsRefusedByTheFakeStream() {
        #expect(throws: FakeStreamFileError.self) { try FakeStream(flvFile: Array("<html>".utf8)) }
        let truncated = FLVTestStream.header + FLVTestStream.tag(0) + FLVTestStream.tag(1).dropLast(3)
        #expect(throws: FakeStreamFileError.self) { try FakeStream(flvFile: truncated) }
        let whole = try? FakeStream(flvFile: FLVTestStream.header + FLVTestStream.tag(0) + FLVTestStream.tag(1))
        #expect(whole?.recordedTags == [FLVTestStream.tag(0), FLVTestStream.tag(1)])
        #expect(whole?.tagCount == 2)
    }
}

/// An OutputWriter on a pipe, and the lines written to it.
final class PipeCapture: Sendable {
    private let pipe: Pipe
    private let data = LockedBox<Data>(Data())
    private let done = LockedBox(false)

    private init(pipe: Pipe) {
        self.pipe = pipe
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [data, done] in
            let bytes = handle.readDataToEndOfFile()
            data.withLock { $0 = bytes }
            done.withLock { $0 = true }
        }
    }

    static func make() throws -> (PipeCapture, OutputWriter) {
        let pipe = Pipe()
        return (PipeCapture(pipe: pipe), OutputWriter(fd: pipe.fileHandleForWriting.fileDescriptor, flushThreshold: 0))
    }

    /// Closes the writing end and returns every line written.
    func lines() async -> [String] {
        try? pipe.fileHandleForWriting.close()
        while !done.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return String(decoding: data.withLock { $0 }, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
