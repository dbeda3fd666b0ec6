public import Foundation

/// The built `tiktok-live-events`, run as a person runs it (environment without `TIKTOK_LIVE_*`, `NO_COLOR=1`), its
/// output readable while it runs, so that a test can wait for lines, then send a signal.
public final class RunningCLI: Sendable {
    public let process: Process
    private let out = LockedBox(Data())
    private let err = LockedBox(Data())
    private let pipesAtEnd = LockedBox(0)

    public struct NotBuilt: Error, CustomStringConvertible {
        public var description: String { "tiktok-live-events binary not found next to the test bundle" }
    }

    /// A process for the CLI with these arguments and extra environment, not started.
    public static func makeProcess(_ arguments: [String], environment extra: [String: String] = [:]) throws
        -> Process
    {
        guard let binary = BuiltExecutables.cli else { throw NotBuilt() }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIKTOK_LIVE_") }
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        return process
    }

    public init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = try Self.makeProcess(arguments, environment: environment)
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        self.process = process
        try process.run()
        // Read on threads of their own: a blocking read on the cooperative pool would starve the fake edge.
        let pipesAtEnd = self.pipesAtEnd
        for (pipe, box) in [(stdout, out), (stderr, err)] {
            Thread {
                defer { pipesAtEnd.withLock { $0 += 1 } }
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    box.withLock { $0.append(chunk) }
                }
            }.start()
        }
    }

    public var stdout: String { out.withLock { String(decoding: $0, as: UTF8.self) } }
    public var stderr: String { err.withLock { String(decoding: $0, as: UTF8.self) } }
    public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit and returns its status, with all the output read; after `limit` the process is
    /// terminated and ``TimedOut`` thrown.
    public func wait(limit: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            process.terminate()
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            throw TimedOut(what: "still running after \(limit): \(process.arguments ?? [])")
        }
        // Both pipes read to their end (a child that inherited them could hold them open: bounded).
        let drained = ContinuousClock.now + .seconds(10)
        while pipesAtEnd.withLock({ $0 }) < 2 && ContinuousClock.now < drained {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }
}

/// A finished subprocess: its exit status and everything it wrote.
public struct Outcome: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    public var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}
