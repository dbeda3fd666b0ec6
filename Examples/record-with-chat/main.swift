// record-with-chat: record the live stream to an FLV file while logging the chat, each line stamped with the
// recording's clock, so a comment can be found in the video.
//
//   swift run record-with-chat some_creator show.flv
//
// Stops when the room ends (or on Ctrl-C); the file only ever holds whole FLV tags, so it always plays.
import Foundation
import TikTokLiveEvents

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: record-with-chat <username> <file.flv>\n".utf8))
    exit(2)
}
let (username, path) = (arguments[0], arguments[1])

let info: RoomInfo
do {
    info = try await TikTokWeb().roomInfo(of: username)
} catch {
    FileHandle.standardError.write(Data("record-with-chat: \(error)\n".utf8))
    exit(1)
}
guard let url = info.stream(.origin)?.flv ?? info.streams.compactMap(\.flv).first else {
    FileHandle.standardError.write(Data("record-with-chat: the room lists no FLV stream\n".utf8))
    exit(1)
}

let started = ContinuousClock.now
let recording = Task { try await StreamRecorder().record(from: url, toFile: path) }

let live = TikTokLive(username)
do {
    for try await event in live.events {
        guard case .chat(let chat) = event else { continue }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        let stamp = String(format: "%.0f", seconds)
        print("[\(stamp)s] \(chat.user?.uniqueId ?? "?"): \(chat.comment)")
    }
} catch {
    FileHandle.standardError.write(Data("record-with-chat: events: \(error)\n".utf8))
}

// The room is over: stop the recording (if the stream has not ended by itself) and say what it holds.
recording.cancel()
do {
    let (_, progress) = try await recording.value
    print("Recorded \(progress.bytes) bytes (\(progress.tags) FLV tags) to \(path).")
} catch {
    FileHandle.standardError.write(Data("record-with-chat: recording: \(error)\n".utf8))
    exit(1)
}
