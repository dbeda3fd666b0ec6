import Foundation

/// Where events are kept: `sqlite:PATH` (one file, the default kind) or `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Reads a `--store` value. `sqlite:` takes a file path (`sqlite:events.db`, `sqlite:/var/lib/x.db`);
    /// `postgres://` and `postgresql://` take a libpq-style URL.
    public init(parsing text: String) throws(EventStoreError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // `sqlite:///abs/path` and `sqlite://rel` read as the path after the slashes' convention.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw EventStoreError(.invalidLocation, "--store sqlite: needs a file path, as in sqlite:events.db")
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(parsing: text))
        } else {
            throw EventStoreError(
                .invalidLocation,
                "--store must be sqlite:PATH or postgres://USER@HOST:PORT/DATABASE, got \"\(Self.redacted(text))\"")
        }
    }

    /// The location as a person may see it: a PostgreSQL password is left out.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let address): address.description
        }
    }

    /// `text` with anything between `://user:` and `@` masked, for error messages about a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else {
            return text
        }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// A PostgreSQL server and database, read from a URL; the password is kept but never printed.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `sslmode=require` (or `verify-full`) in the URL: TLS is required. Otherwise plain TCP, as on loopback.
    public var requiresTLS: Bool

    public init(parsing text: String) throws(EventStoreError) {
        let shown = StoreLocation.redacted(text)
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw EventStoreError(.invalidLocation, "not a postgres:// URL: \"\(shown)\"")
        }
        guard let host = components.host, !host.isEmpty else {
            throw EventStoreError(.invalidLocation, "the PostgreSQL URL \"\(shown)\" has no host")
        }
        guard let username = components.user, !username.isEmpty else {
            throw EventStoreError(
                .invalidLocation, "the PostgreSQL URL \"\(shown)\" has no user (postgres://USER@\(host)/DATABASE)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw EventStoreError(
                .invalidLocation,
                "the PostgreSQL URL \"\(shown)\" names no database (postgres://\(username)@\(host)/DATABASE)")
        }
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        self.host = host
        self.port = components.port ?? 5432
        self.username = username.removingPercentEncoding ?? username
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.requiresTLS = ["require", "verify-ca", "verify-full"].contains(sslmode)
    }

    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }
}
