#!/usr/bin/env bash
# The benchmarks of issue 6, in one run, side by side: decode throughput against the Python peer and the gzip
# floor, then N rooms in one process (100 and 1,000). Never run by `swift test`.
#
#   Benchmarks/run.sh [--quick]
#
# Needs: Swift, python3 with venv (the peer, TikTokLive 7.0.1, is pip-installed into the git-ignored
# .build-compat/venv on first use; that is the only download). --quick measures for shorter times.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3
scale_args=()
if [ "${1:-}" = "--quick" ]; then
  seconds=1
  scale_args=(--warmup 3 --duration 10)
fi

venv=.build-compat/venv
if ! "$venv/bin/python" -c "import TikTokLive" >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "TikTokLive==7.0.1"
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(swift --version 2>&1 | head -1)"
# SwiftPM can miss source files added to the path dependency since the last build; re-plan to be sure.
rm -f Benchmarks/.build/release.yaml
swift build -c release --package-path Benchmarks --product decode-bench
swift build -c release --package-path Benchmarks --product tiktok-live-events
swift build -c release --package-path Benchmarks --product scale-bench
bin=$(swift build -c release --package-path Benchmarks --show-bin-path)

echo "== decode throughput"
"$bin/decode-bench" --seconds "$seconds" --cli "$bin/tiktok-live-events" --python "$venv/bin/python"

echo "== scale: 100 rooms"
"$bin/scale-bench" --rooms 100 "${scale_args[@]}"
echo "== scale: 1,000 rooms"
"$bin/scale-bench" --rooms 1000 "${scale_args[@]}"
