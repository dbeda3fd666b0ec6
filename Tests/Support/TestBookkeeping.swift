import Foundation

/// A value behind a lock, for test bookkeeping.
public final class LockedBox<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// A wait that ran out: what was still not done.
public struct TimedOut: Error, CustomStringConvertible {
    public var what: String
    public var description: String { "timed out: \(what)" }

    public init(what: String) { self.what = what }
}
