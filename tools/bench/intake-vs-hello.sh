#!/usr/bin/env bash
# Case intake over HTTP next to the ceiling of this box, in one run
# (docs/performance.md, "Intake next to the ceiling"):
#   1. cityops-hello (bare Beast keep-alive "200 hello", the gateway's threading model)
#      under wrk -t2 -c64 -d20s;
#   2. cityopsd on a fresh temp data directory, wrk POSTing realistic reports
#      (tools/bench/intake.lua) with the admin bearer token, every 201 a durable case.
# Prints both req/s and the ratio, and writes a JSON summary. Builds nothing.
#
#   tools/bench/intake-vs-hello.sh BUILD_DIR [--json FILE] [--duration 20s]
#                                  [--connections 64] [--threads 2] [--hello-threads 1]
#
# Fails loudly when the service answers anything but 201 to a report, or when hello answers
# anything but 200.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: $0 BUILD_DIR [--json FILE] [--duration 20s] [--connections 64] [--threads 2] [--hello-threads 1]}"
shift
json_out=""
duration="20s"
connections=64
wrk_threads=2
hello_threads=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --json) json_out="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) wrk_threads="$2"; shift 2 ;;
    --hello-threads) hello_threads="$2"; shift 2 ;;
    *) echo "intake-vs-hello: unknown argument $1" >&2; exit 2 ;;
  esac
done

hello_bin="$build/tools/cityops-hello"
cityopsd_bin="$build/runtime/cityopsd"
for b in "$hello_bin" "$cityopsd_bin"; do
  [[ -x "$b" ]] || { echo "intake-vs-hello: $b is missing (build it first)" >&2; exit 2; }
done
missing=()
for tool in wrk curl jq; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "intake-vs-hello: installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" > /dev/null
fi

work="$(mktemp -d /tmp/cityops-intake-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do
    [[ -n "$p" ]] && kill "$p" 2> /dev/null && wait "$p" 2> /dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME CMD...: runs CMD in the background, waits for its "listening on HOST:PORT" line,
# sets $addr and $pid.
start() {
  local name="$1"
  shift
  "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 1200); do
    if grep -q "^listening on " "$work/$name.out" 2> /dev/null; then
      addr="$(sed -n 's/^listening on //p' "$work/$name.out" | head -1)"
      return 0
    fi
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "intake-vs-hello: $name exited before listening:" >&2
      cat "$work/$name.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "intake-vs-hello: $name did not print 'listening on' within 120 s" >&2
  exit 1
}

stop() {
  kill -TERM "$1"
  wait "$1" || true
}

# run_wrk NAME SCRIPT URL: runs wrk, keeps its output, prints the WRK_JSON summary line.
run_wrk() {
  local name="$1" script="$2" url="$3"
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$script" "$url" \
    > "$work/$name.wrk" 2>&1
  sed -n 's/^WRK_JSON //p' "$work/$name.wrk" | tail -1
}

# ---- 1. the ceiling: cityops-hello ----------------------------------------------------------
start hello "$hello_bin" --listen 127.0.0.1:0 --threads "$hello_threads"
hello_addr="$addr"
hello_pid="$pid"
echo "intake-vs-hello: cityops-hello on $hello_addr ($hello_threads io thread(s)); wrk -t$wrk_threads -c$connections -d$duration" >&2
hello_json="$(run_wrk hello "$here/hello.lua" "http://$hello_addr/")"
stop "$hello_pid"
[[ -n "$hello_json" ]] || { echo "intake-vs-hello: wrk gave no summary for hello:" >&2; cat "$work/hello.wrk" >&2; exit 1; }
hello_rps="$(jq -r .requests_per_s <<< "$hello_json")"
hello_bad="$(jq -r '[.by_status | to_entries[] | select(.key != "200") | .value] | add // 0' <<< "$hello_json")"
hello_sock="$(jq -r '.socket_errors | .connect + .read + .write + .timeout' <<< "$hello_json")"
if [[ "$hello_bad" != "0" || "$hello_sock" != "0" ]]; then
  echo "intake-vs-hello: FAILED: hello answered non-200 ($hello_bad) or socket errors ($hello_sock): $hello_json" >&2
  exit 1
