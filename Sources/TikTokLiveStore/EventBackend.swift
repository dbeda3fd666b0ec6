/// What a database does for ``EventStore``: keep its schema current and write batches of rows.
///
/// Each backend owns its connection and reconnects on its own; the store retries a batch whose write threw.
package protocol EventBackend: Sendable {
    /// Writes the rows, skipping those whose (room id, message id) is already stored. Throws when the database
    /// could not be reached (the store retries the whole batch); a row the database refuses by itself is counted in
    /// ``BatchOutcome/rejected`` instead, so that it costs that row only.
    func write(_ batch: [StoredEvent]) async throws -> BatchOutcome
    /// Releases the connection; called once, after the last write.
    func close() async
}

/// What became of one batch.
package struct BatchOutcome: Sendable, Equatable {
    /// Rows that were new.
    package var inserted = 0
    /// Rows the database refused (one by one, after the batch as a whole was refused).
    package var rejected = 0
    /// Why the first refused row was refused.
    package var firstRejection: String?

    package init(inserted: Int = 0, rejected: Int = 0, firstRejection: String? = nil) {
        self.inserted = inserted
        self.rejected = rejected
        self.firstRejection = firstRejection
    }
}
