import Testing
import TikTokLiveStore
import TikTokLiveTestSupport

@Suite struct StoreLocationTests {
    @Test func sqliteTakesAPath() throws {
        #expect(try StoreLocation(parsing: "sqlite:events.db") == .sqlite(path: "events.db"))
        #expect(try StoreLocation(parsing: "sqlite:/var/lib/live.db") == .sqlite(path: "/var/lib/live.db"))
        #expect(try StoreLocation(parsing: "sqlite:///var/lib/live.db") == .sqlite(path: "/var/lib/live.db"))
    }

    @Test func postgresURLIsReadWithItsDefaults() throws {
        guard case .postgres(let address) = try StoreLocation(parsing: "postgresql://me:p%40ss@db.local/live") else {
            Issue.record("not read as PostgreSQL")
            return
        }
        #expect(address.host == "db.local")
        #expect(address.port == 5432)
        #expect(address.username == "me")
        #expect(address.password == "p@ss")
        #expect(address.database == "live")
        #expect(!address.requiresTLS)
        #expect(try PostgresAddress(parsing: "postgres://me@h:6000/d?sslmode=require").requiresTLS)
    }

    @Test func aPasswordIsNeverShown() throws {
        let location = try StoreLocation(parsing: "postgres://me:hunter2@db:5433/live")
        #expect(location.description == "postgres://me:***@db:5433/live")
        // Not even in the error about a URL that lacks a database.
        let error = #expect(throws: EventStoreError.self) {
            try StoreLocation(parsing: "postgres://me:hunter2@db:5433")
        }
        #expect(error?.kind == .invalidLocation)
        #expect(error?.message.contains("hunter2") == false)
        #expect(error?.message.contains("names no database") == true)
    }

    @Test(arguments: [
        ("mysql://me@db/live", "--store must be sqlite:PATH or postgres://"),
        ("events.db", "--store must be sqlite:PATH or postgres://"),
        ("sqlite:", "needs a file path"),
        ("postgres://db/live", "has no user"),
        ("postgres:///live", "has no host"),
    ])
    func wrongLocationsSayWhatIsWrong(text: String, expected: String) {
        let error = #expect(throws: EventStoreError.self) { try StoreLocation(parsing: text) }
        #expect(error?.kind == .invalidLocation)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }
}
