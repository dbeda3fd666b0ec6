#!/usr/bin/env bash
# Managed-mode compatibility (README.md, Managed mode): the original product's Python SDK (PyPI
# tiktok-live-events 1.2.6, managed mode, its
# endpoint pointed at our relay) receives chat and the other events through `tiktok-live-events serve`, fed by
# `tiktok-live-events sandbox`; a wrong apiKey and an unknown creator reach it as errors.
# The SDK is installed from PyPI into a git-ignored venv and only imported by Scripts/python_sdk_check.py;
# nothing else leaves this machine.
#
# Usage: Scripts/python-sdk-check.sh [--binary PATH] [--seconds N] [--speed X] [-v]
#   --binary defaults to $TIKTOK_LIVE_EVENTS_BIN, else `swift build --product tiktok-live-events` and its output.
# Prints counts per event name, sample lines and one line per check; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-compat/pysdk-venv
sdk_version=1.2.6

binary="${TIKTOK_LIVE_EVENTS_BIN:-}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --binary=*) binary="${1#--binary=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if ! "$venv/bin/python" -c "import tiktok_live_events, sys; sys.exit(tiktok_live_events.__version__ != '$sdk_version')" \
    2>/dev/null; then
  python3 -m venv "$venv"
  # 1.2.6 is yanked on PyPI ("superseded") but installable when pinned exactly; it needs websockets>=12.
  "$venv/bin/pip" install -q --disable-pip-version-check "tiktok-live-events==$sdk_version"
fi

if [ -z "$binary" ]; then
  swift build --product tiktok-live-events
  binary="$(swift build --show-bin-path)/tiktok-live-events"
fi
[ -x "$binary" ] || { echo "python-sdk-check: no executable at $binary" >&2; exit 2; }

exec "$venv/bin/python" Scripts/python_sdk_check.py --binary "$binary" ${args[@]+"${args[@]}"}
