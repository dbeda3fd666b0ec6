import Foundation
import TikTokLiveEvents

/// Resident memory of this process, from `/proc/self/status`: now (`VmRSS`) and the peak so far (`VmHWM`), in KiB.
struct ResidentMemory {
    var currentKiB: Int
    var peakKiB: Int

    static func read(pid: Int32? = nil) -> ResidentMemory {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        let status = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return ResidentMemory(currentKiB: field("VmRSS"), peakKiB: field("VmHWM"))
    }
}

/// User plus system CPU time, in seconds.
enum CPUTime {
    /// This process, all threads (getrusage).
    static func ofSelf() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Another process, from `/proc/PID/stat` (the edge child, which is not ours to getrusage until it exits).
    static func of(pid: Int32) -> Double {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // The command sits in parentheses and may hold spaces; after it, utime and stime are fields 12 and 13.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Wall-clock milliseconds since the epoch, with the fraction: the edge stamps `create_time` from the same clock.
func wallClockMillis() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1e6
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// A fixed-size latency histogram shared by every client's handler.
///
/// Fixed buckets, allocated before the baseline RSS is read, so that recording millions of samples does not grow
/// the process being measured; 50 µs buckets are finer than the 1 ms resolution of `create_time` anyway.
final class LatencyHistogram: @unchecked Sendable {
    static let bucketMicros = 50.0
    static let bucketCount = 100_000  // up to 5 s; anything later lands in the last bucket (max is exact)

    private let lock = NSLock()
    private var buckets = [UInt32](repeating: 0, count: LatencyHistogram.bucketCount)
    private var samples = 0
    private var maxMillis = 0.0
    private var received = 0

    /// Records one event sent at `sentMillis` (the edge's stamp) and received now.
    func record(sentMillis: Int64) {
        // The stamp is rounded to the millisecond, so a fast delivery can look up to 0.5 ms early.
        let latency = max(0, wallClockMillis() - Double(sentMillis))
        let index = min(Int(latency * 1000 / Self.bucketMicros), Self.bucketCount - 1)
        lock.withLock {
            buckets[index] &+= 1
            samples += 1
            received += 1
            if latency > maxMillis { maxMillis = latency }
        }
    }

    /// Events received since the start, warm-up included.
    var totalReceived: Int { lock.withLock { received } }

    /// Forgets the latencies (not the received count): the measurement window starts now.
    func resetLatencies() {
        lock.withLock {
            for index in buckets.indices { buckets[index] = 0 }
            samples = 0
            maxMillis = 0
        }
    }

    struct Summary {
        var samples: Int
        var p50: Double
        var p99: Double
        var p999: Double
        var max: Double
    }

    /// Percentiles in milliseconds, each the upper edge of its bucket.
    func summary() -> Summary {
        lock.withLock {
            func percentile(_ fraction: Double) -> Double {
                guard samples > 0 else { return 0 }
                let rank = Int((Double(samples) * fraction).rounded(.up))
                var seen = 0
                for (index, count) in buckets.enumerated() {
                    seen += Int(count)
                    if seen >= rank { return min(Double(index + 1) * Self.bucketMicros / 1000, maxMillis) }
                }
                return maxMillis
            }
            return Summary(
                samples: samples, p50: percentile(0.5), p99: percentile(0.99), p999: percentile(0.999),
                max: maxMillis)
        }
    }
}

/// What one room's de-duplication window costs in RSS once it is full, measured on the library's own type with
/// the default window and TikTok-shaped ids.
///
/// A window fills only after `deduplicationWindow` messages (1,000 s at 10 events/s per room), far beyond the
/// measured minute, and it is the one per-room structure that grows with traffic; so the steady state is
/// projected as the measured RSS plus one full window per room (an over-estimate: the clients' windows already
/// hold the minute's ids).
func fullDeduplicationWindowKiB(rooms: Int) -> Double {
    let capacity = TikTokLive.Configuration().deduplicationWindow
    let before = ResidentMemory.read().currentKiB
    var windows: [MessageDeduplicator] = []
    windows.reserveCapacity(rooms)
    var id: UInt64 = 7_312_000_000_000_000_001
    for _ in 0..<rooms {
        var window = MessageDeduplicator(capacity: capacity)
        for _ in 0..<capacity {
            _ = window.insert(String(id))
            id += 7_919
        }
        windows.append(window)
    }
    let after = ResidentMemory.read().currentKiB
    withExtendedLifetime(windows) {}
    return Double(after - before) / Double(rooms)
}
