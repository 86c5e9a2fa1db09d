#!/usr/bin/env bash
# Installs everything git-crochet needs to build, test and run its demo on Debian 12.
# Only Debian packages: no downloads at build or run time.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libgit2-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang clang-format-14 libclang-rt-14-dev
  python3 hyperfine sqlite3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
