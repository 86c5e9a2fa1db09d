#!/usr/bin/env bash
# status --live and verify --live against a real Neo4j: the graph's constraints and indexes
# against the schema of the database's last applied migration, and the graph's migration chain
# against the ledger; each drift (missing, extra, different) is made by hand with Cypher and
# must be named; reading never writes; an unreachable server is a clear failure.
source "$(dirname "$0")/lib.sh"
wipe_graph

repo=$(new_project inspect)
(cd "$repo" && git crochet create-node Person --kgid person_live >/dev/null)
cat >"$repo/models/person.py" <<'PY'
from neomodel import StructuredNode, StringProperty, IntegerProperty


class Person(StructuredNode):
    __kgid__ = "person_live"
    email = StringProperty(unique_index=True)
    age = IntegerProperty(index=True)
PY
(cd "$repo" && git crochet create-migration "people" >/dev/null)
commit_all "$repo" "people"
graph_size() { cypher "MATCH (n) RETURN count(n)"; }

# --- nothing applied: the empty schema, an empty chain ---------------------------------------
run "$repo" verify --live
expect_status 0 "verify --live before any upgrade"
expect_out "PASS  graph schema: 0 constraints and indexes as expected, against no migration applied" "empty schema"
expect_out "PASS  graph migration chain" "empty chain"

run "$repo" upgrade
expect_status 0 "upgrade"

# --- in agreement ----------------------------------------------------------------------------
before=$(graph_size)
run "$repo" verify --live
expect_status 0 "verify --live after upgrade"
expect_out "PASS  graph schema: 2 constraints and indexes as expected, against the schema of" "schema as expected"
expect_out "PASS  graph migration chain: the graph's :__CrochetMigration chain agrees with the ledger: 1 migration" "chain agrees"
run "$repo" status --live
expect_status 0 "status --live"
expect_out "Server: Neo4j 3.1.1 community at $CROCHET_TEST_NEO4J_URI, database neo4j (3.x endpoint)" "server line"
expect_out "Lock: free" "lock free"
expect_out "Graph chain: 1 migration recorded in the graph; head" "graph head"
expect_out "agrees with the ledger" "status chain"
expect_out "Graph schema: as expected (2 matched" "status schema"
expect_eq "$(graph_size)" "$before" "status and verify --live write nothing to the graph"

# --- where there is no ledger (a CI runner, a fresh clone): the graph's own chain decides ----------
git clone -q "$repo" "$work/clone"
run "$work/clone" verify --live
expect_status 0 "verify --live in a clone without a ledger"
expect_out "PASS  graph migration chain: the graph's :__CrochetMigration chain agrees with this checkout's migration files (no ledger here): 1 migration" "chain against the files"
expect_out "PASS  graph schema: 2 constraints and indexes as expected, against the schema of" "schema of the graph's head"
[[ ! -e $work/clone/.crochet/ledger.db ]] || fail "verify --live made a ledger in the clone"

# --- schema drift made by hand -----------------------------------------------------------------
cypher "DROP INDEX ON :Person(age)" >/dev/null
cypher "CREATE INDEX ON :Person(nickname)" >/dev/null
run "$repo" verify --live
expect_status 1 "verify --live with drift"
expect_out "FAIL  graph schema: the graph's constraints and indexes differ from the schema of" "schema fails"
expect_out "1 missing, 1 extra, 0 different" "schema counts"
expect_out "missing: index_Person_age (range_index on :Person(age))" "missing index named"
expect_out "extra: range_index on :Person(nickname): INDEX ON :Person(nickname)" "extra index named"
expect_out "PASS  graph migration chain" "chain still agrees"
run "$repo" verify --live --json
expect_status 1 "verify --live --json"
expect_eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(",".join(c["name"]+"="+c["result"] for c in r["checks"][-2:]))' "$work/out")" \
  "graph schema=FAIL,graph migration chain=PASS" "json checks"
run "$repo" status --live --json
expect_status 0 "status --live --json"
expect_eq "$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["live"]["schema"]; print(len(s["missing"]), len(s["extra"]), s["matched"])' "$work/out")" \
  "1 1 1" "status json drift"
