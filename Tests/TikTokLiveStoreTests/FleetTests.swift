import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Testing
import TikTokLiveFleet
import TikTokLiveStore
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The fleet against the real PostgreSQL and the fake edge: workers are the built binary, killed as a machine dies.
@Suite(
    .enabled(
        if: TestPostgres.enabled, "no TIKTOK_LIVE_TEST_POSTGRES_URL: run `eval \"$(Scripts/postgres-dev.sh start)\"`"))
struct FleetTests {
    static let creators = (0..<6).map { "creator_\($0)" }

    static func rooms() -> [FakeRoom] {
        creators.enumerated().map { index, uniqueId in
            let roomId = Int64(7_300_000_000_000_000_000 + index)
            let chats = (1...5).map {
                FakeMessage.chat(
                    msgId: Int64(index * 10_000 + $0), roomId: roomId, user: StoreCLITests.viewer, text: "hi \($0)")
            }
            return FakeRoom(
                uniqueId: uniqueId, roomId: roomId, hostUserId: 6_900_000_000_000_000_000 + Int64(index),
                nickname: "Host \(index)", script: [.batch(chats)])
        } + [
            FakeRoom(
                uniqueId: "sleepy", roomId: 7_300_000_000_000_000_099, hostUserId: 6_900_000_000_000_000_099,
                nickname: "Sleepy", status: .offline)
        ]
    }

    static func leases(_ address: PostgresAddress) async throws -> CreatorLeases {
        try await CreatorLeases.open(address, logger: Logger(label: "fleet-tests"))
    }

    @Test func creatorsAreAddedListedAndRemoved() async throws {
        let address = try await TestPostgres.freshDatabase()
        let url = "postgres://\(address.username)@\(address.host):\(address.port)/\(address.database)"
        let add = try RunningCLI(["fleet", "add", "@ann", "bob", "--postgres", url])
        #expect(try await add.wait() == 0, "\(add.stderr)")
        #expect(add.stdoutLines == ["added 2 creator(s)"])
        let again = try RunningCLI(["fleet", "add", "ann", "--postgres", url])
        #expect(try await again.wait() == 0)
        #expect(again.stdoutLines == ["added 0 creator(s) (the others were there)"])
        let list = try RunningCLI(["fleet", "list"], environment: ["TIKTOK_LIVE_POSTGRES_URL": url])
        #expect(try await list.wait() == 0, "\(list.stderr)")
        #expect(list.stdoutLines == ["ann\twaiting for a worker", "bob\twaiting for a worker"])
        let remove = try RunningCLI(["fleet", "remove", "ann", "--postgres", url])
        #expect(try await remove.wait() == 0)
        #expect(remove.stdoutLines == ["removed 1 creator(s)"])
        let leases = try await Self.leases(address)
        #expect(try await leases.list().map(\.uniqueId) == ["bob"])
        await leases.close()
        let noDatabase = try RunningCLI(["fleet", "list"])
        #expect(try await noDatabase.wait() == 2)
        #expect(noDatabase.stderr.contains("fleet needs a database: --postgres"))
    }

    @Test func aKilledWorkersRoomsAreTakenOverAndNothingIsStoredTwice() async throws {
        let edge = try await FakeTikTokEdge.start(rooms: Self.rooms())
        let address = try await TestPostgres.freshDatabase()
        let url = "postgres://\(address.username)@\(address.host):\(address.port)/\(address.database)"
        let leases = try await Self.leases(address)
        #expect(try await leases.add(Self.creators + ["sleepy"]) == 7)
        func worker(_ id: String) throws -> RunningCLI {
            try RunningCLI(
                [
                    "fleet", "--postgres", url, "--max-rooms", "10", "--lease-seconds", "2", "--poll-seconds", "0.2",
                    "--offline-backoff", "3600", "--metrics-port", "0", "--worker-id", id,
                ] + StoreCLITests.endpoints(edge))
        }
        func watchedBy(_ id: String) async throws -> Set<String> {
            Set(try await leases.list().filter { $0.leasedBy == id }.map(\.uniqueId))
        }
        let first = try worker("first")
        #expect(try await eventually { try await watchedBy("first") == Set(Self.creators) }, "\(first.stderr)")
        #expect(try await eventually { try await TestPostgres.count(address) == 30 })
        // The offline creator went back with its backoff and why.
        let sleepy = try #require(try await leases.list().first { $0.uniqueId == "sleepy" })
        #expect(sleepy.leasedBy == nil && sleepy.offlineChecks >= 1 && sleepy.nextCheckIn > 60)
        #expect(
            sleepy.lastError?.contains("not live") == true || sleepy.lastError?.contains("offline") == true,
            "\(sleepy.lastError ?? "nil")")

        let second = try worker("second")
        #expect(await eventually { second.stdoutLines.contains { $0.contains("/health") } }, "\(second.stderr)")
        // While the first holds every lease, the second takes none: leases are never shared.
        #expect(try await watchedBy("second").isEmpty)
        first.signal(SIGKILL)
        _ = try? await first.wait()
        // Its leases expire (2 s) and the second worker's next poll takes every room.
        #expect(try await eventually { try await watchedBy("second") == Set(Self.creators) }, "\(second.stderr)")
        #expect(try await TestPostgres.count(address) == 30)
        #expect(
            try await TestPostgres.count(address, "SELECT count(DISTINCT (room_id, msg_id)) FROM live_events") == 30)

        // The second worker's metrics and health.
        let base = try #require(
            second.stdoutLines.first { $0.contains("/health") }?.split(separator: " ").last
                .map { $0.replacingOccurrences(of: "/health", with: "") })
        let health = try await HTTPClient.shared.get(url: base + "/health").get()
        #expect(health.status == .ok)
        let healthBody = String(buffer: try #require(health.body))
        #expect(healthBody.contains("\"rooms\":6") && healthBody.contains("\"worker\":\"second\""), "\(healthBody)")
        let metrics = String(buffer: try #require(try await HTTPClient.shared.get(url: base + "/metrics").get().body))
        #expect(metrics.contains("tiktok_live_rooms 6"), "\(metrics)")
        #expect(metrics.contains("tiktok_live_lease_renewals_total"))
        #expect(metrics.contains("tiktok_live_store_queued_events 0"))

        // Removing a creator stops its room at the next renewal.
        #expect(try await leases.remove(["creator_0"]) == 1)
        #expect(
            try await eventually {
                let body = try await HTTPClient.shared.get(url: base + "/health").get().body
                return body.map { String(buffer: $0) }?.contains("\"rooms\":5") == true
            })
        // SIGTERM: the worker hands its creators over.
        second.signal(SIGTERM)
        #expect(try await second.wait() == 0, "\(second.stderr)")
        #expect(try await leases.list().allSatisfy { $0.leasedBy == nil })
        await leases.close()
        try await edge.shutdown()
    }
}
