#!/usr/bin/env python3
# python_sdk_check.py — the original product's Python SDK, in managed mode, reads events through our relay.
#
# This is our own code. It imports the third-party `tiktok_live_events` package (PyPI
# `tiktok-live-events==1.2.6`, installed by Scripts/python-sdk-check.sh into .build-compat/pysdk-venv, never
# vendored) and uses it as a user would: `TikTokLive(creator, api_key=..., mode="managed")`, handlers registered
# with `live.on(name)`, `await live.run()`. The only change is the SDK's module constant ENDPOINT, pointed at our
# relay (and HTTPS_ENDPOINT at a closed loopback port, so nothing can reach the internet).
#
# It starts `tiktok-live-events sandbox --port 0` (a simulated room on a fake TikTok edge) and
# `tiktok-live-events serve --port 0 --token T` pointed at it, then checks that the SDK
#   1. receives chat (user.uniqueId, user.nickname, comment), gifts, likes, viewer counts and other events by
#      name, with the catch-all `event` once per relayed event;
#   2. is refused with a wrong apiKey (an `error` event of kind `unauthorized`, then a close 4401);
#   3. gets an `error` it reports for a creator TikTok does not know (kind `notFound`, then a close 4000).
# Prints a summary (counts per event name, sample lines) and exits 1 when a check failed.
#
# Usage: python_sdk_check.py --binary PATH [--seconds 10] [--speed 6] [-v]

import argparse
import asyncio
import collections
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time

try:
    import tiktok_live_events
    import tiktok_live_events.client as sdk_client
    from tiktok_live_events import TikTokLive
    from tiktok_live_events import cli as sdk_cli
except ImportError:
    sys.exit("python_sdk_check: needs the tiktok_live_events package (run Scripts/python-sdk-check.sh)")

SANDBOX_CREATOR = "sandbox_creator"
UNKNOWN_CREATOR = "no_such_creator_42"
# Names the SDK fires by itself, not for a message of the relay.
SDK_LOCAL = {"disconnected", "viewer_count", "event"}

CHILDREN = []
FAILURES = []


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        FAILURES.append(what)
    return ok


# ----------------------------------------------------------------------------------------------
# Child processes


def start_child(args, pattern, timeout=20.0):
    """Starts `args`; returns (process, match of `pattern` in its stdout, all stdout lines read so far)."""
    # Standard error goes to a file: a pipe nobody reads could fill up and stall the child.
    errors = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True)
    proc.errors_file = errors
    CHILDREN.append(proc)
    lines = []
    found = {}

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            match = re.search(pattern, line)
            if match and "m" not in found:
                found["m"] = match
        # EOF: the process ended or closed stdout.

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while "m" not in found and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if "m" not in found:
        stop_children()
        errors.seek(0)
        err = errors.read()
        sys.exit(f"python_sdk_check: `{' '.join(args[:2])}` did not start:\n" + "\n".join(lines) + "\n" + err)
    return proc, found["m"], lines


def stop_children():
    """SIGTERM to each child we started (both commands stop cleanly on it), SIGKILL if it lingers."""
    while CHILDREN:
        proc = CHILDREN.pop()
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ----------------------------------------------------------------------------------------------
# The SDK, recorded


class Recorder:
    """Every dispatch of one TikTokLive (name, payload) in order, seen through handlers a user would register."""

    def __init__(self, live, names):
        self.calls = []
        for name in names:
            live.on(name)(lambda e, _n=name: self.calls.append((_n, e)))
        # The catch-all and every name the relay sent, whether or not the list above has it: wrap the SDK's
        # dispatcher to see the name of each dispatch (handlers run as before).
        original = live._dispatch
        seen = set(names)

        async def dispatch(event, data):
            if event not in seen:
                self.calls.append((event, data))
            await original(event, data)

        live._dispatch = dispatch

    def counts(self):
        return collections.Counter(name for name, _ in self.calls)

    def of(self, name):
        return [data for n, data in self.calls if n == name]


def sdk_live(creator, api_key, **options):
    os.environ.pop("TIKTOOL_API_KEY", None)  # the SDK's fallback key must not slip in
    return TikTokLive(creator, api_key=api_key, mode="managed", **options)


async def run_sdk(live, recorder, seconds, until=None):
    """Runs the SDK's own loop for `seconds` (or until `until(recorder)`), then stops it as a user would."""
    task = asyncio.create_task(live.run())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not task.done():
        if until is not None and until(recorder):
            break
        await asyncio.sleep(0.05)
    if not task.done():
        live.stop()
        try:
            await asyncio.wait_for(task, 10)
        except asyncio.TimeoutError:
            task.cancel()