cypher "CREATE INDEX ON :Person(age)" >/dev/null
cypher "DROP INDEX ON :Person(nickname)" >/dev/null
run "$repo" verify --live
expect_status 0 "drift repaired"

# --- chain drift made by hand ------------------------------------------------------------------
head=$(cypher "MATCH (m:__CrochetMigration) RETURN m.revision")
cypher "MATCH (m:__CrochetMigration) SET m.chain_hash = 'sha256:tampered'" >/dev/null
cypher "CREATE (:__CrochetMigration {revision: 'from_elsewhere', parents: ['$head'], state: 'applied', commit_sha: 'feedfacefeedface', branch: 'feature/x', applied_by: 'bob'})" >/dev/null
run "$repo" verify --live
expect_status 1 "verify --live with chain drift"
expect_out "FAIL  graph migration chain: the graph's :__CrochetMigration chain and the ledger disagree: 0 missing, 1 extra, 1 different" "chain counts"
expect_out "extra: from_elsewhere: in the graph (applied, from commit feedfacefeed on feature/x by bob) but not in this ledger" "extra revision"
expect_out "different: $head: chain hash sha256:tampered in the graph" "tampered chain hash"
run "$repo" status --live
expect_out "disagrees with the ledger" "status sees chain drift"
cypher "MATCH (m:__CrochetMigration) DETACH DELETE m" >/dev/null
run "$repo" verify --live
expect_status 1 "mirror removed"
expect_out "missing: $head: applied" "missing mirror entry"

# --- the server cannot be asked ----------------------------------------------------------------
(cd "$repo" && CROCHET_NEO4J_URI=http://127.0.0.1:9 git crochet verify --live) >"$work/out" 2>"$work/err" && status=0 || status=$?
expect_status 1 "verify --live, server down"
expect_out "FAIL  live graph: the server could not be asked" "unreachable check"
expect_out "PASS  migration chain" "offline checks still run"
(cd "$repo" && CROCHET_NEO4J_URI=http://127.0.0.1:9 git crochet status --live) >"$work/out" 2>"$work/err" && status=0 || status=$?
[[ $status -ne 0 ]] || fail "status --live, server down: exit 0"
expect_err "127.0.0.1:9" "status --live names the server"
[[ $(grep -c . "$work/err") -le 3 ]] || fail "status --live, server down: a short error"

# --- lint --live: checked against the version and edition the server reports -------------------
cat >>"$repo/models/person.py" <<'PY'


class Note(StructuredNode):
    __kgid__ = "note_live"
    body = StringProperty(fulltext_index=FulltextIndex())
PY
sed -i 's/^from neomodel import /from neomodel import FulltextIndex, /' "$repo/models/person.py"
(cd "$repo" && git crochet create-migration "notes" >/dev/null)
run "$repo" lint
expect_status 0 "lint against the newest 5.x"
expect_no_out "[unsupported]" "fulltext indexes run on 5.26"
before=$(graph_size)
read -r server_version server_edition < <(cypher "CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition")
run "$repo" lint --live
expect_out "checked against Neo4j $server_version ${server_edition^}:" "lint --live names the server's version and edition"
case $server_version in
3.[0-4].*) # fulltext indexes came with 3.5
  expect_status 1 "lint --live against $server_version"
  expect_out "[unsupported]" "fulltext indexes need 3.5" ;;
*) expect_status 0 "lint --live against $server_version" ;;
esac
expect_eq "$(graph_size)" "$before" "lint --live writes nothing"
run "$repo" lint --live --server-version 5.26.0
expect_failure "lint --live with --server-version"
expect_err "excludes" "--live and --server-version are exclusive"
(cd "$repo" && CROCHET_NEO4J_URI=http://127.0.0.1:9 git crochet lint --live) >"$work/out" 2>"$work/err" && status=0 || status=$?
[[ $status -ne 0 ]] || fail "lint --live, server down: exit 0"
expect_err "127.0.0.1:9" "lint --live names the server it could not reach"

finish "live inspect"
