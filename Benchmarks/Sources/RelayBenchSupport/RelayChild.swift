import Foundation

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
