#!/usr/bin/env bash
# A flame graph of cityopsd's intake path: cityopsd on a fresh data directory under the same
# wrk load as intake-vs-hello.sh (tools/bench/intake.lua, -t2 -c64), `perf record` of the
# service for 8 s after 3 s of warm-up, folded into an SVG by the npm package `flamegraph`
# (installed into BUILD_DIR/flamegraph on first use). docs/intake-flamegraph.svg comes from it.
#
#   tools/bench/intake-flamegraph.sh BUILD_DIR OUT.svg
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: $0 BUILD_DIR OUT.svg}"
out="${2:?usage: $0 BUILD_DIR OUT.svg}"
bin="$build/runtime/cityopsd"
[[ -x "$bin" ]] || { echo "intake-flamegraph: $bin is missing (build it first)" >&2; exit 2; }
for tool in perf wrk curl npm; do
  command -v "$tool" > /dev/null || { echo "intake-flamegraph: $tool not found" >&2; exit 2; }
done
fg="$build/flamegraph/node_modules/.bin/flamegraph"
[[ -x "$fg" ]] || npm install --prefix "$build/flamegraph" --no-audit --no-fund flamegraph@1.3.0 > /dev/null

work="$(mktemp -d /tmp/cityops-flame-XXXXXX)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

token="bench-flame-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CITYOPS_ADMIN_TOKEN="$token"
"$bin" --listen 127.0.0.1:0 --data "$work/data" > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 1200); do grep -q "^listening on" "$work/out" 2> /dev/null && break; sleep 0.1; done
addr="$(sed -n 's/^listening on //p' "$work/out" | head -1)"
[[ -n "$addr" ]] || { echo "intake-flamegraph: cityopsd did not start" >&2; cat "$work/err" >&2; exit 1; }
for _ in $(seq 1 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/readyz")" == "200" ]] && break
  sleep 0.1
done
CITYOPS_BENCH_TOKEN="$token" wrk -t2 -c64 -d14s -s "$here/intake.lua" "http://$addr" \
  > "$work/wrk" 2>&1 &
load=$!
sleep 3
perf record -F 499 -g --call-graph dwarf,16384 -p "$pid" -o "$work/perf.data" -- sleep 8 \
  > /dev/null 2>&1
wait "$load"
# Through a file: the flamegraph CLI reads a redirected file but not a pipe.
perf script -i "$work/perf.data" 2> /dev/null > "$work/stacks"
"$fg" -t perf --minwidth 3 --imagewidth 1400 < "$work/stacks" > "$out"
rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk")"
echo "intake-flamegraph: wrote $out (${rps:-?} req/s during the profile)"
