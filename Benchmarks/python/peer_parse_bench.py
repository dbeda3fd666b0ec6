#!/usr/bin/env python3
"""Parse-only decode rate of the Python peer (TikTokLive 7, betterproto2) on one of our captures.

Our own code. It uses the peer's installed package (`pip install TikTokLive==7.0.1`, never vendored) the way
its client does on each WebSocket message: parse the PushFrame, gunzip and parse the fetch result
(`extract_webcast_push_frame`, `extract_webcast_response_message`), then parse each inner message with the class
its EVENT_MAPPINGS names for the method. No events are emitted and no JSON is made: parse only.

The time is cut into one-second windows, and the rate reported is the best window's, as the Swift side reports
its best pass: on a shared machine the least disturbed window is the closest to what the code itself costs. The mean
over all windows is reported too.

Usage: peer_parse_bench.py CAPTURE [--seconds S] [--window W]
Prints one JSON object: {"messages", "frames", "seconds", "messages_per_second" (the best window's),
"mean_messages_per_second", "windows", "unmapped", "failed"}.
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
    parser.add_argument("--seconds", type=float, default=5.0, help="stop after this long (whole frames)")
    parser.add_argument("--window", type=float, default=1.0, help="length of each timed window")
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

    counts = [0, 0, 0]  # messages, unmapped, failed
    parsed_frames = 0
    best_rate = 0.0
    windows = 0
    start = time.perf_counter()
    deadline = start + args.seconds
    while True:
        window_start = time.perf_counter()
        window_messages = counts[0]
        while True:
            parse(frames[parsed_frames % len(frames)], counts)
            parsed_frames += 1
            now = time.perf_counter()
            if now - window_start >= args.window:
                break
        best_rate = max(best_rate, (counts[0] - window_messages) / (now - window_start))
        windows += 1
        if now >= deadline:
            break
    elapsed = time.perf_counter() - start
    messages, unmapped, failed = counts
    json.dump({
        "messages": messages, "frames": parsed_frames, "seconds": elapsed, "windows": windows,
        "messages_per_second": best_rate, "mean_messages_per_second": messages / elapsed,
        "unmapped": unmapped, "failed": failed,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
