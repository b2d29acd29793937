#!/usr/bin/env bash
# The two commands of the README, for a fresh Debian 12 machine:
#   tools/dev.sh run    install packages, build (release), start cityopsd on the embedded city
#   tools/dev.sh test   install packages, build (debug), run every test through ctest
#   tools/dev.sh test-sanitize   the same suite built with ASan+UBSan (CI runs both)
# Extra arguments after `run` go to cityopsd (e.g. --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
shift || true
jobs=${CITYOPS_JOBS:-$(nproc)}

bash tools/install-deps.sh

build() {  # build DIR TYPE [extra cmake args]
  local dir=$1 type=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "$mode" in
  run)
    build build-release Release
    mkdir -p data
    exec ./build-release/runtime/cityopsd --listen 127.0.0.1:8080 --data ./data "$@"
    ;;
  test)
    build build Debug ${CITYOPS_CMAKE_ARGS:-}
    cd build
    ctest --output-on-failure -j "$jobs" --timeout 300
    ;;
  test-sanitize)
    build build-asan Debug -DCITYOPS_SANITIZE=ON
    cd build-asan
    # Any UBSan report fails its test; ASan (with leak checks) aborts on its own.
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs" --timeout 600
    ;;
  *)
    echo "usage: tools/dev.sh run|test|test-sanitize" >&2
    exit 2
    ;;
esac
