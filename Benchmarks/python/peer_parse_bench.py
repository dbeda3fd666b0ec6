#!/usr/bin/env python3
"""Parse-only decode rate of the Python peer (TikTokLive 7, betterproto2) on one of our captures.

Our own code. It uses the peer's installed package (`pip install TikTokLive==7.0.1`, never vendored) the way
its client does on each WebSocket message: parse the PushFrame, gunzip and parse the fetch result
(`extract_webcast_push_frame`, `extract_webcast_response_message`), then parse each inner message with the class
its EVENT_MAPPINGS names for the method. No events are emitted and no JSON is made: parse only.

It measures in timed windows, on request: after warming up it prints `ready`, then for each line `window` read
from stdin it parses for `--window` seconds (whole frames, going on through the capture) and prints one JSON
object: {"messages", "seconds", "unmapped", "failed"}. decode-bench asks for a window between runs of our own
binary, so that both sides sample the same moments of a shared machine. It stops at the end of its input.

Usage: peer_parse_bench.py CAPTURE [--window W]
"""

import argparse
import json
import logging
import struct
import sys
import time

from TikTokLive.client.ws.ws_utils import extract_webcast_push_frame, extract_webcast_response_message
from TikTokLive.events.proto_events import EVENT_MAPPINGS


def read_capture(path):
    frames = []
    with open(path, "rb") as handle:
        data = handle.read()
    offset = 0
    while offset + 4 <= len(data):
        (length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        frames.append(data[offset:offset + length])
        offset += length
    return frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("capture")
    parser.add_argument("--window", type=float, default=1.0, help="length of each timed window, in seconds")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    frames = read_capture(args.capture)

    def parse(frame, counts):
        push_frame = extract_webcast_push_frame(frame)
        response = extract_webcast_response_message(push_frame)
        for message in response.messages:
            counts[0] += 1
            event_type = EVENT_MAPPINGS.get(message.method)
            if event_type is None:
                counts[1] += 1
                continue
            try:
                event_type().parse(message.payload)
            except Exception:
                counts[2] += 1

    # betterproto2 builds each class's field tables on first use: warm up, untimed, on every method once.
    for frame in frames[:200]:
        parse(frame, [0, 0, 0])
    print("ready", flush=True)

    next_frame = 0
    for line in sys.stdin:
        if line.strip() != "window":
            continue
        counts = [0, 0, 0]  # messages, unmapped, failed
        start = time.perf_counter()
        while True:
            parse(frames[next_frame % len(frames)], counts)
            next_frame += 1
            elapsed = time.perf_counter() - start
            if elapsed >= args.window:
                break
        messages, unmapped, failed = counts
        print(json.dumps({"messages": messages, "seconds": elapsed, "unmapped": unmapped, "failed": failed}),
              flush=True)


if __name__ == "__main__":
    main()
