#!/usr/bin/env bash
# Every figure of docs/performance.md in one run, one benchmark after another (each one owns
# the machine while it runs). Builds nothing: pass a Release build dir with cityopsd,
# cityops-hello, cityops-bench and cityops-load built.
#
#   tools/bench/run-all.sh BUILD_DIR OUT_DIR [SEEDED_1M_DIR]
#
# Without SEEDED_1M_DIR the 1,000,000-case directory is seeded into OUT_DIR/1m first (about
# 7 minutes on 2 cores). Writes OUT_DIR/*.json and *.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${1:?usage: $0 BUILD_DIR OUT_DIR [SEEDED_1M_DIR]}" && pwd)"
out="${2:?usage: $0 BUILD_DIR OUT_DIR [SEEDED_1M_DIR]}"
seeded="${3:-}"
mkdir -p "$out"
bench="$build/tools/cityops-bench"
load="$build/tools/cityops-load"
token="bench-admin-token-0123456789abcdef"

# 1. Intake next to the bare Beast ceiling (wrk, same run).
"$here/intake-vs-hello.sh" "$build" --json "$out/intake-vs-hello.json" | tee "$out/intake-vs-hello.txt"

# 2. cityops-load against one service: closed-loop peak, open loop at half of it, a x16 surge.
data="$(mktemp -d /tmp/cityops-bench-load.XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
CITYOPS_ADMIN_TOKEN="$token" "$build/runtime/cityopsd" --listen 127.0.0.1:0 --data "$data/data" \
  >"$data/out" 2>/dev/null &
pid=$!
for _ in $(seq 300); do grep -q "listening on" "$data/out" 2>/dev/null && break; sleep 0.1; done
addr="$(sed -n 's/^listening on //p' "$data/out")"
"$load" --target "$addr" --token "$token" --mode closed --connections 64 --duration 20 --warmup 3 \
  --quiet --out "$out/load-closed.json" | tee "$out/load-closed.txt"
peak="$(grep -o '"achieved_rps":[0-9.]*' "$out/load-closed.json" | head -1 | cut -d: -f2)"
half="$(awk -v p="$peak" 'BEGIN { printf "%d", p / 2 }')"
"$load" --target "$addr" --token "$token" --mode open --rate "$half" --connections 64 \
  --duration 20 --warmup 3 --quiet --out "$out/load-open-half.json" | tee "$out/load-open-half.txt"
base="$(awk -v p="$peak" 'BEGIN { printf "%d", p / 20 }')"
"$load" --target "$addr" --token "$token" --mode open --profile surge --rate "$base" \
  --surge-factor 16 --connections 128 --duration 30 --read-ratio 0.1 --quiet \
  --out "$out/load-surge.json" | tee "$out/load-surge.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true

# 3. CAF message rate, durable appends, memory per case, intake intelligence.
"$bench" caf-messages --json "$out/caf-messages.json" | tee "$out/caf-messages.txt"
mkdir -p "$data/append"
"$bench" store-append --dir "$data/append" --json "$out/store-append.json" | tee "$out/store-append.txt"
"$bench" case-memory --cases 20000 --idle 10 --json "$out/case-memory.json" | tee "$out/case-memory.txt"
# Intake intelligence per report over 1,000,000 cases in memory (the classifier model is
# trained into $CITYOPS_MODEL_CACHE or /tmp/cityops-model-cache on the first run).
"$bench" intake-intel --json "$out/intake-intel.json" | tee "$out/intake-intel.txt"

# 4. Start to ready with 1,000,000 stored cases.
if [[ -z "$seeded" ]]; then
  seeded="$out/1m"
  "$bench" seed --data "$seeded" --cases 1000000 --json "$out/seed-1m.json" | tee "$out/seed-1m.txt"
fi
"$bench" start-ready --data "$seeded" --cityopsd "$build/runtime/cityopsd" --runs 5 --idle 10 \
  --json "$out/start-ready-1m.json" | tee "$out/start-ready-1m.txt"
