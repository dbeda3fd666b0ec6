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
                        await sleepOnLoop(for: closeTimeout, on: channel.eventLoop)
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

    /// The close frame with ``RelayCloseCode/slowClient``, then the end of the connection.
    ///
    /// The frame goes straight to the channel rather than through the writer: the writer waits for the channel to
    /// become writable, which a client that stopped reading never makes it. So it follows only the bytes already in
    /// flight (the kernel's buffers and NIO's, not the dropped queue). If it is handed to the kernel within
    /// ``RelayServer/Configuration/slowClientCloseTimeout`` (the client still reads, only too slowly), the relay
    /// half-closes after it, so the client reads what was in flight, then 4008, then the end, and is given
    /// ``RelayServer/Configuration/closeTimeout`` to answer; otherwise (the client reads nothing at all) the
    /// connection is cut there, and the client finds the bytes in flight and then the end, with no close frame.
    private func dropSlowClient() async {
        let channel = self.channel
        let configuration = hub.configuration
        let reason = "too slow: more than \(outbox.limit) event(s) queued"
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.slowClientCloseTimeout)) {
            channel.close(promise: nil)
        }
        do {
            // Completes once the frame is in the kernel's buffer; fails when the deadline cut the connection first.
            try await channel.writeAndFlush(Self.closeFrame(.slowClient, reason: reason)).get()
        } catch {
            return
        }
        deadline.cancel()
        try? await channel.close(mode: .output).get()
        let cut = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.closeTimeout)) {
            channel.close(promise: nil)
        }
        try? await channel.closeFuture.get()
        cut.cancel()
    }
}
