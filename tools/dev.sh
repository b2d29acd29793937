#!/usr/bin/env bash
# The two commands of the README, for a fresh Debian 12 machine:
#   tools/dev.sh run    install packages, build cityopsd (release) and the web app it serves
#                       at / (gateway/web, through CMake's web-app target), start it on the
#                       embedded city
#   tools/dev.sh test   install packages, build (debug), run every test through ctest;
#                       with CITYOPS_SANITIZE=ON the build carries ASan+UBSan (CI runs it so:
#                       one build checks both the suite and memory/UB errors)
#   tools/dev.sh test-sanitize   the same suite built with ASan+UBSan in build-asan
#   tools/dev.sh fuzz [SECONDS]  build the libFuzzer targets with clang (build-fuzz) and run
#                                each on a copy of its seed corpus for SECONDS (default 60)
# Extra arguments after `run` go to cityopsd (e.g. --listen 0.0.0.0:8080); --listen and --data
# default to 127.0.0.1:8080 and ./data, and a --listen/--data given here replaces the default.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
shift || true
jobs=${CITYOPS_JOBS:-$(nproc)}

bash tools/install-deps.sh

configure() {  # configure DIR TYPE [extra cmake args]
  local dir=$1 type=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
}

build() {  # build DIR TYPE [extra cmake args]: configure and build every target
  configure "$@"
  cmake --build "$1" -j "$jobs"
}

has_flag() {  # has_flag NAME ARGS...: whether ARGS contain NAME VALUE or NAME=VALUE
  local name=$1 a
  shift
  for a in "$@"; do
    [ "$a" = "--" ] && return 1
    case "$a" in
      "$name" | "$name"=*) return 0 ;;
    esac
  done
  return 1
}

case "$mode" in
  run)
    configure build-release Release
    cmake --build build-release -j "$jobs" --target cityopsd default-model web-app
    defaults=()
    has_flag --listen "$@" || defaults+=(--listen 127.0.0.1:8080)
    if ! has_flag --data "$@"; then
      mkdir -p data
      defaults+=(--data ./data)
    fi
    exec ./build-release/runtime/cityopsd "${defaults[@]}" "$@"
    ;;
  test)
    if [ "${CITYOPS_SANITIZE:-OFF}" = "ON" ]; then
      build build Debug -DCITYOPS_SANITIZE=ON ${CITYOPS_CMAKE_ARGS:-}
    else
      build build Debug -DCITYOPS_SANITIZE=OFF ${CITYOPS_CMAKE_ARGS:-}
    fi
    cd build
    # Any UBSan report fails its test; ASan (with leak checks) aborts on its own.
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs" \
      --timeout 600
    ;;
  test-sanitize)
    build build-asan Debug -DCITYOPS_SANITIZE=ON
    cd build-asan
    # Any UBSan report fails its test; ASan (with leak checks) aborts on its own.
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs" --timeout 600
    ;;
  fuzz)
    # tests/fuzz/README.md. Each target runs SECONDS on a scratch copy of its corpus
    # (build-fuzz/fuzz-runs/<target>/), two at a time on two cores; a crash, timeout, leak or
    # out-of-memory input fails the mode and its path is printed.
    seconds=${1:-60}
    command -v clang++ >/dev/null || { echo "fuzz: clang++ not found" >&2; exit 1; }
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # -O1 with line tables: instrumented Beast/CAF files compile in a fraction of -O2 -g's time.
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCITYOPS_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only" \
      "${launcher[@]}" >/dev/null
    cmake --build build-fuzz -j "$jobs" --target cityops_fuzz
    declare -A max_len=([http_request]=16384 [case_json]=12288 [open311_form]=16384
                        [config_toml]=16384)
    run_target() {  # run_target NAME: fuzz it; exit status 0 when nothing was found
      local t=$1 dir=build-fuzz/fuzz-runs/$1
      rm -rf "$dir"
      mkdir -p "$dir/corpus" "$dir/artifacts"
      cp tests/fuzz/corpus/"$t"/* "$dir/corpus/"
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "./build-fuzz/tests/fuzz/${t}_fuzz" "$dir/corpus" -max_total_time="$seconds" \
        -max_len="${max_len[$t]}" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1
    }
    targets=(http_request case_json open311_form config_toml)
    parallel=$(( jobs < 2 ? 1 : 2 ))
    failed=0
    for ((i = 0; i < ${#targets[@]}; i += parallel)); do
      pids=()
      for t in "${targets[@]:i:parallel}"; do
        run_target "$t" &
        pids+=("$!:$t")
      done
      for p in "${pids[@]}"; do
        t=${p#*:}
        log=build-fuzz/fuzz-runs/$t/log
        status=0
        wait "${p%%:*}" || status=$?
        execs=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        rate=$(grep -o 'average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        if [ "$status" -eq 0 ]; then
          echo "fuzz: $t ok (${seconds}s, ${execs:-?} inputs, ${rate:-?} exec/s)"
        else
          failed=1
          echo "fuzz: $t FAILED — its log: $log" >&2
          grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
          for a in build-fuzz/fuzz-runs/"$t"/artifacts/*; do
            [ -e "$a" ] && echo "fuzz: $t crashing input: $a" >&2
          done
        fi
      done
    done
    if [ "$failed" -ne 0 ]; then
      echo "fuzz: reproduce with build-fuzz/tests/fuzz/<target>_fuzz <input>; add the input to" \
        "tests/fuzz/corpus/<target>/ as a regression seed once fixed" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: tools/dev.sh run|test|test-sanitize|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