def is_str(value, nonempty=True):
    return isinstance(value, str) and (bool(value) or not nonempty)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# ----------------------------------------------------------------------------------------------
# The checks


def check_stream(recorder, verbose):
    counts = recorder.counts()
    print("\n== 1. managed mode, right apiKey: what the SDK's handlers received ==")
    width = max(len(n) for n in counts) if counts else 4
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {name:<{width}}  {count}")

    print("\n  sample lines (formatted by the SDK's own CLI formatter, tiktok_live_events.cli._fmt):")
    shown = collections.Counter()
    for name, data in recorder.calls:
        if name in ("chat", "gift", "like", "join", "follow", "share", "connected") and shown[name] < (
                4 if name == "chat" else 1) and data:
            shown[name] += 1
            print("    " + sdk_cli._fmt(name, data))
    print()

    check(counts["connected"] >= 1 and recorder.of("connected")[0] == {},
          "`connected` fires when the socket opens (the SDK's own, empty payload)")
    relay_connected = [d for d in recorder.of("connected") if d]
    check(any(d.get("uniqueId") == SANDBOX_CREATOR and is_str(d.get("roomId")) for d in relay_connected),
          "the relay's `connected` carries uniqueId and roomId (what the SDK's CLI prints)")
    room_info = recorder.of("roomInfo")
    check(len(room_info) == 1 and is_str(room_info[0].get("roomId")) and is_str(room_info[0].get("wsHost")),
          "`roomInfo` once, with roomId and wsHost")

    chats = recorder.of("chat")
    good_chats = [c for c in chats if is_str((c.get("user") or {}).get("uniqueId"))
                  and is_str((c.get("user") or {}).get("nickname")) and is_str(c.get("comment"))]
    check(len(chats) >= 3, f"`chat` events arrive ({len(chats)})")
    check(chats and len(good_chats) == len(chats),
          f"every chat has user.uniqueId, user.nickname and comment ({len(good_chats)}/{len(chats)})")
    check(all(c.get("type") == "chat" and is_str(c.get("msgId")) and is_int(c.get("timestamp")) for c in chats),
          "chats carry the BaseEvent fields: type 'chat', msgId (string), timestamp (int ms)")

    gifts = recorder.of("gift")
    check(len(gifts) >= 1 and all(
        is_str((g.get("user") or {}).get("uniqueId")) and is_str(g.get("giftName")) and is_int(g.get("giftId"))
        and is_int(g.get("diamondCount")) and is_int(g.get("repeatCount")) and isinstance(g.get("repeatEnd"), bool)
        for g in gifts), f"`gift` events with user, giftId, giftName, diamondCount, repeatCount, repeatEnd ({len(gifts)})")
    likes = recorder.of("like")
    check(len(likes) >= 1 and all(is_int(x.get("likeCount")) and is_int(x.get("totalLikes")) for x in likes),
          f"`like` events with likeCount and totalLikes ({len(likes)})")
    seqs = recorder.of("roomUserSeq")
    check(len(seqs) >= 1 and all(is_int(s.get("viewerCount")) for s in seqs)
          and counts["viewer_count"] == counts["roomUserSeq"],
          f"`roomUserSeq` with viewerCount, and the SDK's alias `viewer_count` as often ({len(seqs)})")

    wire = [(n, d) for n, d in recorder.calls if n not in SDK_LOCAL and d]
    core = {"connected", "roomInfo", "chat", "gift", "like", "roomUserSeq"}
    others = sorted({n for n, _ in wire} - core)
    check(len(others) >= 3, "other events by name: " + (", ".join(others) or "none"))
    check(all(d.get("type") == n for n, d in wire if n not in ("connected", "roomInfo", "error")),
          "every relayed event's payload has `type` equal to the name it was dispatched under")

    # The catch-all: once per relayed message, with that message's payload (the same dict).
    events = [(i, d) for i, (n, d) in enumerate(recorder.calls) if n == "event"]
    paired = 0
    for index, data in events:
        previous = [(n, d) for n, d in recorder.calls[:index] if n != "viewer_count"]
        if previous and previous[-1][1] is data and previous[-1][0] not in SDK_LOCAL:
            paired += 1
    check(len(events) == len(wire) == paired,
          f"catch-all `event` once per relayed message, with its payload ({len(events)} for {len(wire)} messages)")
    check(counts["error"] == 0, "no `error` while streaming")
    if verbose:
        for name, data in recorder.calls[:12]:
            print(f"    {name}: {json.dumps(data, ensure_ascii=False)[:200]}")


