#!/usr/bin/env bash
# Installs the Debian 12 packages cityops builds with (docs/toolchain.md). Idempotent:
# packages already installed are skipped, and apt is not touched when nothing is missing.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libssl-dev libcaf-dev librocksdb-dev
  libboost1.81-dev libsimdjson-dev catch2 libtomlplusplus-dev libspdlog-dev libfmt-dev
  libcli11-dev libfasttext-dev libopencc-dev
  clang libclang-rt-14-dev)  # clang + libFuzzer/ASan runtimes: tools/dev.sh fuzz
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
