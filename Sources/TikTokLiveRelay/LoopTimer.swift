import NIOCore

/// Waits `duration` on a NIO event loop, or until the calling task is cancelled, whichever comes first.
///
/// The relay uses this instead of `Task.sleep` for every timeout it starts per connection. A cancelled `Task.sleep`
/// returns at once but keeps its timer and the memory behind it until the original deadline (swiftlang/swift#60441,
/// still so in Swift 6.3): a 30 s wait cancelled after a millisecond costs its bytes for 30 s, and a relay accepting
/// hundreds of handshakes a second holds tens of megabytes of dead timers (measured with
/// `Benchmarks/Sources/relay-soak`). A cancelled NIO `Scheduled` leaves the loop's timer heap at once.
func sleepOnLoop(for duration: Duration, on eventLoop: any EventLoop) async {
    let timer = eventLoop.scheduleTask(in: TimeAmount(duration)) {}
    await withTaskCancellationHandler {
        _ = try? await timer.futureResult.get()
    } onCancel: {
        timer.cancel()
    }
}
