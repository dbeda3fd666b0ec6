import Testing
import TikTokLiveTestSupport

@testable import TikTokLiveEvents

/// What text from outside looks like once it is in a log line or an error message.
@Suite struct LogTextTests {
    @Test func aURLLosesItsQueryWhateverItHolds() {
        #expect(
            LogText.url("ws://relay.example:8080/?uniqueId=host&apiKey=s3cret") == "ws://relay.example:8080/?<redacted>"
        )
        #expect(LogText.url("https://example.com/api/room?token=x#frag") == "https://example.com/api/room?<redacted>")
        #expect(LogText.url("https://example.com/path") == "https://example.com/path")
        #expect(LogText.url("https://example.com/path?") == "https://example.com/path")
        #expect(LogText.url("https://example.com/a\nforged?x=1") == "https://example.com/a\\nforged?<redacted>")
    }

    @Test func newlinesAndControlsAreEscapedOnOneLine() {
        #expect(LogText.quoted("no way!") == "\"no way!\"")
        #expect(LogText.quoted("evil\nINFO forged line") == "\"evil\\nINFO forged line\"")
        #expect(LogText.quoted("a\r\tb\u{0}c\u{1B}[31m") == "\"a\\r\\tb\\u{0}c\\u{1b}[31m\"")
        #expect(LogText.quoted("x\u{2028}y\u{85}z") == "\"x\\u{2028}y\\u{85}z\"")
        #expect(LogText.quoted("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"")
        #expect(LogText.quoted("émoji 🎁 ok") == "\"émoji 🎁 ok\"")
    }

    @Test func longTextIsCutWithACount() {
        let name = String(repeating: "a", count: 60_000)
        let shown = LogText.quoted(name)
        #expect(shown == "\"" + String(repeating: "a", count: LogText.defaultLimit) + "\"… (59920 more characters)")
        #expect(LogText.quoted("abcdef", limit: 3) == "\"abc\"… (3 more characters)")
        #expect(LogText.quoted("abc", limit: 3) == "\"abc\"")
        #expect(LogText.escaped("some\none_else", limit: 8) == "some\\none… (5 more characters)")
    }
}
