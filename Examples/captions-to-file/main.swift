// captions-to-file: append the host's final live captions to a file, one `[language] text` line each.
// Partial captions (the sentence still being spoken) are skipped.
//
//   swift run captions-to-file some_creator captions.txt
import Foundation
import TikTokLiveEvents

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: captions-to-file <username> <file>\n".utf8))
    exit(2)
}
let path = arguments[1]
if !FileManager.default.fileExists(atPath: path) {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
}
guard let file = FileHandle(forWritingAtPath: path) else {
    FileHandle.standardError.write(Data("captions-to-file: cannot write to \(path)\n".utf8))
    exit(3)
}
file.seekToEndOfFile()

let live = TikTokLive(arguments[0])
do {
    for try await event in live.events {
        guard case .caption(let caption) = event, caption.isFinal else { continue }
        let line = "[\(caption.language ?? "?")] \(caption.text)"
        try file.write(contentsOf: Data((line + "\n").utf8))
        print(line)
    }
} catch {
    FileHandle.standardError.write(Data("captions-to-file: \(error)\n".utf8))
    exit(1)
}
