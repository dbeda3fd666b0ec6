import Foundation

/// The targets by name, as `FUZZ_TARGET` names them (Fuzz/README.md says what each one feeds).
let targets: [(name: String, run: @Sendable (UnsafeRawBufferPointer) -> Void)] = [
    ("frame", Targets.frame),
    ("batch", Targets.batch),
    ("batch-gzip", Targets.gzippedBatch),
    ("gzip", Targets.gzip),
    ("message", Targets.message),
    ("capture", Targets.capture),
    ("envelope", Targets.envelope),
    ("extras", Targets.extras),
]

/// The target picked at start-up; libFuzzer runs one target per process.
nonisolated(unsafe) private var selected: ((UnsafeRawBufferPointer) -> Void)?
nonisolated(unsafe) private let targetNames = strdup(targets.map(\.name).joined(separator: " "))

@_cdecl("tiktok_fuzz_select")
public func selectTarget(_ name: UnsafePointer<CChar>) -> Int32 {
    let wanted = String(cString: name)
    guard let target = targets.first(where: { $0.name == wanted }) else { return 1 }
    selected = target.run
    return 0
}

@_cdecl("tiktok_fuzz_target_names")
public func targetNameList() -> UnsafePointer<CChar>? {
    UnsafePointer(targetNames)
}

@_cdecl("tiktok_fuzz_run")
public func runTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) {
    selected?(UnsafeRawBufferPointer(start: data, count: size))
}

/// A broken invariant: libFuzzer keeps the input that caused it (a crash), with this message on standard error.
func fail(_ message: String, _ file: StaticString = #fileID, _ line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
