#!/usr/bin/env bash
# Installs the Debian 12 packages cityops builds with (docs/toolchain.md). Idempotent:
# packages already installed are skipped, and apt is not touched when nothing is missing.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libssl-dev libcaf-dev librocksdb-dev
  libboost1.81-dev libsimdjson-dev catch2 libtomlplusplus-dev libspdlog-dev libfmt-dev
  libcli11-dev libfasttext-dev libopencc-dev
  clang libclang-rt-14-dev  # clang + libFuzzer/ASan runtimes: tools/dev.sh fuzz
  zlib1g-dev                # gzip of the web app's files (gateway/static_files)
  chromium fonts-wqy-microhei)  # browser tests of the web app; a CJK font for its pages
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web app (gateway/web) builds with Node.js and npm. A Node.js that already brings npm
# (e.g. a newer nodejs package that bundles it) is kept: Debian's npm package would not fit it.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
