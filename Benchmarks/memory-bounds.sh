#!/usr/bin/env bash
# Client memory under hostile input and a stalled reader. Never run by `swift test`.
#
#   Benchmarks/memory-bounds.sh [BIN_DIR] [SECONDS]
#
# 1. One gzip frame that inflates to ~1.4 million tiny messages (the shape of a 75 KB frame that became 1.4 M events),
#    replayed from a capture: the peak RSS of `replay` (/usr/bin/time -v). Target: under 64 MB.
# 2. `watch` of the sandbox played 200x fast with its standard output blocked (piped into `sleep`): its RSS sampled
#    every 10 s for SECONDS (300 by default). Target: under 128 MB throughout.
#
# BIN_DIR holds a built `tiktok-live-events` (default: `swift build -c release --show-bin-path`). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build -c release --show-bin-path)}
seconds=${2:-300}
cli="$bin/tiktok-live-events"
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== 1. one frame of ~1.4 M messages, replayed"
python3 - "$work/bomb.bin" <<'EOF'
import gzip, struct, sys

def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)

def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload

message = field(1, field(1, b"WebcastLikeMessage"))  # FetchResult.messages: an InnerMessage with a method only
count = (32 << 20) // len(message) - 1000  # just under the 32 MiB inflation cap
batch = message * count
payload = gzip.compress(batch, 9)
frame = field(5, field(1, b"compress_type") + field(2, b"gzip")) + field(7, b"msg") + field(8, payload)
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<I", len(frame)) + frame)
print(f"frame: {len(frame)} bytes, inflating to {len(batch)} bytes, {count} messages")
EOF
/usr/bin/time -v "$cli" replay "$work/bomb.bin" >"$work/replay.out" 2>"$work/replay.err" || true
grep -E "Maximum resident set size|Elapsed \(wall" "$work/replay.err"
echo "events printed: $(wc -l <"$work/replay.out")"
grep -m1 "exceeds the" "$work/replay.out" | cut -c1-160 || true

echo "== 2. watch with standard output blocked, ${seconds} s"
"$cli" sandbox --port 0 --speed 200 >"$work/sandbox.out" 2>&1 &
for _ in $(seq 100); do grep -q "export TIKTOK_LIVE_WEB_URL" "$work/sandbox.out" && break; sleep 0.1; done
eval "$(grep "export TIKTOK_LIVE_WEB_URL" "$work/sandbox.out")"
user=$(sed -n 's/^Sandbox room @\([^ ]*\) is live.*/\1/p' "$work/sandbox.out")
# The pipe's reader never reads: after 64 KB the CLI's writes block, and the client's buffer takes the room.
mkfifo "$work/stdout"
sleep $((seconds + 60)) <"$work/stdout" &
"$cli" watch "$user" --json --web-url "$TIKTOK_LIVE_WEB_URL" --webcast-url "$TIKTOK_LIVE_WEBCAST_URL" \
  --ws-url "$TIKTOK_LIVE_WS_URL" >"$work/stdout" &
pid=$!
sleep 1
peak=0
for ((t = 0; t <= seconds; t += 10)); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  ((rss > peak)) && peak=$rss
  echo "t=${t}s rss=$((rss / 1024)) MiB"
  ((t < seconds)) && sleep 10
done
echo "peak RSS $((peak / 1024)) MiB over ${seconds} s"
# SIGKILL: on SIGTERM the CLI writes what it holds before exiting, which a pipe nobody reads never takes.
kill -9 "$pid" 2>/dev/null || true
