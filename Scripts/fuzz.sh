#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (with AddressSanitizer) and runs each for SECONDS, or only TARGET.
#
#   Scripts/fuzz.sh SECONDS [TARGET]
#
# Targets: frame batch batch-gzip gzip message capture envelope extras (Fuzz/README.md says what each feeds).
# Seeds are written from the repository's captures, fixtures and the sandbox room into Fuzz/.work/seeds; what the
# fuzzer learns accumulates in Fuzz/.work/corpus/TARGET across runs; crashes land in Fuzz/.work/artifacts/TARGET.
# Both folders are git-ignored. The runs are niced: they use one core each, one after the other.
# Exit status 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: Scripts/fuzz.sh SECONDS [TARGET]}
all_targets=(frame batch batch-gzip gzip message capture envelope extras)
targets=("${all_targets[@]}")
[ -n "${2:-}" ] && targets=("$2")

# The sanitizer flags apply to every Swift module, ours and the dependencies'; the C targets get coverage and ASan
# too (the JSON escaper reads sixteen bytes at a time). libFuzzer's own main drives the C entry point, so Swift
# must not emit one (-parse-as-library).
# SwiftPM can miss targets and files added to the path dependency since the last build; re-plan to be sure.
rm -f Fuzz/.build/release.yaml
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address)
swift build --package-path Fuzz "${flags[@]}" --product fuzz-tiktok
binary="$(swift build --package-path Fuzz "${flags[@]}" --show-bin-path)/fuzz-tiktok"

work=Fuzz/.work
FUZZ_WRITE_SEEDS="$work/seeds" FUZZ_REPOSITORY="$PWD" "$binary"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# Swift's own crash reporter reads memory ASan has poisoned and reports itself; ASan's report is the one wanted.
export SWIFT_BACKTRACE=enable=no
status=0
summary=()
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  log="$work/$target.log"
  echo "== $target: ${seconds}s"
  # Captures hold many frames; every other input is one message's worth, and smaller inputs run faster.
  max_len=16384
  [ "$target" = capture ] && max_len=65536
  # -timeout: one input taking more than 10 s is a finding (a quadratic path); -rss_limit_mb: so is 2 GB.
  if ! FUZZ_TARGET=$target nice -n 19 "$binary" "$work/corpus/$target" "$work/seeds/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target/" >"$log" 2>&1; then
    status=1
    echo "!! $target found something; see $log and $work/artifacts/$target/"
    grep -m3 -E "ERROR|Fatal error|panic|SUMMARY" "$log" || true
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  speed=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  summary+=("$(printf '%-11s %12s runs %8s exec/s  cov %6s  corpus %5s' "$target" "$runs" "$speed" "$coverage" \
    "$(find "$work/corpus/$target" -type f | wc -l)")")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
