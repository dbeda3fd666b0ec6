#!/usr/bin/env bash
# The benchmarks, in one run, side by side: decode throughput against the Python peer and the gzip floor (on
# real-shaped and on generated traffic), then N rooms in one process (100 and 1,000, then 1,000 sending real-shaped
# chats). Never run by `swift test`. The real-shaped capture is ../shared/bench/busy-room.bin when it is there, else
# the cut committed in Benchmarks/Captures.
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

real_shaped=../shared/bench/busy-room.bin
[ -f "$real_shaped" ] || real_shaped=Benchmarks/Captures/busy-room-cut.bin

echo "== decode throughput"
"$bin/decode-bench" --capture "$real_shaped" --seconds "$seconds" --cli "$bin/tiktok-live-events" \
  --python "$venv/bin/python"

echo "== scale: 100 rooms"
"$bin/scale-bench" --rooms 100 "${scale_args[@]}"
echo "== scale: 1,000 rooms"
"$bin/scale-bench" --rooms 1000 "${scale_args[@]}"
echo "== scale: 1,000 rooms, real-shaped chats"
"$bin/scale-bench" --rooms 1000 --real-shaped "$real_shaped" "${scale_args[@]}"
