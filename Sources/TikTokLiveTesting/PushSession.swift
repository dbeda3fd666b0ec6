import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
internal import TikTokLiveProto

/// Flags one push socket's handler and its script player share.
final class SessionControl: Sendable {
    private struct Flags {
        /// `goSilent` ran: nothing more is sent, heartbeat echoes included.
        var silent = false
        /// The edge sent a close frame and waits for the client's.
        var closeSent = false
        /// The client's close frame is not answered (``FakeScriptStep/endlessFragments(bytes:answersClose:)``).
        var ignoresClose = false
    }

    private let flags = NIOLockedValueBox(Flags())

    var isSilent: Bool {
        get { flags.withLockedValue { $0.silent } }
        set { flags.withLockedValue { $0.silent = newValue } }
    }

    var closeSent: Bool {
        get { flags.withLockedValue { $0.closeSent } }
        set { flags.withLockedValue { $0.closeSent = newValue } }
    }

    var ignoresClose: Bool {
        get { flags.withLockedValue { $0.ignoresClose } }
        set { flags.withLockedValue { $0.ignoresClose = newValue } }
    }
}

/// One accepted push socket: records what the client sends, echoes heartbeats, and starts the room's script
/// once the client has entered the room — the real edge sends nothing before `im_enter_room`.
final class PushSessionHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let core: EdgeCore
    private let connection: Int
    private let roomId: Int64
    private let gzip: Bool
    private let control = SessionControl()
    private var playerStarted = false

    init(core: EdgeCore, connection: Int, roomId: Int64, gzip: Bool, silent: Bool = false) {
        self.core = core
        self.connection = connection
        self.roomId = roomId
        self.gzip = gzip
        control.isSilent = silent
    }

    func handlerAdded(context: ChannelHandlerContext) {
        core.sessionOpened(connection: connection, channel: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.sessionClosed(connection: connection)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .text:
            var data = frame.unmaskedData
            received(data.readBytes(length: data.readableBytes) ?? [], context: context)
        case .ping:
            guard !control.isSilent else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(Self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            if control.ignoresClose {
                return
            } else if control.closeSent {
                context.close(promise: nil)
            } else {
                // Echo the client's close (and its code), then hang up, as RFC 6455 §5.5.1 asks.
                control.closeSent = true
                let reply = WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData)
                let channel = context.channel
                context.writeAndFlush(Self.wrapOutboundOut(reply)).whenComplete { _ in channel.close(promise: nil) }
            }
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A protocol error (oversized or malformed frame): drop this socket; other sockets are unaffected.
        context.close(promise: nil)
    }

    private func received(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard let frame = EdgeFrames.decodeClientFrame(bytes) else {
            // Not a PushFrame: record it raw so tests can see it, and carry on.
            core.record(
                ReceivedFrame(
                    connection: connection, payloadType: "", logId: 0, payload: bytes, heartbeatRoomId: nil,
                    enterRoomId: nil, receivedAt: .now))
            return
        }
        let heartbeatRoom = frame.payloadType == "hb" ? EdgeFrames.heartbeatRoomId(frame) : nil
        let enterRoom = frame.payloadType == "im_enter_room" ? EdgeFrames.enterRoomId(frame) : nil
        core.record(
            ReceivedFrame(
                connection: connection, payloadType: frame.payloadType, logId: frame.logID,
                payload: [UInt8](frame.payload),
                heartbeatRoomId: heartbeatRoom, enterRoomId: enterRoom, receivedAt: .now))

        switch frame.payloadType {
        case "hb":
            guard !control.isSilent else { return }
            let echo = EdgeFrames.heartbeatEcho(of: frame, seqId: core.nextSeqId())
            send(echo, context: context)
        case "im_enter_room":
            // Only an enter-room for the socket's own room starts the script: a client that enters the wrong room
            // gets nothing, as it would from TikTok.
            guard enterRoom == roomId, !playerStarted, !control.isSilent else { return }
            playerStarted = true
            send(EdgeFrames.enterRoomResponse(roomId: roomId, seqId: core.nextSeqId()), context: context)
            let player = ScriptPlayer(
                core: core, channel: context.channel, connection: connection, roomId: roomId, gzip: gzip,
                control: control)
            core.attachPlayer(Task { await player.run() }, connection: connection)
        default:
            // Acks and anything else are only recorded.
            break
        }
    }

    private func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: .binary, data: context.channel.allocator.buffer(bytes: bytes))
        context.writeAndFlush(Self.wrapOutboundOut(frame), promise: nil)
    }
}

