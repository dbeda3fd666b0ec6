import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import TikTokLiveEvents

/// One client's WebSocket, from subscription to close: a writer draining the client's queue, a reader that
/// notices the client leaving (and answers its pings), and a watch for an overflowing queue.
struct RelayClientConnection {
    let outbox: ClientOutbox
    let hub: RelayHub
    let inbound: WebSocketInboundStream
    let outbound: WebSocketOutboundWriter
    let channel: any Channel

    /// The relay's close frame, sent as a plain frame. `WebSocketOutboundWriter.close` would end the TCP stream right
    /// after it, and a client whose WebSocket setup takes one more event-loop turn after the 101 (WebSocketKit's
    /// does) loses the whole connection, messages and close code included, when that end arrives with the 101.
    /// Sent this way, the stream ends only after the client answered the close (or `closeTimeout` passed).
    static func closeFrame(_ code: RelayCloseCode, reason: String) -> WebSocketFrame {
        var data = ByteBufferAllocator().buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code.rawValue)))
        data.writeString(reason)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }

    private enum Outcome: Sendable {
        /// The relay sent its close frame; the client's answer is awaited.
        case closedByRelay
        /// The client closed, went away, or could not be written to.
        case clientGone
        case overflow
        /// The client did not answer the relay's close in time.
        case closeTimedOut
        /// A task that has nothing to report (the overflow watch, when the queue closed normally).
        case nothing
    }

    func run() async {
        let outbox = self.outbox
        let outbound = self.outbound
        let inbound = self.inbound
        let closeTimeout = hub.configuration.closeTimeout
        let overflowed = await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    var closed = false
                    try await outbox.drain { item in
                        switch item {
                        case .message(let buffer):
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: buffer)))
                        case .close(let code, let reason):
                            try await outbound.write(.custom(Self.closeFrame(code, reason: reason)))
                            closed = true
                        }
                    }
                    return closed ? .closedByRelay : .nothing
                } catch {
                    return .clientGone
                }
            }
            group.addTask {
                do {
                    for try await _ in inbound {}
                } catch {}
                return .clientGone
            }
            group.addTask {
                for await _ in outbox.overflowed { return .overflow }
                return .nothing
            }
            defer { group.cancelAll() }
            while let outcome = await group.next() {
                switch outcome {
                case .nothing:
                    continue
                case .closedByRelay:
                    group.addTask {
                        try? await Task.sleep(for: closeTimeout)
                        return .closeTimedOut
                    }
                case .overflow:
                    return true
                case .clientGone, .closeTimedOut:
                    return false
                }
            }
            return false
        }
        hub.leave(outbox)
        if overflowed { await dropSlowClient() }
    }

    /// A close frame with ``RelayCloseCode/slowClient`` if the connection takes it in time, then the connection is cut
    /// whatever the client does.
    private func dropSlowClient() async {
        let outbound = self.outbound
        let channel = self.channel
        let timeout = hub.configuration.slowClientCloseTimeout
        channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            channel.close(promise: nil)
        }
        let reason = "too slow: more than \(outbox.limit) event(s) queued"
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await outbound.close(
                    WebSocketErrorCode(codeNumber: Int(RelayCloseCode.slowClient.rawValue)), reason: reason)
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
