import NIOConcurrencyHelpers
import NIOCore
import TikTokLiveEvents

/// One client's bounded queue of encoded events, filled by the creator's fan-out without ever waiting and
/// drained by the client's writer at the client's pace.
///
/// When the queue holds ``limit`` messages the client is too slow: the queue is dropped, ``overflowed`` fires,
/// and the connection is cut. The fan-out never waits for a client, so a slow one costs the others nothing.
final class ClientOutbox: Sendable {
    enum Item: Sendable {
        case message(ByteBuffer)
        case close(RelayCloseCode, reason: String)
    }

    private struct State {
        var queued = 0
        var closed = false
        var didOverflow = false
    }

    let id: Int
    let uniqueId: String
    let limit: Int
    private let state = NIOLockedValueBox(State())
    private let items: AsyncStream<Item>
    private let itemsContinuation: AsyncStream<Item>.Continuation
    /// Yields once if the queue overflows; finishes when the outbox closes either way.
    let overflowed: AsyncStream<Void>
    private let overflowContinuation: AsyncStream<Void>.Continuation

    init(id: Int, uniqueId: String, limit: Int) {
        self.id = id
        self.uniqueId = uniqueId
        self.limit = max(limit, 1)
        (items, itemsContinuation) = AsyncStream.makeStream(of: Item.self)
        (overflowed, overflowContinuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// Queues one message; `false` when the outbox is closed or has just overflowed.
    @discardableResult
    func push(_ message: ByteBuffer) -> Bool {
        let outcome: PushOutcome = state.withLockedValue { state in
            guard !state.closed else { return .closed }
            guard state.queued < limit else {
                state.closed = true
                state.didOverflow = true
                return .overflow
            }
            state.queued += 1
            // Under the lock, so that pushes from several creators' tasks (never the case today) keep their order.
            itemsContinuation.yield(.message(message))
            return .queued
        }
        switch outcome {
        case .queued:
            return true
        case .closed:
            return false
        case .overflow:
            itemsContinuation.finish()
            overflowContinuation.yield()
            overflowContinuation.finish()
            return false
        }
    }

    private enum PushOutcome {
        case queued, closed, overflow
    }

    /// Queues a close after whatever is queued: the writer sends the rest, then closes with `code`.
    func close(_ code: RelayCloseCode, reason: String) {
        let first = state.withLockedValue { state in
            guard !state.closed else { return false }
            state.closed = true
            itemsContinuation.yield(.close(code, reason: reason))
            return true
        }
        guard first else { return }
        itemsContinuation.finish()
        overflowContinuation.finish()
    }

    var didOverflow: Bool { state.withLockedValue { $0.didOverflow } }
    var queued: Int { state.withLockedValue { $0.queued } }

    /// The writer's side: every queued item in order; ends after a close, an overflow, or cancellation.
    func drain(_ body: (Item) async throws -> Void) async rethrows {
        for await item in items {
            if case .message = item {
                state.withLockedValue { $0.queued -= 1 }
            }
            try await body(item)
        }
    }
}
