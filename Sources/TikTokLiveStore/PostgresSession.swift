package import Logging
import NIOSSL
package import PostgresNIO

/// One PostgreSQL connection that comes back: opened on first use, and opened again after the server went away
/// (a restart, a failover, a dropped socket). Statements run one at a time, in order.
package actor PostgresSession {
    package let address: PostgresAddress
    private let logger: Logger
    private var connection: PostgresConnection?
    private var nextID = 1

    package init(address: PostgresAddress, logger: Logger = Logger(label: "tiktok-live-store")) {
        self.address = address
        self.logger = logger
    }

    /// A session whose connection is open and whose schema is current: the first connect's error is the clearest one
    /// a wrong URL gets, so it is made here, not at the first write.
    package static func connect(_ address: PostgresAddress, logger: Logger) async throws(EventStoreError)
        -> PostgresSession
    {
        let session = PostgresSession(address: address, logger: logger)
        do {
            _ = try await session.open()
        } catch {
            throw EventStoreError(.unreachable, "cannot connect to PostgreSQL at \(address): \(reason(error))")
        }
        try await PostgresEventBackend.migrate(session)
        return session
    }

    /// Runs `body` on an open connection. A failure that cost the connection closes it, so the next call opens a
    /// new one; the error is rethrown for the caller to retry or report.
    package func run<Value: Sendable>(
        _ body: (PostgresConnection, Logger) async throws -> sending Value
    ) async throws -> Value {
        let connection = try await open()
        do {
            return try await body(connection, logger)
        } catch {
            if connection.isClosed || !Self.isStatementError(error) {
                try? await connection.close()
                self.connection = nil
            }
            throw error
        }
    }

    /// The open connection, opened now when there is none.
    package func open() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.username, password: address.password,
            database: address.database, tls: .disable)
        if address.requiresTLS {
            configuration.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        configuration.options.connectTimeout = .seconds(10)
        let opened = try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
        nextID += 1
        connection = opened
        return opened
    }

    package func close() async {
        try? await connection?.close()
        connection = nil
    }

    /// Whether the server refused the statement itself (bad data, a constraint) with the connection still fine, as
    /// opposed to the connection being lost (class 08, an administrator's shutdown in 57P).
    package static func isStatementError(_ error: any Error) -> Bool {
        guard let error = unwrapped(error) as? PSQLError, error.code == .server else { return false }
        let state = error.serverInfo?[.sqlState] ?? ""
        return !(state.hasPrefix("08") || state.hasPrefix("57P"))
    }

    /// The error inside a transaction's wrapper: the rollback's when that failed too (the connection is then
    /// suspect), else the one that ended the transaction.
    package static func unwrapped(_ error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError else { return error }
        return error.rollbackError ?? error.closureError ?? error.beginError ?? error.commitError ?? error
    }

    /// What a person should read about a PostgreSQL failure: the server's message when it sent one.
    package static func reason(_ error: any Error) -> String {
        let error = unwrapped(error)
        if let error = error as? EventStoreError { return error.message }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
