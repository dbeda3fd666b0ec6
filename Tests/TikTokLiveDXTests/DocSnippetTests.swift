import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The Swift code blocks of the DocC articles are compiled and run: each is, word for word, a region of
/// `Examples/doc-snippets/main.swift` (or, for the test example, `GettingStartedSnippet.swift` of this target), so a
/// page and the code that runs cannot drift apart; each region runs against the sandbox as a person would run it.
@Suite struct DocSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let articles = root.appendingPathComponent("Sources/TikTokLiveEvents/TikTokLiveEvents.docc")

    /// Every ```swift block of the articles, without its `import` lines (a file's own), by article.
    static func articleBlocks() throws -> [(article: String, code: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: articles.path).filter { $0.hasSuffix(".md") }
        return try names.sorted().flatMap { name in
            let text = try String(contentsOf: articles.appendingPathComponent(name), encoding: .utf8)
            return text.components(separatedBy: "```swift\n").dropFirst().map { block in
                let code = block.components(separatedBy: "```")[0].split(
                    separator: "\n", omittingEmptySubsequences: false
                )
                .filter { !$0.hasPrefix("import ") }
                .drop(while: \.isEmpty)
                return (name, code.joined(separator: "\n"))
            }
        }
    }

    /// Every `// snippet: <article>` ... `// end` region of the doc-snippets example, 4 spaces taken off.
    static func snippetRegions() throws -> [(article: String, code: String)] {
        let file = try String(
            contentsOf: root.appendingPathComponent("Examples/doc-snippets/main.swift"), encoding: .utf8)
        var regions: [(String, String)] = []
        var current: (article: String, lines: [Substring])?
        for line in file.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("// snippet: ") {
                current = (String(trimmed.dropFirst("// snippet: ".count)), [])
            } else if trimmed == "// end", let region = current {
                regions.append((region.article, region.lines.map { $0.dropFirst(4) }.joined(separator: "\n") + "\n"))
                current = nil
            } else if current != nil {
                current?.lines.append(line)
            }
        }
        return regions
    }

    @Test func everyArticleBlockIsCompiledWordForWord() throws {
        let blocks = try Self.articleBlocks()
        let regions = try Self.snippetRegions()
        let testExample = try String(
            contentsOf: Self.root.appendingPathComponent("Tests/TikTokLiveDXTests/GettingStartedSnippet.swift"),
            encoding: .utf8
        ).split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("import ") }
            .drop(while: \.isEmpty).joined(separator: "\n")
        #expect(regions.count >= 10)
        for block in blocks {
            // A fragment of a package manifest, not a program.
            if block.code.hasPrefix("// Package.swift") { continue }
            let compiled =
                regions.contains { $0.article == block.article && $0.code == block.code }
                || (block.article == "GettingStarted.md" && block.code == testExample)
            #expect(compiled, "a block of \(block.article) is compiled nowhere:\n\(block.code)")
        }
        for region in regions {
            #expect(
                blocks.contains { $0.article == region.article && $0.code == region.code },
                "Examples/doc-snippets shows a block \(region.article) does not:\n\(region.code)")
        }
    }

    /// `some_creator` is live (one fast pass of the sandbox, then the stream ends); `offline_creator` is not.
    static func rooms() -> (SandboxRoom, [FakeRoom]) {
        let sandbox = SandboxRoom(uniqueId: "some_creator", speed: 40, ending: .streamEnd)
        let offline = FakeRoom(
            uniqueId: "offline_creator", roomId: 7_000_000_000_000_000_999, hostUserId: 99, nickname: "Away",
            status: .offline, script: [])
        return (sandbox, [sandbox.room, offline])
    }

    @Test(arguments: [
        "overview", "handlers", "event-loop", "gift-streaks", "captions", "offline", "room-info", "gift-catalog",
        "live-status", "record", "signer",
    ])
    func eachSnippetRunsAgainstTheSandbox(_ name: String) async throws {
        let (sandbox, rooms) = Self.rooms()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withEdge(rooms: rooms) { edge in
            let outcome = try await runBinary(
                "doc-snippets", [name], environment: endpointEnvironment(edge), directory: directory,
                limit: .seconds(60))
            #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
            let lines = outcome.stdoutLines
            let summary = sandbox.summary
            switch name {
            case "overview", "handlers":
                #expect(lines.filter { $0.contains(": ") && !$0.contains("sent") }.count >= summary.chatCount)
                if name == "handlers" { #expect(lines.contains { $0.hasPrefix("room total ") }) }
            case "event-loop":
                #expect(lines.last == "bye")
            case "gift-streaks":
                let expected = summary.diamondsBySender.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                #expect(lines.last == expected.joined(separator: ", "))
            case "captions":
                #expect(lines.contains { $0.hasPrefix("[") })
            case "offline":
                #expect(lines == ["not live; try again later"])
            case "room-info":
                #expect(lines.count == 2 && lines[1].contains("/stream/"))
            case "gift-catalog":
                #expect(lines.count == 1 && lines[0].hasPrefix("Rose 1 "))
            case "live-status":
                #expect(lines == ["creator_a notFound", "creator_b notFound", "creator_c notFound"])
            case "record":
                let size =
                    try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("show.flv").path)[
                        .size] as? Int
                #expect((size ?? 0) > 0 && lines.last?.hasSuffix(" \(size ?? -1)") == true, "\(lines)")
            default:
                #expect(lines == ["some_creator true"])
            }
        }
    }
}
