import CHeapStats
import Foundation
public import TikTokLiveRelay

/// A relay in a child process (the calling executable run with `server` and `arguments`), so that its RSS holds
/// nothing but the relay. The child prints `PORT <n>` once it listens, answers `stats` and `trim` lines on its stdin
/// (``heap()``, ``trimmedHeap()``), and stops when its stdin closes.
///
/// `RELAY_CHILD_WRAPPER` runs the child under a profiler, e.g. `heaptrack` or `valgrind --tool=massif`: the command
/// is split at spaces and the child's executable and arguments follow it. Its RSS is then the wrapper's, and
/// ``heap()`` still answers from the relay itself.
public struct RelayChild {
    public let process: Process
    public let port: Int
    private let input: Pipe
    private let output: Pipe

    /// The relay's pid; without a wrapper, the child's.
    public let pid: Int32

    public static func start(_ arguments: [String]) throws -> RelayChild {
        let child = Process()
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let wrapper = ProcessInfo.processInfo.environment["RELAY_CHILD_WRAPPER"]?.split(separator: " ").map(String.init)
        if let wrapper, let command = wrapper.first {
            child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            child.arguments = [command] + wrapper.dropFirst() + [executable, "server"] + arguments
        } else {
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["server"] + arguments
        }
        let output = Pipe()
        let input = Pipe()
        child.standardOutput = output
        child.standardInput = input
        try child.run()
        // A wrapper may print its own lines first (heaptrack says where its output goes): skip to ours.
        var line = readLine(output)
        while !line.isEmpty && !line.hasPrefix("PORT ") { line = readLine(output) }
        let fields = line.split(separator: " ")
        guard fields.count == 3, fields[0] == "PORT", let port = Int(fields[1]), let pid = Int32(fields[2]) else {
            throw NSError(domain: "the relay did not start: \(line)", code: 1)
        }
        return RelayChild(process: child, port: port, input: input, output: output, pid: pid)
    }

    /// The child's side, when the executable's first argument is `server`: serves `configuration` in front of the
    /// edge that `start` named (web URL, then socket URL), prints the port, and stops when stdin closes.
    public static func serve(_ configuration: RelayServer.Configuration) async throws -> Never {
        var configuration = configuration
        let arguments = CommandLine.arguments
        let url = URL(string: arguments[2])!
        configuration.upstream.endpoints = .init(webURL: url, webcastURL: url, wsURL: URL(string: arguments[3])!)
        configuration.upstream.ttwidRetryDelay = .milliseconds(5)
        let relay = try await RelayServer.start(configuration: configuration)
        FileHandle.standardOutput.write(Data("PORT \(relay.port) \(getpid())\n".utf8))
        // Stdin is read on a thread of its own: a blocking read on a task would hold one of the few threads of
        // Swift's cooperative pool (two on a 2-core machine) for the whole run, away from the relay.
        let commands = AsyncStream<String> { continuation in
            Thread.detachNewThread {
                while let line = Swift.readLine() { continuation.yield(line) }
                continuation.finish()
            }
        }
        for await command in commands {
            if command == "trim" { _ = heap_stats_trim() }
            let stats = heap_stats_now()
            FileHandle.standardOutput.write(
                Data("HEAP \(stats.live_bytes) \(stats.free_bytes) \(stats.arena_bytes) \(stats.mmapped_bytes)\n".utf8))
        }
        await relay.shutdown()
        exit(0)
    }

    /// What the relay's allocator says right now.
    public func heap() -> HeapStats { ask("stats") }

    /// The same after `malloc_trim(0)` gave the arenas' free memory back to the system.
    public func trimmedHeap() -> HeapStats { ask("trim") }

    private func ask(_ command: String) -> HeapStats {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
        let fields = Self.readLine(output).split(separator: " ").dropFirst().compactMap { Int($0) }
        guard fields.count == 4 else { return HeapStats(liveBytes: 0, freeBytes: 0, arenaBytes: 0, mmappedBytes: 0) }
        return HeapStats(liveBytes: fields[0], freeBytes: fields[1], arenaBytes: fields[2], mmappedBytes: fields[3])
    }

    /// One line of the child's output, read a byte at a time so nothing after it is taken.
    private static func readLine(_ pipe: Pipe) -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        while read(descriptor, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    /// Closes the child's stdin and waits for it to shut the relay down.
    public func stop() throws {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// glibc's heap, as the relay's process sees it (mallinfo2).
public struct HeapStats: Sendable {
    /// Allocated and not yet freed: what live objects hold.
    public var liveBytes: Int
    /// Freed, but kept by the allocator in its arenas.
    public var freeBytes: Int
    public var arenaBytes: Int
    public var mmappedBytes: Int
}

/// Resident set of a process, in KiB.
public func residentKiB(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}