/// Plays a room's script on one socket, taking steps from the room's shared cursor.
struct ScriptPlayer: Sendable {
    let core: EdgeCore
    let channel: any Channel
    let connection: Int
    let roomId: Int64
    /// Whether the socket asked for gzip; a batch is compressed only when its step and the socket both want it.
    let gzip: Bool
    let control: SessionControl

    /// How long an idle player waits before looking for new steps again.
    static let idlePoll: Duration = .milliseconds(20)
    /// The pause between passes of a looping script that has no `wait` of its own, so it cannot spin.
    static let loopPace: Duration = .milliseconds(50)

    func run() async {
        var isFirst = true
        let room = core.state.withLockedValue { $0.rooms[roomId]?.room }
        let stamps = room?.stampsMessagesWhenSent ?? false
        let likeTotalPerPass = room.map { $0.loopScript ? MessageIdRewriter.likeTotalPerPass(of: $0.script) : 0 } ?? 0
        let replay = core.takeReplay(roomId: roomId)
        if !replay.isEmpty {
            guard await sendBatch(replay, needAck: true, compress: true, isFirst: &isFirst) else { return }
        }
        while !Task.isCancelled, channel.isActive {
            switch core.nextStep(roomId: roomId) {
            case .gone:
                return
            case .idle:
                try? await Task.sleep(for: Self.idlePoll)
            case .wrapped(let paced):
                if paced { try? await Task.sleep(for: Self.loopPace) }
            case .step(let step, let pass):
                guard
                    await play(
                        step, pass: pass, stamp: stamps, likeTotalPerPass: likeTotalPerPass, isFirst: &isFirst)
                else { return }
            }
        }
    }

    /// Plays one step; `false` when this connection is done.
    private func play(
        _ step: FakeScriptStep, pass: Int, stamp: Bool, likeTotalPerPass: Int64, isFirst: inout Bool
    ) async -> Bool {
        switch step {
        case .batch(let messages, let needAck, let compress):
            let rewritten = MessageIdRewriter.forPass(
                pass, messages, createTime: stamp ? EdgeFrames.nowMillis() : nil, likeTotalPerPass: likeTotalPerPass)
            return await sendBatch(rewritten, needAck: needAck, compress: compress, isFirst: &isFirst)
        case .garbage(let bytes):
            return await write(bytes)
        case .badGzip:
            return await write(core.prepareBadGzip())
        case .wait(let milliseconds):
            do {
                try await Task.sleep(for: .milliseconds(milliseconds))
                return true
            } catch {
                return false
            }
        case .dropConnection(let replayLast):
            core.scheduleReplay(roomId: roomId, count: replayLast)
            // A plain TCP close with no WebSocket close frame first: the client sees an abnormal closure.
            try? await channel.close()
            return false
        case .goSilent:
            control.isSilent = true
            core.state.withLockedValue { $0.silencedConnections += 1 }
            return false
        case .close(let code):
            control.closeSent = true
            var data = channel.allocator.buffer(capacity: 2)
            data.writeInteger(UInt16(truncatingIfNeeded: code))
            let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
            try? await channel.writeAndFlush(frame)
            // Wait for the client's close frame (handled by the session), but not forever.
            let channel = self.channel
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            return false
        case .endlessFragments(let size, let answersClose):
            control.ignoresClose = !answersClose
            // No heartbeat echo from here on: a whole frame between two fragments is a different protocol error.
            control.isSilent = true
            let chunk = channel.allocator.buffer(repeating: 0x41, count: max(size, 0))
            var opcode = WebSocketOpcode.binary
            while !Task.isCancelled, channel.isActive {
                do {
                    try await channel.writeAndFlush(WebSocketFrame(fin: false, opcode: opcode, data: chunk))
                    // Paced, so that a test's endless message does not take a busy machine's cores.
                    try await Task.sleep(for: .milliseconds(1))
                } catch {
                    return false
                }
                opcode = .continuation
            }
            return false
        }
    }

    private func sendBatch(_ messages: [FakeMessage], needAck: Bool, compress: Bool, isFirst: inout Bool) async -> Bool
    {
        let bytes = core.prepareBatch(
            roomId: roomId, connection: connection, messages: messages, needAck: needAck, compress: compress && gzip,
            isFirst: isFirst)
        isFirst = false
        return await write(bytes)
    }

    private func write(_ bytes: [UInt8]) async -> Bool {
        guard !Task.isCancelled, !control.isSilent else { return false }
        let frame = WebSocketFrame(fin: true, opcode: .binary, data: channel.allocator.buffer(bytes: bytes))
        do {
            try await channel.writeAndFlush(frame)
            return true
        } catch {
            return false
        }
    }
}