def check_refusal(recorder, title, kind, code, creator):
    print(f"\n== {title} ==")
    for name, data in recorder.calls:
        print(f"  {name}: {json.dumps(data, ensure_ascii=False)[:220]}")
    errors = recorder.of("error")
    relay_errors = [e for e in errors if "kind" in e]
    sdk_errors = [e for e in errors if "error" in e]
    check(any(e.get("kind") == kind and is_str(e.get("message")) for e in relay_errors),
          f"the SDK's `error` handler gets {{kind: '{kind}', message}} from the relay")
    check(any(f"received {code}" in e["error"] for e in sdk_errors),
          f"then the SDK reports the close itself: error 'received {code} ...'")
    check(recorder.of("disconnected") == [{"unique_id": creator}], "and `disconnected` once")
    check(not recorder.of("chat") and not recorder.of("roomInfo"), "no chat, no roomInfo")
    if relay_errors:
        print("  the SDK's CLI would print: " + sdk_cli._fmt("error", relay_errors[0]))


async def main_async(args, relay_url, token):
    names = ["connected", "disconnected", "error", "roomInfo", "chat", "gift", "like", "member", "social", "join",
             "follow", "share", "roomUserSeq", "viewer_count", "event", "rate_limited"]
    sdk_client.ENDPOINT = relay_url
    sdk_client.HTTPS_ENDPOINT = "http://127.0.0.1:9"  # never the product's servers, whatever the SDK tries

    live = sdk_live(SANDBOX_CREATOR, token)
    recorder = Recorder(live, names)
    await run_sdk(live, recorder, args.seconds)
    check_stream(recorder, args.verbose)

    # Refusals: no retries, so the run shows one attempt (the SDK's default would retry 5 times, 1+2+4+8+16 s).
    live = sdk_live(SANDBOX_CREATOR, "not-" + token, auto_reconnect=False)
    recorder = Recorder(live, names)
    await run_sdk(live, recorder, 10, until=lambda r: r.of("disconnected"))
    check_refusal(recorder, "2. wrong apiKey", "unauthorized", 4401, SANDBOX_CREATOR)

    live = sdk_live(UNKNOWN_CREATOR, token, auto_reconnect=False)
    recorder = Recorder(live, names)
    await run_sdk(live, recorder, 20, until=lambda r: r.of("disconnected"))
    check_refusal(recorder, f"3. unknown creator @{UNKNOWN_CREATOR}", "notFound", 4000, UNKNOWN_CREATOR)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, help="the tiktok-live-events executable")
    parser.add_argument("--seconds", type=float, default=10, help="how long the SDK streams (default 10)")
    parser.add_argument("--speed", type=float, default=6, help="the sandbox's --speed (default 6)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    def on_signal(number, _frame):
        stop_children()
        sys.exit(128 + number)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"tiktok_live_events {tiktok_live_events.__version__} from {os.path.dirname(tiktok_live_events.__file__)}")
    relay = None
    try:
        _, _, sandbox_lines = start_child(
            [args.binary, "sandbox", "--host", "127.0.0.1", "--port", "0", "--speed", str(args.speed)],
            r"TIKTOK_LIVE_WS_URL=(\S+)")
        env_line = next(line for line in sandbox_lines if "TIKTOK_LIVE_WEB_URL=" in line)
        endpoints = dict(re.findall(r"(TIKTOK_LIVE_\w+_URL)=(\S+)", env_line))
        print(f"sandbox: {endpoints['TIKTOK_LIVE_WEB_URL']} (room @{SANDBOX_CREATOR}, speed {args.speed})")
        token = secrets.token_hex(8)
        relay, match, _ = start_child(
            [args.binary, "serve", "--host", "127.0.0.1", "--port", "0", "--token", token, "--grace-period", "0",
             "--web-url", endpoints["TIKTOK_LIVE_WEB_URL"], "--webcast-url", endpoints["TIKTOK_LIVE_WEBCAST_URL"],
             "--ws-url", endpoints["TIKTOK_LIVE_WS_URL"], "--verbose"],
            r"Relay listening on (ws://\S+?)/? ")
        relay_url = match.group(1).rstrip("/")
        print(f"relay:   {relay_url} (token set); the SDK's ENDPOINT = {relay_url!r}")
        asyncio.run(main_async(args, relay_url, token))
        if relay.poll() is not None:
            check(False, f"the relay is still running (it exited with {relay.returncode})")
    finally:
        stop_children()
    if relay is not None and (args.verbose or FAILURES):
        relay.errors_file.seek(0)
        print("\nthe relay's log (serve --verbose):\n" + relay.errors_file.read().rstrip())
    print()
    if FAILURES:
        print(f"FAILED: {len(FAILURES)} check(s): " + "; ".join(FAILURES))
        return 1
    print("PASSED: the Python SDK (managed mode) reads chat and the other events through our relay")
    return 0


if __name__ == "__main__":
    sys.exit(main())
