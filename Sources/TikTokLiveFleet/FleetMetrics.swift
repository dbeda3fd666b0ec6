import Foundation
import Hummingbird
import NIOCore
package import Prometheus

/// A worker's numbers, in Prometheus' text format at `GET /metrics`. Events per second is
/// `rate(tiktok_live_events_total[1m])`; the store's lag is `tiktok_live_store_queued_events`.
package final class FleetMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    package let rooms: Gauge
    package let events: Counter
    package let storeQueued: Gauge
    package let storeFailedWrites: Gauge
    package let leaseRenewals: Counter
    package let leasesLost: Counter
    package let reconnects: Counter
    package let offlineChecks: Counter

    package init() {
        let registry = self.registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(
                descriptor: .init(namespace: "tiktok_live", metricName: name, unitName: "total", helpText: help))
        }
        func gauge(_ name: String, _ help: String) -> Gauge {
            registry.makeGauge(
                descriptor: .init(namespace: "tiktok_live", metricName: name, unitName: "", helpText: help))
        }
        rooms = gauge("rooms", "Rooms this worker watches now.")
        events = counter("events", "Wire events received and stored.")
        storeQueued = gauge("store_queued_events", "Events waiting to be written to the database (store lag).")
        storeFailedWrites = gauge("store_failed_writes", "Batch writes that failed and were retried.")
        leaseRenewals = counter("lease_renewals", "Leases renewed by this worker.")
        leasesLost = counter("leases_lost", "Leases that went elsewhere before this worker renewed them.")
        reconnects = counter("reconnects", "Reconnects of the rooms this worker watches.")
        offlineChecks = counter("offline_checks", "Creators found offline and put back for later.")
    }
}

/// `GET /metrics` and `GET /health` on one port.
package struct FleetHTTPServer: Sendable {
    private let task: Task<Void, any Error>
    package let port: Int

    /// What `/health` answers: 200 while the database answered the last poll, 503 otherwise.
    package struct Health: Sendable, Codable, Equatable {
        package var status: String
        package var worker: String
        package var rooms: Int
        package var storeQueued: Int
    }

    package static func start(
        host: String, port: Int, metrics: FleetMetrics, health: @escaping @Sendable () -> Health
    ) async throws -> FleetHTTPServer {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        router.get("/health") { _, _ -> Response in
            let health = health()
            return Response(
                status: health.status == "ok" ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(health))))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) })
        let task = Task {
            do {
                try await application.run()
            } catch {
                continuation.yield(.failure(error))
                throw error
            }
        }
        for await started in stream {
            switch started {
            case .success(let bound): return FleetHTTPServer(task: task, port: bound)
            case .failure(let error): throw error
            }
        }
        throw CancellationError()
    }

    private init(task: Task<Void, any Error>, port: Int) {
        self.task = task
        self.port = port
    }

    package func shutdown() async {
        task.cancel()
        _ = await task.result
    }
}
