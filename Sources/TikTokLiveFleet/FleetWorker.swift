import Foundation
package import Logging
import NIOConcurrencyHelpers
import Prometheus
package import TikTokLiveEvents
package import TikTokLiveStore

/// One worker of a fleet: leases creators from `live_creators`, watches up to ``Configuration/maxRooms`` of them,
/// writes their events to `live_events`, renews its leases while it watches, and gives a creator back when it goes
/// offline (checked again later, with backoff) or when the worker stops.
package actor FleetWorker {
    package struct Configuration: Sendable {
        /// Rooms watched at once.
        package var maxRooms = 50
        /// How long a lease lasts unless renewed: how soon another worker takes the rooms of one that died.
        package var leaseDuration: Duration = .seconds(30)
        /// How often leases are renewed and free creators looked for; keep it well under ``leaseDuration``.
        package var pollInterval: Duration = .seconds(5)
        /// The first wait before an offline creator is checked again; it doubles with each check, up to
        /// ``maxOfflineBackoff``.
        package var offlineBackoff: Duration = .seconds(60)
        package var maxOfflineBackoff: Duration = .seconds(900)
        /// This worker's name in `live_creators.leased_by`.
        package var workerID = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        /// Each room's client.
        package var client = TikTokLive.Configuration()
        package var store = EventStore.Configuration()
        package var logger = Logger(label: "tiktok-live-fleet", factory: { _ in SwiftLogNoOpLogHandler() })

        package init() {}
    }

    package let configuration: Configuration
    package nonisolated let metrics: FleetMetrics
    private let leases: CreatorLeases
    private let store: EventStore
    private var rooms: [String: Room] = [:]
    private nonisolated let stopRequested = NIOLockedValueBox(false)
    private nonisolated let lastPollSucceeded = NIOLockedValueBox(true)
    private nonisolated let roomCount = NIOLockedValueBox(0)

    private struct Room {
        var live: TikTokLive
        var task: Task<Void, Never>
    }

    package init(leases: CreatorLeases, store: EventStore, configuration: Configuration, metrics: FleetMetrics) {
        self.leases = leases
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
    }

    /// What `/health` reports.
    package nonisolated var health: FleetHTTPServer.Health {
        FleetHTTPServer.Health(
            status: lastPollSucceeded.withLockedValue { $0 } ? "ok" : "database unreachable",
            worker: configuration.workerID, rooms: roomCount.withLockedValue { $0 },
            storeQueued: store.statistics.queued)
    }

    /// Asks ``run()`` to hand its creators over and return.
    package nonisolated func stop() {
        stopRequested.withLockedValue { $0 = true }
    }

    /// Polls until ``stop()``; then stops every room, writes what is queued and frees the leases for the others.
    package func run() async {
        while !stopRequested.withLockedValue({ $0 }) {
            await poll()
            let next = ContinuousClock.now + configuration.pollInterval
            while ContinuousClock.now < next && !stopRequested.withLockedValue({ $0 }) {
                try? await Task.sleep(for: min(.milliseconds(50), configuration.pollInterval))
            }
        }
        let stopping = rooms
        for room in stopping.values { room.live.stop() }
        for room in stopping.values { await room.task.value }
        try? await store.close()
        for uniqueId in stopping.keys {
            try? await leases.release(worker: configuration.workerID, uniqueId, .handOver)
        }
        await leases.close()
    }

    /// Renews what this worker holds, drops what it lost, and leases more while it has room.
    private func poll() async {
        let worker = configuration.workerID
        do {
            let held = try await leases.renew(worker: worker, Array(rooms.keys), lease: configuration.leaseDuration)
            metrics.leaseRenewals.increment(by: Int64(held.count))
            for (uniqueId, room) in rooms where !held.contains(uniqueId) {
                configuration.logger.warning("lost the lease on @\(uniqueId): stopping it here")
                metrics.leasesLost.increment()
                rooms[uniqueId] = nil
                room.live.stop()
            }
            let leased = try await leases.acquire(
                worker: worker, limit: configuration.maxRooms - rooms.count, lease: configuration.leaseDuration)
            for uniqueId in leased { watch(uniqueId) }
            lastPollSucceeded.withLockedValue { $0 = true }
        } catch {
            lastPollSucceeded.withLockedValue { $0 = false }
            configuration.logger.warning("polling the creators failed: \(PostgresSession.reason(error))")
        }
        roomCount.withLockedValue { $0 = rooms.count }
        metrics.rooms.set(Int64(rooms.count))
        let statistics = store.statistics
        metrics.storeQueued.set(Int64(statistics.queued))
        metrics.storeFailedWrites.set(Int64(statistics.failedWrites))
    }

    private func watch(_ uniqueId: String) {
        configuration.logger.info("watching @\(uniqueId)")
        let live = TikTokLive(uniqueId, configuration: configuration.client)
        let (store, leases, metrics, worker) = (store, leases, metrics, configuration.workerID)
        let task = Task {
            var failure: String?
            do {
                for try await event in live.events {
                    switch event {
                    case .connected: try? await leases.markLive(worker: worker, uniqueId)
                    case .reconnecting: metrics.reconnects.increment()
                    default: break
                    }
                    guard event.isWireEvent else { continue }
                    metrics.events.increment()
                    try await store.store(event)
                }
            } catch let error as TikTokLiveError {
                failure = error.message
            } catch {
                failure = "\(error)"
            }
            await self.ended(uniqueId, live: live, failure: failure)
        }
        rooms[uniqueId] = Room(live: live, task: task)
        roomCount.withLockedValue { $0 = rooms.count }
    }

    /// A room's run is over: offline, ended, failed, or stopped here. Unless this worker is stopping (it hands its
    /// creators over then) or lost the lease, the creator goes back with a backoff.
    private func ended(_ uniqueId: String, live: TikTokLive, failure: String?) async {
        guard let room = rooms[uniqueId], room.live === live else { return }
        rooms[uniqueId] = nil
        roomCount.withLockedValue { $0 = rooms.count }
        metrics.rooms.set(Int64(rooms.count))
        guard !stopRequested.withLockedValue({ $0 }) else { return }
        metrics.offlineChecks.increment()
        configuration.logger.info("@\(uniqueId) is not live (\(failure ?? "the stream ended")): checking later")
        try? await leases.release(
            worker: configuration.workerID, uniqueId,
            .offline(error: failure, base: configuration.offlineBackoff, cap: configuration.maxOfflineBackoff))
    }
}
