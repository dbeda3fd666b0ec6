import Foundation
public import TikTokLiveRelay

/// A relay in a child process (the calling executable run with `server` and `arguments`), so that its RSS holds
/// nothing but the relay. The child prints `PORT <n>` once it listens and stops when its stdin closes.
public struct RelayChild {
    public let process: Process
    public let port: Int
    private let input: Pipe

    public var pid: Int32 { process.processIdentifier }

    public static func start(_ arguments: [String]) throws -> RelayChild {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        child.arguments = ["server"] + arguments
        let output = Pipe()
        let input = Pipe()
        child.standardOutput = output
        child.standardInput = input
        try child.run()
        var portLine = ""
        while !portLine.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            portLine += String(decoding: data, as: UTF8.self)
        }
        let port = Int(portLine.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        guard let port else {
            throw NSError(domain: "the relay did not start: \(portLine)", code: 1)
        }
        return RelayChild(process: child, port: port, input: input)
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
        FileHandle.standardOutput.write(Data("PORT \(relay.port)\n".utf8))
        _ = await Task.detached { FileHandle.standardInput.readDataToEndOfFile() }.value
        await relay.shutdown()
        exit(0)
    }

    /// Closes the child's stdin and waits for it to shut the relay down.
    public func stop() throws {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Resident set of a process, in KiB.
public func residentKiB(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}
