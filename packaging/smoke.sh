#!/usr/bin/env bash
# Smoke test of a built bundle as a fresh user would meet it: from an empty folder, with a temporary HOME,
# under `env -i` (no variables from this shell). Runs --version, --self-test (which picks Qt's offscreen
# platform itself), creates the demo project and times the start of the window on it (offscreen).
# Usage: packaging/smoke.sh [path/to/annotator]   (default: dist/annotator/annotator). Exits 1 on failure.
set -euo pipefail
app=$(realpath -m "${1:-dist/annotator/annotator}")
if [[ ! -x $app ]]; then
  echo "smoke: no executable at $app (build it with packaging/build.sh)" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
clean() { env -i HOME="$scratch" PATH=/usr/bin:/bin "$@"; }
fail() { echo "smoke: $*" >&2; exit 1; }
seconds_since() { awk -v now="$(date +%s.%N)" -v then="$1" 'BEGIN { printf "%.1f", now - then }'; }

clean timeout 60 "$app" --version || fail "--version failed"
started=$(date +%s.%N)
clean timeout 180 "$app" --self-test || fail "the bundle's --self-test failed (its reason is above)"
echo "self-test: $(seconds_since "$started") s wall clock"
clean timeout 180 "$app" demo --no-gui "$scratch/demo.annotator" >/dev/null || fail "'demo --no-gui' failed"
started=$(date +%s.%N)
shown=$(clean QT_QPA_PLATFORM=offscreen ANNOTATOR_STARTUP_CLOCK="$started" \
  timeout 120 "$app" open "$scratch/demo.annotator" 2>"$scratch/open.err") \
  || { cat "$scratch/open.err" >&2; fail "the window did not start"; }
[[ $shown == "window usable "* ]] || { cat "$scratch/open.err" >&2; fail "the window never reported itself shown"; }
echo "start: $shown (offscreen, demo project); process ended after $(seconds_since "$started") s"
