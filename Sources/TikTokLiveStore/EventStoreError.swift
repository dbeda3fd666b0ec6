/// Why the store could not be opened, or could not keep what it was given.
///
/// `kind` is stable: switch on it. `message` is for people and never holds a password.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The `--store` value is neither `sqlite:PATH` nor a `postgres://` URL, or the URL is incomplete.
        case invalidLocation
        /// The database could not be reached or opened (no server there, wrong password, unwritable file).
        case unreachable
        /// The database holds a schema written by a newer version of this project: refused, never downgraded.
        case newerSchema
        /// The database refused a statement for a reason other than a lost connection.
        case database
        /// The store was closed while events were still waiting: they were not written.
        case unflushed
        /// ``EventStore/store(_:)`` after ``EventStore/close()``.
        case closed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
