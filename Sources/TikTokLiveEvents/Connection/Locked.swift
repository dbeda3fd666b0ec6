import Foundation

/// A value behind a lock, for state that synchronous and asynchronous code share (handlers, subscribers,
/// the current session). `Mutex` would do, but it needs macOS 15 and the package supports macOS 13.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value {
        withLock { $0 }
    }
}