fi

# ---- 2. case intake: cityopsd on a fresh data directory ----------------------------------------
token="bench-intake-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CITYOPS_ADMIN_TOKEN="$token"
start cityopsd "$cityopsd_bin" --listen 127.0.0.1:0 --data "$work/data"
svc_addr="$addr"
svc_pid="$pid"
for _ in $(seq 1 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$svc_addr/readyz")" == "200" ]] && break
  sleep 0.1
done
echo "intake-vs-hello: cityopsd on $svc_addr (data $work/data); wrk -t$wrk_threads -c$connections -d$duration POST /api/v1/cases" >&2
intake_json="$(CITYOPS_BENCH_TOKEN="$token" run_wrk intake "$here/intake.lua" "http://$svc_addr")"
cases_total="$(curl -s "http://$svc_addr/metrics" | awk '$1 == "cityops_cases_total" {print $2}')"
if [[ -z "$intake_json" ]]; then
  echo "intake-vs-hello: wrk gave no summary for intake:" >&2
  cat "$work/intake.wrk" >&2
  exit 1
fi
created="$(jq -r '.by_status["201"] // 0' <<< "$intake_json")"
intake_bad="$(jq -r '[.by_status | to_entries[] | select(.key != "201") | .value] | add // 0' <<< "$intake_json")"
intake_sock="$(jq -r '.socket_errors | .connect + .read + .write + .timeout' <<< "$intake_json")"
if [[ "$intake_bad" != "0" || "$intake_sock" != "0" || "$created" == "0" ]]; then
  echo "intake-vs-hello: FAILED: the service answered $intake_bad non-201 responses and $intake_sock socket errors ($created created): $intake_json" >&2
  echo "intake-vs-hello: one report by hand:" >&2
  curl -s -i -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data '{"source":"hotline","text":"井盖缺失","category":"0101","node":"370602001001"}' \
    "http://$svc_addr/api/v1/cases" >&2 || true
  tail -20 "$work/cityopsd.err" >&2
  exit 1
fi
stop "$svc_pid"
# Every 201 is a stored case (wrk may stop before reading the last answers, so the store can
# hold a few more than wrk counted, never fewer).
if [[ -z "$cases_total" || "$cases_total" -lt "$created" ]]; then
  echo "intake-vs-hello: FAILED: the store counts '${cases_total}' cases, wrk saw $created created" >&2
  exit 1
fi

intake_rps="$(jq -r .requests_per_s <<< "$intake_json")"
ratio="$(awk -v a="$intake_rps" -v b="$hello_rps" 'BEGIN { printf "%.3f", a / b }')"
printf 'hello:  %10.0f req/s  (p50 %s us, p99 %s us)\n' "$hello_rps" \
  "$(jq -r .latency_us.p50 <<< "$hello_json")" "$(jq -r .latency_us.p99 <<< "$hello_json")"
printf 'intake: %10.0f req/s  (p50 %s us, p99 %s us; %s cases created, %s stored)\n' "$intake_rps" \
  "$(jq -r .latency_us.p50 <<< "$intake_json")" "$(jq -r .latency_us.p99 <<< "$intake_json")" \
  "$created" "$cases_total"
printf 'ratio:  %s (intake / hello; target >= 0.5)\n' "$ratio"

summary="$(jq -n --argjson hello "$hello_json" --argjson intake "$intake_json" \
  --arg ratio "$ratio" --arg duration "$duration" --argjson connections "$connections" \
  --argjson threads "$wrk_threads" --argjson hello_threads "$hello_threads" \
  --argjson stored "$cases_total" --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  --argjson cpus "$(nproc)" --arg at "$(date -Iseconds)" \
  '{benchmark: "intake-vs-hello", at: $at, machine: {cpus: $cpus, cpu_model: $cpu},
    wrk: {threads: $threads, connections: $connections, duration: $duration},
    hello: ($hello + {io_threads: $hello_threads}), intake: ($intake + {cases_stored: $stored}),
    ratio: ($ratio | tonumber)}')"
if [[ -n "$json_out" ]]; then
  printf '%s\n' "$summary" > "$json_out"
  echo "intake-vs-hello: summary in $json_out" >&2
fi
