import Foundation
import Testing
import TikTokLiveTestSupport

/// The built `tiktok-live-events`, run as a person runs it, with its output readable while it runs (so a test can
/// wait for lines, then send a signal).
final class CLIProcess: Sendable {
    let process: Process
    private let stdout = LockedBox(Data())
    private let stderr = LockedBox(Data())
    private let pipesAtEnd = LockedBox(0)

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        let binary = try #require(BuiltExecutables.cli, "tiktok-live-events binary not found next to the test bundle")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIKTOK_LIVE_") }
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        // Reading on threads of their own: a blocking read on the cooperative pool would starve the fake edge.
        let pipesAtEnd = self.pipesAtEnd
        for (pipe, box) in [(out, stdout), (err, stderr)] {
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

    var stdoutLines: [String] { lines(stdout) }
    var stderrText: String { stderr.withLock { String(decoding: $0, as: UTF8.self) } }

    private func lines(_ box: LockedBox<Data>) -> [String] {
        box.withLock { String(decoding: $0, as: UTF8.self) }.split(separator: "\n").map(String.init)
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the exit (killing it after `timeout`) and returns its status.
    func exitStatus(timeout: Duration = .seconds(60)) async -> Int32 {
        if !(await waitUntil(timeout: timeout) { !process.isRunning }) {
            process.terminate()
            Issue.record("still running after \(timeout): \(process.arguments ?? [])")
            _ = await waitUntil(timeout: .seconds(10)) { !process.isRunning }
        }
        // The last bytes: both pipes read to their end.
        _ = await waitUntil(timeout: .seconds(10)) { pipesAtEnd.withLock { $0 } == 2 }
        return process.terminationStatus
    }
}
