import Foundation
import TikTokLiveTesting

/// The rooms both processes agree on: room `i` is `@scale_room_i` with room id `baseRoomId + i`.
enum ScaleRooms {
    static let baseRoomId: Int64 = 7_100_000_000_000_000_000
    static let firstMessageId: Int64 = 7_300_000_000_000_000_001

    static func uniqueId(_ index: Int) -> String { "scale_room_\(index)" }

    /// Room `index` as the edge plays it: an endless loop of one frame of `batch` chat messages per period, each
    /// message stamped with its send time (`create_time`, ms) so the client can tell how late it arrived.
    ///
    /// Each room's frame sits at its own offset within the period, so the rooms' frames are spread evenly over
    /// time instead of all leaving together (which no real set of rooms does). A quiet room sends nothing.
    /// With `realShaped` chat payloads, room `index` sends consecutive ones of them (distinct within a frame, so that
    /// no message is a duplicate of its neighbour), under its own ids.
    static func room(_ index: Int, options: Options, sending: Bool, realShaped: [[UInt8]] = []) -> FakeRoom {
        let roomId = baseRoomId + Int64(index)
        var room = FakeRoom(
            uniqueId: uniqueId(index), roomId: roomId, hostUserId: 1_000_000 + Int64(index), nickname: "Room \(index)")
        guard sending else { return room }
        let viewer = FakeUser(id: 2_000_000 + Int64(index), uniqueId: "viewer_\(index)", nickname: "Viewer \(index)")
        // 19 digits like TikTok's (a shorter id would fit in a Swift string's inline storage and flatter the
        // client's memory), unique per room and frame position; the edge moves them by 10^12 on every pass.
        let messages = (0..<options.messagesPerFrame).map { position in
            let msgId = firstMessageId + Int64(index) * 1_000_000 + Int64(position)
            guard !realShaped.isEmpty else {
                return FakeMessage.chat(
                    msgId: msgId, roomId: roomId, user: viewer,
                    text: "message \(position) of a frame in room \(index), as long as a usual chat line")
            }
            let payload = realShaped[(index * options.messagesPerFrame + position) % realShaped.count]
            return FakeMessage(method: "WebcastChatMessage", payload: payload, msgId: msgId)
        }
        let period = options.periodMilliseconds
        let offset = period * index / options.rooms
        room.script = [.wait(milliseconds: offset), .batch(messages), .wait(milliseconds: period - offset)]
        room.loopScript = true
        room.stampsMessagesWhenSent = true
        return room
    }
}

/// The `edge` subcommand: the fake edge with the scale rooms, in its own process so that the client process's
/// RSS and CPU are the library's alone.
///
/// Talks to the parent over pipes, one line each way: it prints `EDGE <webURL> <wsURL>` once it listens, then
/// answers `sent` with `SENT <messages pushed so far>` and `quiet` (stop sending, keep the sockets) with `QUIET`.
/// It exits when its stdin closes.
enum EdgeChild {
    static func run(_ options: Options) async throws -> Never {
        let realShaped = try options.realShapedCapture.map(RealShapedChats.load) ?? []
        let rooms = (0..<options.rooms).map {
            ScaleRooms.room($0, options: options, sending: true, realShaped: realShaped)
        }
        let edge = try await FakeTikTokEdge.start(rooms: rooms)
        reply("EDGE \(edge.webURL) \(edge.wsURL)")
        for await command in commandLines() {
            switch command {
            case "sent":
                reply("SENT \(edge.sentMessageIds.count)")
            case "quiet":
                // Replacing a room swaps its script for an empty one; its players then idle, its sockets stay open.
                for index in 0..<options.rooms {
                    edge.add(ScaleRooms.room(index, options: options, sending: false))
                }
                reply("QUIET")
            default:
                reply("ERROR unknown command \(command)")
            }
        }
        try await edge.shutdown()
        exit(0)
    }

    private static func reply(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Stdin's lines, read on a thread of their own: a blocking read on the concurrency pool would take one of its
    /// two threads from the script players.
    private static func commandLines() -> AsyncStream<String> {
        AsyncStream { continuation in
            let reader = Thread {
                while let line = readLine() {
                    continuation.yield(line.trimmingCharacters(in: .whitespaces))
                }
                continuation.finish()
            }
            reader.start()
        }
    }
}

/// The parent's handle on the edge child.
final class EdgeProcess {
    let process = Process()
    let webURL: URL
    let wsURL: URL
    private let input = Pipe()
    private let output: LineReader

    var pid: Int32 { process.processIdentifier }

    init(_ options: Options) throws {
        let outputPipe = Pipe()
        output = LineReader(outputPipe.fileHandleForReading)
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = options.edgeArguments
        process.standardInput = input
        process.standardOutput = outputPipe
        try process.run()
        let first = output.next()
        let fields = first.split(separator: " ")
        guard fields.count == 3, fields[0] == "EDGE", let web = URL(string: String(fields[1])),
            let ws = URL(string: String(fields[2]))
        else {
            throw OptionsError(message: "the edge process did not start: \(first)")
        }
        webURL = web
        wsURL = ws
    }

    /// Messages the edge has pushed to all rooms so far.
    func sentCount() -> Int {
        let answer = command("sent")
        return Int(answer.split(separator: " ").last ?? "") ?? -1
    }

    /// Stops the rooms' scripts; the sockets stay open.
    func quiet() {
        _ = command("quiet")
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func command(_ line: String) -> String {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
        return output.next()
    }
}

/// Lines from a pipe. Blocks, briefly: the child answers at once.
final class LineReader {
    private let handle: FileHandle
    private var pending = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// The next line, without its newline; empty at end of file.
    func next() -> String {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            let data = handle.availableData
            guard !data.isEmpty else { return "" }
            pending.append(data)
        }
    }
}
