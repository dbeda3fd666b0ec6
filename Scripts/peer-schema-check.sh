#!/usr/bin/env bash
# Cross-checks our decoder against an independent, third-party schema (the TikTokLive package's
# TikTokLiveProto, installed from PyPI into a git-ignored venv and used only as an encoder).
# Prints one line per check and `N passed, M failed`; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-compat/venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "TikTokLive==7.0.1"
fi
swift build --product tiktok-live-events
"$venv/bin/python" Scripts/peer-schema-check.py --binary .build/debug/tiktok-live-events "$@"
