// chat-logger: print every chat message as `timestamp user: comment`, and append it to a file when one is given.
//
//   swift run chat-logger some_creator [chat.log]
//
// Like every recipe, it watches TikTok, or the sandbox when TIKTOK_LIVE_WEB_URL, TIKTOK_LIVE_WEBCAST_URL and
// TIKTOK_LIVE_WS_URL are set (`tiktok-live-events sandbox` prints them).
import Foundation
import TikTokLiveEvents

let arguments = Array(CommandLine.arguments.dropFirst())
guard let username = arguments.first else {
    FileHandle.standardError.write(Data("usage: chat-logger <username> [log-file]\n".utf8))
    exit(2)
}

var logFile: FileHandle?
if arguments.count > 1 {
    let path = arguments[1]
    if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    logFile = FileHandle(forWritingAtPath: path)
    logFile?.seekToEndOfFile()
}

let time = ISO8601DateFormatter()
let live = TikTokLive(username)
do {
    for try await event in live.events {
        guard case .chat(let chat) = event else { continue }
        let sent = Date(timeIntervalSince1970: Double(chat.timestamp) / 1000)
        let line = "\(time.string(from: sent)) \(chat.user?.uniqueId ?? "?"): \(chat.comment)"
        print(line)
        logFile?.write(Data((line + "\n").utf8))
    }
} catch {
    FileHandle.standardError.write(Data("chat-logger: \(error)\n".utf8))
    exit(1)
}
