import NIOCore
import NIOWebSocket

/// Pings one accepted client every ``RelayServer/Configuration/pingInterval`` and closes its connection when the
/// client sent nothing at all between two pings (a dead peer or a broken path; idle proxies are kept awake too).
///
/// The relay runs this instead of swift-websocket's `autoPing` (1.6): that one waits with `Task.sleep`, and each
/// closed connection's cancelled wait kept its memory for the rest of its period (see `LoopTimer.swift`): at the
/// soak's rate of handshakes the relay's live heap grew by ~25 MB before it levelled off, and by nothing with this.
/// Here the wait is a NIO repeated task, gone the moment the connection is. Any bytes from the client
/// count as an answer (a pong, a message, a close), so the handler sits first in the pipeline and reads nothing.
final class RelayHeartbeat: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Bytes arrived since the last ping.
    private var heard = true
    private var timer: RepeatedTask?

    /// Starts pinging `channel` (a WebSocket connection after its upgrade) every `interval`.
    static func start(on channel: any Channel, every interval: Duration) {
        let loop = channel.eventLoop
        loop.execute {
            let heartbeat = RelayHeartbeat()
            guard channel.isActive,
                (try? channel.pipeline.syncOperations.addHandler(heartbeat, position: .first)) != nil
            else { return }
            let bound = NIOLoopBound(heartbeat, eventLoop: loop)
            let period = TimeAmount(interval)
            heartbeat.timer = loop.scheduleRepeatedTask(initialDelay: period, delay: period) { task in
                bound.value.beat(channel, task)
            }
        }
    }

    private func beat(_ channel: any Channel, _ task: RepeatedTask) {
        guard heard else {
            task.cancel()
            channel.close(promise: nil)
            return
        }
        heard = false
        let ping = WebSocketFrame(fin: true, opcode: .ping, data: channel.allocator.buffer(string: "relay"))
        channel.writeAndFlush(ping, promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heard = true
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
