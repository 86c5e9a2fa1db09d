#!/usr/bin/env bash
# Live upgrade and downgrade against a real Neo4j: the graph's constraints, indexes, data and
# migration mirror are queried back after each step; failures, kill -9, concurrent runs, locks
# and refusals leave the ledger and the graph saying exactly what was applied.
source "$(dirname "$0")/lib.sh"
wipe_graph

repo=$(new_project shop)
migration "$repo" 0001_people.toml m0001 "" <<'TOML'
[[upgrade]]
op = "add_unique_constraint"
name = "constraint_unique_Person_email"
label = "Person"
property = "email"
[[upgrade]]
op = "add_index"
name = "index_Person_name"
label = "Person"
property = "name"
[[downgrade]]
op = "drop_index"
name = "index_Person_name"
label = "Person"
property = "name"
[[downgrade]]
op = "drop_unique_constraint"
name = "constraint_unique_Person_email"
label = "Person"
property = "email"
TOML
migration "$repo" 0002_seed.toml m0002 m0001 <<'TOML'
[[upgrade]]
op = "create_nodes"
batch = "seed"
labels = ["Person"]
rows = [{ email = "ada@example.com", name = "Ada" }, { email = "alan@example.com", name = "Alan" }]
[[upgrade]]
op = "add_node_property"
label = "Person"
property = "active"
value = true
[[downgrade]]
op = "remove_node_property"
label = "Person"
property = "active"
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "seed"
labels = ["Person"]
TOML
migration "$repo" 0003_company.toml m0003 m0002 <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_Company_name"
label = "Company"
property = "name"
[[downgrade]]
op = "drop_index"
name = "index_Company_name"
label = "Company"
property = "name"
TOML
commit_all "$repo" "three migrations"

# The graph's schema without the lock's own constraint.
constraints() { cypher "CALL db.constraints() YIELD description RETURN description" | grep -v __Crochet | sort | tr '\n' '|'; }
mirror() { cypher "MATCH (m:__CrochetMigration) RETURN m.revision + ':' + m.state ORDER BY m.revision" | tr '\n' ' '; }

# --- upgrade, downgrade to a target, upgrade again -------------------------------------------
run "$repo" upgrade
expect_status 0 "upgrade to head"
expect_out "applied 3 migrations" "upgrade summary"
expect_eq "$(constraints)" "CONSTRAINT ON ( person:Person ) ASSERT person.email IS UNIQUE|" "constraint after upgrade"
expect_eq "$(indexes)" "INDEX ON :Company(name)|INDEX ON :Person(email)|INDEX ON :Person(name)|" "indexes after upgrade"
expect_eq "$(cypher "MATCH (p:Person {active: true}) RETURN count(p)")" "2" "seeded people"
expect_eq "$(mirror)" "m0001:applied m0002:applied m0003:applied " "mirror after upgrade"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" 'select count(*) from applied_migrations')" "3" "ledger rows"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" 'select commit_sha from applied_migrations limit 1')" \
  "$(cd "$repo" && git rev-parse HEAD)" "ledger records the commit"

run "$repo" upgrade
expect_status 0 "second upgrade"
expect_out "already up to date" "nothing twice"

run "$repo" downgrade --target m0001
expect_status 0 "downgrade to m0001"
expect_out "reverted 2 migrations" "downgrade summary"
expect_eq "$(indexes)" "INDEX ON :Person(email)|INDEX ON :Person(name)|" "indexes after downgrade"
expect_eq "$(cypher "MATCH (p:Person) RETURN count(p)")" "0" "seeded people removed"
expect_eq "$(mirror)" "m0001:applied " "mirror after downgrade"

run "$repo" upgrade
expect_status 0 "upgrade again"
expect_eq "$(cypher "MATCH (p:Person {active: true}) RETURN count(p)")" "2" "people back"
expect_eq "$(mirror)" "m0001:applied m0002:applied m0003:applied " "mirror after re-upgrade"

# --- a constraint violation in step 3 of 5, then a rerun after fixing the data -------------------
cypher "CREATE (:Person {email: 'grace@example.com', name: 'by hand'})" >/dev/null
migration "$repo" 0004_more.toml m0004 m0003 <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_Person_age"
label = "Person"
property = "age"
[[upgrade]]
op = "add_index"
name = "index_Person_city"
label = "Person"
property = "city"
[[upgrade]]
op = "create_nodes"
batch = "more"
labels = ["Person"]
rows = [{ email = "grace@example.com", name = "Grace" }]
[[upgrade]]
op = "add_index"
name = "index_Person_team"
label = "Person"
property = "team"
[[upgrade]]
op = "add_node_property"
label = "Person"
property = "team"
value = "core"
[[downgrade]]
op = "remove_node_property"
label = "Person"
property = "team"
[[downgrade]]
op = "drop_index"
name = "index_Person_team"
label = "Person"
property = "team"
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "more"
labels = ["Person"]
[[downgrade]]
op = "drop_index"
name = "index_Person_city"
label = "Person"
property = "city"
[[downgrade]]
op = "drop_index"
name = "index_Person_age"
label = "Person"
property = "age"
TOML
commit_all "$repo" "step 3 will fail"
run "$repo" upgrade
expect_status 1 "constraint violation fails the upgrade"
expect_err "0004_more.toml" "the error names the migration"
expect_err "step 3" "the error names the step"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'm0004'}) RETURN m.state + ':' + toString(m.steps_done)")" \
  "failed:2" "mirror says two steps are done"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" "select step || ':' || state from run_steps where revision = 'm0004' order by step" | tr '\n' ' ')" \
  "0:done 1:done 2:failed " "ledger says which steps are done"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" "select count(*) from applied_migrations where revision = 'm0004'")" \
  "0" "m0004 is not recorded as applied"
expect_eq "$(cypher "MATCH (p:Person {name: 'Grace'}) RETURN count(p)")" "0" "nothing of step 3 committed"

# A downgrade now would revert m0003 under the half-applied m0004.
run "$repo" downgrade
expect_status 1 "downgrade under an interrupted upgrade"
expect_err "0004_more.toml was interrupted after step 2 of 5: a downgrade now would revert" \
  "downgrade names the interrupted upgrade"
expect_err "git crochet upgrade\` (it resumes at step 3)" "downgrade says how to finish it"
expect_eq "$(mirror)" "m0001:applied m0002:applied m0003:applied m0004:failed " \
  "the refused downgrade reverted nothing"
# The rerun resumes by step number: a file whose first two steps changed is refused.
python3 - "$repo/migrations/0004_more.toml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
step = '[[upgrade]]\nop = "cypher"\nstatement = "CREATE (:Inserted)"\n'
open(path, "w").write(text.replace("[[upgrade]]", step + "[[upgrade]]", 1))
PY
run "$repo" upgrade
expect_status 1 "resuming an edited migration"
expect_err "steps 1 to 2 are no longer the ones that ran; resuming at step 3 would skip or repeat work" \
  "an edit before the resume point is refused"
expect_eq "$(cypher "MATCH (i:Inserted) RETURN count(i)")" "0" "nothing of the edited file ran"
git -C "$repo" checkout -q -- migrations/0004_more.toml

cypher "MATCH (p:Person {name: 'by hand'}) DELETE p" >/dev/null
run "$repo" upgrade
expect_status 0 "rerun after fixing the data"
expect_out "resuming at step 3" "the rerun resumes at the failed step"
expect_eq "$(cypher "MATCH (p:Person {team: 'core'}) RETURN count(p)")" "3" "the migration completed"
expect_eq "$(mirror)" "m0001:applied m0002:applied m0003:applied m0004:applied " "mirror complete"
# An applied file edited afterwards: its edit is not applied, and upgrade says so.
cp "$repo/migrations/0002_seed.toml" "$work/seed.toml"
echo "# edited after it was applied" >>"$repo/migrations/0002_seed.toml"
run "$repo" upgrade
expect_status 0 "upgrade with an edited applied file"
expect_err "warning: migrations/0002_seed.toml changed since applied; an upgrade does not apply edits" \
  "upgrade names the edited applied file"
cp "$work/seed.toml" "$repo/migrations/0002_seed.toml"

# --- refusals before anything runs -----------------------------------------------------------
migration "$repo" 0005_exists.toml m0005 m0004 <<'TOML'
[[upgrade]]
op = "add_existence_constraint"
name = "constraint_exists_Person_email"
label = "Person"
property = "email"
[[downgrade]]
op = "drop_existence_constraint"
name = "constraint_exists_Person_email"
label = "Person"
property = "email"
TOML
commit_all "$repo" "enterprise only"
run "$repo" upgrade
expect_status 1 "enterprise-only step refused"
expect_err "nothing was run" "refused up front"
expect_err "0005_exists.toml step 1 (add_existence_constraint)" "names the step"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'm0005'}) RETURN count(m)")" "0" "no mirror entry"
(cd "$repo" && git rm -q migrations/0005_exists.toml && git commit -q -m "drop it")

migration "$repo" 0005_unsafe.toml m0005u m0004 false <<'TOML'
[[upgrade]]
op = "remove_node_property"
label = "Person"
property = "active"
[[downgrade]]
op = "add_node_property"
label = "Person"
property = "active"
TOML
commit_all "$repo" "unsafe"
run "$repo" upgrade
expect_status 0 "unsafe migration applies"
run "$repo" downgrade
expect_status 1 "rollback_safe = false refused"
expect_err "0005_unsafe.toml is rollback_safe = false" "names the migration"
expect_err "restore the database from a backup taken before it was applied" "the way back it leaves"
expect_no_err "lint --dialect" "no server hint for a refusal the server has no part in"
expect_eq "$(mirror)" "m0001:applied m0002:applied m0003:applied m0004:applied m0005u:applied " "nothing reverted"

CROCHET_NEO4J_DATABASE=nope run "$repo" upgrade
expect_status 1 "unknown database"
expect_err "there is no database 'nope'" "names the database"

# --- the lock: held, stale, forced -----------------------------------------------------------
cypher "MERGE (l:__CrochetLock {name: 'migrations'}) SET l.owner = 'ghost', l.expires_at = timestamp() + 600000" >/dev/null
run "$repo" upgrade
expect_status 1 "a held lock refuses"
expect_err "another migration run holds the lock: ghost" "names the holder"
run "$repo" unlock
expect_status 1 "unlock without --force only reports"
expect_out "held by ghost" "unlock names the holder"
run "$repo" unlock --force
expect_status 0 "unlock --force"
expect_out "removed the lock held by ghost" "forced"
cypher "MATCH (l:__CrochetLock) SET l.owner = 'stale', l.expires_at = timestamp() - 1" >/dev/null
run "$repo" upgrade
expect_status 0 "a stale lock is taken over"
expect_out "already up to date" "after taking the stale lock"

# --- a step that outlasts the lease keeps the lock -------------------------------------------
# Another transaction holds the node the step writes, so the step waits on it, three times as
# long as its 2 s lease; the lease is renewed meanwhile, so no other run may take the lock.
repo4=$(new_project patient)
migration "$repo4" 0001_touch.toml p0001 "" <<'TOML'
[[upgrade]]
op = "cypher"
statement = "MATCH (h:Held {id: 1}) SET h.touched = true"
[[downgrade]]
op = "cypher"
statement = "MATCH (h:Held {id: 1}) REMOVE h.touched"
TOML
commit_all "$repo4" "a step that waits"
cypher "CREATE (:Held {id: 1})" >/dev/null
held=$(open_transaction "MATCH (h:Held {id: 1}) SET h.held = true")
(cd "$repo4" && exec git-crochet upgrade --lease 2 >"$work/patient.out" 2>&1) &
patient=$!
sleep 6
expect_eq "$(cypher "MATCH (l:__CrochetLock) RETURN l.expires_at > timestamp()")" "true" \
  "the lease is still running while the step waits"
run "$repo" upgrade
expect_status 1 "another run is refused while the long step holds the lock"
expect_err "another migration run holds the lock" "names the lock"
commit_transaction "$held"
wait $patient || fail "the patient upgrade failed: $(cat "$work/patient.out")"
expect_eq "$(cypher "MATCH (h:Held {id: 1}) RETURN h.touched")" "true" "the step ran once the node was free"
expect_eq "$(cypher "MATCH (l:__CrochetLock) RETURN l.owner IS NULL")" "true" "the lock is released"

# --- two concurrent upgrades never apply a migration twice ----------------------------------
wipe_graph # a new project: a database of its own
repo2=$(new_project twins)
migration "$repo2" 0001_load.toml t0001 "" <<'TOML'
[[upgrade]]
op = "cypher"
statement = "UNWIND range(1, 500) AS i CREATE (:Twin {i: i})"
[[downgrade]]
op = "cypher"
statement = "MATCH (t:Twin) DELETE t"
TOML
commit_all "$repo2" "twins"
(cd "$repo2" && git crochet upgrade --wait 60 >"$work/a.out" 2>&1) &
first=$!
(cd "$repo2" && git crochet upgrade --wait 60 >"$work/b.out" 2>&1) &
second=$!
wait $first || fail "first concurrent upgrade: $(cat "$work/a.out")"
wait $second || fail "second concurrent upgrade: $(cat "$work/b.out")"
expect_eq "$(cypher "MATCH (t:Twin) RETURN count(t)")" "500" "applied exactly once"
expect_eq "$(cat "$work/a.out" "$work/b.out" | grep -c 'applied 1 migration')" "1" "one run applied it"

# --- kill -9 in the middle of a load, then rerun ---------------------------------------------
wipe_graph
repo3=$(new_project killed)
mkdir -p "$repo3/data"
python3 -c "
print('id,name')
for i in range(60000): print(f'{i},n{i}')" >"$repo3/data/rows.csv"
sum=$(sha256sum "$repo3/data/rows.csv" | cut -d' ' -f1)
migration "$repo3" 0001_rows.toml k0001 "" <<TOML
[[upgrade]]
op = "create_nodes"
batch = "rows"
labels = ["Row"]
source = { path = "data/rows.csv", sha256 = "sha256:$sum" }
columns = { id = "integer" }
rows_per_transaction = 1000
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "rows"
labels = ["Row"]
TOML
commit_all "$repo3" "rows"
# git-crochet itself, not git: killing git would leave the subcommand running.
(cd "$repo3" && exec git-crochet upgrade --lease 3 >"$work/k.out" 2>&1) &
victim=$!
for _ in $(seq 1 600); do
  loaded=$(cypher "MATCH (b:__CrochetBatch {id: 'rows'}) RETURN b.rows" || true)
  [[ -n $loaded && $loaded -ge 5000 ]] && break
  sleep 0.1
done
kill -9 $victim
wait $victim 2>/dev/null || true
partial=$(cypher "MATCH (r:Row) RETURN count(r)")
[[ $partial -gt 0 && $partial -lt 60000 ]] || fail "the kill landed mid-load (rows: $partial)"
run "$repo3" upgrade --wait 30
expect_status 0 "rerun after kill -9"
expect_eq "$(cypher "MATCH (r:Row) RETURN count(r)")" "60000" "exact count after resume"
expect_eq "$(cypher "MATCH (r:Row) WITH r.id AS id, count(*) AS c WHERE c > 1 RETURN count(id)")" "0" "no duplicates"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'k0001'}) RETURN m.state")" "applied" "mirror consistent"
run "$repo3" downgrade
expect_status 0 "downgrade the load"
expect_eq "$(cypher "MATCH (r:Row) RETURN count(r)")" "0" "batch removed"

# --- a bad row in the third migration's file stops the run before the first is applied -------
repo5=$(new_project baddata)
mkdir -p "$repo5/data"
migration "$repo5" 0001_seed.toml b0001 "" <<'TOML'
[[upgrade]]
op = "create_nodes"
batch = "bad_seed"
labels = ["BadDataSeed"]
rows = [{ id = 1 }]
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "bad_seed"
labels = ["BadDataSeed"]
TOML
migration "$repo5" 0002_index.toml b0002 b0001 <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_BadDataRow_id"
label = "BadDataRow"
property = "id"
[[downgrade]]
op = "drop_index"
name = "index_BadDataRow_id"
label = "BadDataRow"
property = "id"
TOML
python3 -c "
print('id,name')
for i in range(2000): print(f'{i},n{i}')
print('oops,late')" >"$repo5/data/rows.csv"
rows_migration() {
  migration "$repo5" 0003_rows.toml b0003 b0002 <<TOML
[[upgrade]]
op = "create_nodes"
batch = "bad_rows"
labels = ["BadDataRow"]
source = { path = "data/rows.csv", sha256 = "sha256:$(sha256sum "$repo5/data/rows.csv" | cut -d' ' -f1)" }
columns = { id = "integer" }
rows_per_transaction = 500
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "bad_rows"
labels = ["BadDataRow"]
TOML
}
rows_migration
commit_all "$repo5" "a load whose last row is bad"
run "$repo5" upgrade
expect_status 1 "a bad row stops the upgrade before it starts"
expect_err "nothing was run: 1 problem found before starting" "refused up front"
expect_err "migrations/0003_rows.toml step 1 (create_nodes): data/rows.csv:2002: column 'id': 'oops' is not an integer" \
  "names the migration, the step, the file and the line"
expect_eq "$(cypher "MATCH (n) WHERE n:BadDataSeed OR n:BadDataRow RETURN count(n)")" "0" "no data written"
expect_eq "$(cypher "MATCH (n) WHERE (n:__CrochetMigration AND n.revision STARTS WITH 'b000') OR (n:__CrochetBatch AND n.id STARTS WITH 'bad_') RETURN count(n)")" \
  "0" "no mirror or batch node written"
expect_eq "$(indexes | grep -c BadDataRow || true)" "0" "no index made"
expect_eq "$(sqlite3 "$repo5/.crochet/ledger.db" 'select count(*) from applied_migrations')" "0" "nothing recorded as applied"
run "$repo5" upgrade --dry-run --live
expect_status 1 "the live dry run refuses the same way"
expect_err "data/rows.csv:2002: column 'id': 'oops' is not an integer" "the live dry run names the row"
sed -i '$d' "$repo5/data/rows.csv"
rows_migration
commit_all "$repo5" "the bad row removed"
run "$repo5" upgrade --dry-run --live
expect_status 0 "live dry run with good data"
expect_out "data/rows.csv: 2000 rows, valid" "the live dry run reports the check"
run "$repo5" upgrade
expect_status 0 "upgrade once the data is good"
expect_eq "$(cypher "MATCH (n:BadDataRow) RETURN count(n)")" "2000" "all rows loaded"

# --- a graph without the ledger's migrations (another database, or a reset one) -------------------
repo4=$(new_project reset)
migration "$repo4" 0001_marker.toml z0001 "" <<'TOML'
[[upgrade]]
op = "cypher"
statement = "CREATE (:ResetMarker)"
[[downgrade]]
op = "cypher"
statement = "MATCH (r:ResetMarker) DELETE r"
TOML
commit_all "$repo4" "marker"
run "$repo4" upgrade
expect_status 0 "upgrade the marker"
cypher "MATCH (n) WHERE n:ResetMarker OR (n:__CrochetMigration AND n.revision = 'z0001') DETACH DELETE n" >/dev/null
ledger4="$repo4/.crochet/ledger.db"
ledger_state4() { sqlite3 "$ledger4" "SELECT (SELECT group_concat(revision) FROM applied_migrations) || ' ' || (SELECT count(*) FROM events)"; }
before=$(ledger_state4)
run "$repo4" upgrade
expect_status 1 "upgrade against a reset graph refuses"
expect_err "the graph at $CROCHET_NEO4J_URI (database neo4j) has no record of 1 migration the ledger records as run (migrations/0001_marker.toml). Nothing was run" \
  "a graph without the ledger's migrations is named"
expect_err "move the ledger .crochet/ledger.db aside and run the command again" "the way forward is named"
expect_no_out "already up to date" "a reset graph is not reported up to date"
expect_eq "$(cypher "MATCH (n:ResetMarker) RETURN count(n)")" "0" "nothing ran"
expect_eq "$(cypher "MATCH (n:__CrochetMigration {revision: 'z0001'}) RETURN count(n)")" "0" "no mirror node"
expect_eq "$(cypher "MATCH (l:__CrochetLock) WHERE l.owner IS NOT NULL RETURN count(l)")" "0" "the lock is released"
expect_eq "$(ledger_state4)" "$before" "the ledger is unchanged"
run "$repo4" downgrade
expect_status 1 "downgrade against a reset graph refuses"
expect_err "has no record of 1 migration the ledger records as run" "downgrade names it too"
expect_eq "$(ledger_state4)" "$before" "the downgrade left the ledger unchanged"
mv "$ledger4" "$work/ledger4-old.db"
run "$repo4" upgrade
expect_status 0 "a new ledger upgrades the reset graph"
expect_out "applying migrations/0001_marker.toml" "the migration runs again"
expect_eq "$(cypher "MATCH (n:ResetMarker) RETURN count(n)")" "1" "the reset graph has it again"

# --- migrations applied from another branch: reverted here, their files read from git ----------
wipe_graph # other projects' migrations in the graph would join this ledger through the mirror
repo5=$(new_project branches)
# marker_migration REPO FILE REVISION PARENT LABEL [ROLLBACK_SAFE]: creates one :LABEL node.
marker_migration() {
  migration "$1" "$2" "$3" "$4" "${6:-true}" <<TOML
[[upgrade]]
op = "cypher"
statement = "CREATE (:$5)"
[[downgrade]]
op = "cypher"
statement = "MATCH (n:$5) DELETE n"
TOML
}
count_of() { cypher "MATCH (n:$1) RETURN count(n)"; }
graph_state() { echo "$(count_of Base)/$(count_of Side)/$(count_of Main) $(mirror)"; }
ledger5="$repo5/.crochet/ledger.db"
ledger_rows() { sqlite3 "$ledger5" "SELECT group_concat(revision, ' ') FROM (SELECT revision FROM applied_migrations ORDER BY seq)"; }
marker_migration "$repo5" 0001_base.toml b0001 "" Base
commit_all "$repo5" "base"
(cd "$repo5" && git checkout -q -b side)
marker_migration "$repo5" 0002_side.toml b0002s b0001 Side
commit_all "$repo5" "side"
c_side=$(cd "$repo5" && git rev-parse HEAD)
run "$repo5" upgrade
expect_status 0 "upgrade on the side branch"
(cd "$repo5" && git checkout -q main)
marker_migration "$repo5" 0002_main.toml b0002m b0001 Main
commit_all "$repo5" "main"
run "$repo5" upgrade
expect_status 0 "upgrade on main, on top of the side branch's migration"
before="1/1/1 b0001:applied b0002m:applied b0002s:applied "
expect_eq "$(graph_state)" "$before" "both branches' migrations applied"
expect_eq "$(ledger_rows)" "b0001 b0002s b0002m" "ledger before the downgrade"
events_before=$(sqlite3 "$ledger5" "SELECT count(*) FROM events")

# Refused, with nothing changed, when the file at that commit is not the one applied...
sha_side=$(sqlite3 "$ledger5" "SELECT file_sha256 FROM applied_migrations WHERE revision = 'b0002s'")
sqlite3 "$ledger5" "UPDATE applied_migrations SET file_sha256 = '$hash' WHERE revision = 'b0002s'"
run "$repo5" downgrade --target b0001
expect_status 1 "downgrade of a foreign migration whose bytes differ"
expect_err "migrations/0002_side.toml (b0002s) at commit ${c_side:0:12} (branch side) is not the file that was applied (its SHA-256 differs from the ledger's)" \
  "names the file, revision and commit whose bytes differ"
expect_err "Nothing was run" "bytes differ: nothing run"
expect_eq "$(graph_state)" "$before" "bytes differ: graph unchanged"
expect_eq "$(ledger_rows)" "b0001 b0002s b0002m" "bytes differ: ledger unchanged"
sqlite3 "$ledger5" "UPDATE applied_migrations SET file_sha256 = '$sha_side' WHERE revision = 'b0002s'"

# ... and when the commit that applied it is gone, and so is its branch.
sqlite3 "$ledger5" "UPDATE applied_migrations SET commit_sha = '$(printf 'd%.0s' {1..40})', branch = 'side-gone' WHERE revision = 'b0002s'"
run "$repo5" downgrade --target b0001
expect_status 1 "downgrade of a foreign migration whose commit is gone"
expect_err "migrations/0002_side.toml (b0002s) was applied from commit dddddddddddd (branch side-gone), which this repository no longer has" \
  "names the file, revision and missing commit"
expect_eq "$(graph_state)" "$before" "commit gone: graph unchanged"
expect_eq "$(ledger_rows)" "b0001 b0002s b0002m" "commit gone: ledger unchanged"
# The file is read before the lock is taken: held by another run, the lock is not what is said,
# and it is left as it was.
cypher "MERGE (l:__CrochetLock {name: 'migrations'}) SET l.owner = 'ghost', l.expires_at = timestamp() + 600000" >/dev/null
run "$repo5" downgrade --target b0001
expect_status 1 "downgrade of a foreign migration whose commit is gone, the lock held by another"
expect_err "which this repository no longer has" "the unreadable file is named before the lock is tried"
expect_no_err "ghost" "the other run's lock is not what stops it"
expect_eq "$(cypher "MATCH (l:__CrochetLock) RETURN l.owner")" "ghost" "the other run's lock is left alone"
cypher "MATCH (l:__CrochetLock) REMOVE l.owner, l.expires_at" >/dev/null
expect_eq "$(sqlite3 "$ledger5" "SELECT count(*) FROM events")" "$events_before" "refusals log no downgrade"
# As after a rebase of side: its commit stays gone, but the branch has the file as applied, so
# the downgrade below reads it from there.
sqlite3 "$ledger5" "UPDATE applied_migrations SET branch = 'side' WHERE revision = 'b0002s'"

# What status suggests is what works: downgrade here, then upgrade.
run "$repo5" status
expect_out "to revert it here, run \`git crochet downgrade --target b0001\` (0001_base; it reads the other branch's files from git), then \`git crochet upgrade\`" \
  "status suggests the downgrade here"
run "$repo5" downgrade --target b0001
expect_status 0 "downgrade reverts the side branch's migration from git"
expect_out "reverting migrations/0002_main.toml" "main's own migration reverted first"
expect_out "reverting migrations/0002_side.toml (from another branch, read from git)" \
  "the side branch's migration reverted from git"
expect_out "reverted 2 migrations" "foreign downgrade summary"
expect_eq "$(graph_state)" "1/0/0 b0001:applied " "graph after reverting both"
expect_eq "$(ledger_rows)" "b0001" "ledger after reverting both"
expect_eq "$(sqlite3 "$ledger5" "SELECT group_concat(revision, ' ') FROM (SELECT revision FROM events WHERE kind = 'downgrade' ORDER BY id)")" \
  "b0002m b0002s" "downgrade events, newest first"
run "$repo5" upgrade
expect_status 0 "upgrade after the downgrade"
expect_eq "$(graph_state)" "1/0/1 b0001:applied b0002m:applied " "main's line only"
run "$repo5" status
expect_out "Database: at head" "status at head after downgrade and upgrade"

# A rollback_safe = false migration from another branch is refused as a local one is.
(cd "$repo5" && git checkout -q -b unsafe main~1)
marker_migration "$repo5" 0002_unsafe.toml b0002u b0001 Side false
commit_all "$repo5" "unsafe"
run "$repo5" upgrade
expect_status 0 "upgrade on the unsafe branch"
(cd "$repo5" && git checkout -q main)
run "$repo5" status
# The unsafe branch's migration was applied last: the hint's downgrade is `--steps 1`.
expect_out "\`git crochet downgrade --steps 1\` would refuse: 0002_unsafe is rollback_safe = false" \
  "status names the unsafe foreign migration"
run "$repo5" downgrade --target b0001
expect_status 1 "unsafe foreign migration refused"
expect_err "0002_unsafe.toml is rollback_safe = false" "names the unsafe foreign migration"
expect_eq "$(graph_state)" "1/1/1 b0001:applied b0002m:applied b0002u:applied " "unsafe: nothing reverted"

# --- duplicate values stop a unique constraint: the hint lists them, the rerun resumes ---------
wipe_graph
repo6=$(new_project dupes)
migration "$repo6" 0001_members.toml d0001 "" <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_Member_name"
label = "Member"
property = "name"
[[upgrade]]
op = "add_unique_constraint"
name = "constraint_unique_Member_email"
label = "Member"
property = "email"
[[downgrade]]
op = "drop_unique_constraint"
name = "constraint_unique_Member_email"
label = "Member"
property = "email"
[[downgrade]]
op = "drop_index"
name = "index_Member_name"
label = "Member"
property = "name"
TOML
commit_all "$repo6" "email becomes unique"
# Two members share an address; two have none, which a uniqueness constraint allows.
cypher "CREATE (:Member {name: 'a', email: 'dup@example.com'}), (:Member {name: 'b', email: 'dup@example.com'}),
  (:Member {name: 'c', email: 'c@example.com'}), (:Member {name: 'd'}), (:Member {name: 'e'})" >/dev/null
ledger6="$repo6/.crochet/ledger.db"
run "$repo6" upgrade
expect_status 1 "duplicate values fail the constraint step"
expect_err "migrations/0001_members.toml step 2 (add_unique_constraint)" "the error names the step"
expect_err "  Multiple nodes with label \`Member\` have property \`email\` = 'dup@example.com':" \
  "the error keeps the server's line naming the duplicated value"
expect_err "hint: nodes labelled \`Member\` share values of \`email\`, so it cannot be unique" \
  "the hint names the label and property"
expect_err "remove the duplicates with a data step (a cypher step) before this one in the same migration, or drop the uniqueness" \
  "the hint names the ways on"
query=$(grep -A1 "list the duplicates with:" "$work/err" | sed -n '2s/^  //p')
expect_eq "$query" \
  "MATCH (n:\`Member\`) WHERE n.\`email\` IS NOT NULL WITH n.\`email\` AS value, count(*) AS c WHERE c > 1 RETURN value, c ORDER BY c DESC LIMIT 20" \
  "the hint gives the query on a line of its own"
expect_eq "$(cypher "$query")" "dup@example.com" "the hint's query lists the duplicated value"
expect_eq "$(cypher "CALL db.constraints() YIELD description RETURN description" | grep -c Member || true)" \
  "0" "no constraint was made"
expect_eq "$(indexes)" "INDEX ON :Member(name)|" "step 1 stands, and nothing else"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'd0001'}) RETURN m.state + ':' + toString(m.steps_done)")" \
  "failed:1" "the mirror says one step is done"
expect_eq "$(sqlite3 "$ledger6" "select step || ':' || state from run_steps where revision = 'd0001' order by step" | tr '\n' ' ')" \
  "0:done 1:failed " "the ledger says which steps are done"
expect_eq "$(sqlite3 "$ledger6" 'select count(*) from applied_migrations')" "0" "nothing recorded as applied"
cypher "MATCH (m:Member {name: 'b'}) DELETE m" >/dev/null
expect_eq "$(cypher "$query")" "" "no duplicates are left"
run "$repo6" upgrade
expect_status 0 "the rerun after removing the duplicate"
expect_out "applying migrations/0001_members.toml (resuming at step 2)" "it resumes at the constraint"
expect_eq "$(cypher "CALL db.constraints() YIELD description RETURN description" | grep -v __Crochet)" \
  "CONSTRAINT ON ( member:Member ) ASSERT member.email IS UNIQUE" "the constraint is made"
expect_eq "$(mirror)" "d0001:applied " "the mirror says applied"
expect_eq "$(sqlite3 "$ledger6" "select revision from applied_migrations")" "d0001" "the ledger says applied"

# --- a data-step group that fails names the step that failed ----------------------------------
wipe_graph
repo7=$(new_project group)
migration "$repo7" 0001_group.toml g0001 "" <<'TOML'
[[upgrade]]
op = "cypher"
statement = "CREATE (:Grouped {n: 1})"
[[upgrade]]
op = "cypher"
statement = "MATCH (g:Grouped) RETURN g.n / 0"
[[upgrade]]
op = "cypher"
statement = "CREATE (:Grouped {n: 3})"
[[downgrade]]
op = "cypher"
statement = "MATCH (g:Grouped) DELETE g"
TOML
commit_all "$repo7" "three data steps, the second fails"
ledger7="$repo7/.crochet/ledger.db"
run "$repo7" upgrade
expect_status 1 "the group fails at its second step"
expect_err "migrations/0001_group.toml step 2 (cypher): " "the error names the step that failed"
expect_no_err "step 1 (cypher)" "not the group's first step"
expect_err "steps 1 to 3 ran in one transaction, rolled back whole: the same command run again resumes at step 1" \
  "the hint says where the rerun resumes"
expect_eq "$(cypher "MATCH (g:Grouped) RETURN count(g)")" "0" "the group was rolled back whole"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'g0001'}) RETURN m.state + ':' + toString(m.steps_done)")" \
  "failed:0" "the mirror says no step is done"
expect_eq "$(sqlite3 "$ledger7" "select step || ':' || state from run_steps where state != 'running' order by step" | tr '\n' ' ')" \
  "1:failed " "the ledger records step 2 as the failed one"
expect_eq "$(sqlite3 "$ledger7" "select json_extract(detail, '$.step') from events where outcome = 'failed'")" \
  "2" "the failure event names step 2"

# An upgrade that failed at its first step: a downgrade under it is refused, and the advice does
# not speak of the steps that ran (none did).
wipe_graph
repo8=$(new_project first)
migration "$repo8" 0001_base.toml f0001 "" <<'TOML'
[[upgrade]]
op = "cypher"
statement = "CREATE (:FirstBase)"
[[downgrade]]
op = "cypher"
statement = "MATCH (b:FirstBase) DELETE b"
TOML
migration "$repo8" 0002_fails.toml f0002 f0001 <<'TOML'
[[upgrade]]
op = "cypher"
statement = "MATCH (b:FirstBase) RETURN 1 / 0"
[[downgrade]]
op = "cypher"
statement = "RETURN 1"
TOML
commit_all "$repo8" "the second migration fails at its first step"
run "$repo8" upgrade
expect_status 1 "the upgrade fails at the second migration's first step"
expect_eq "$(cypher "MATCH (m:__CrochetMigration {revision: 'f0002'}) RETURN m.state + ':' + toString(m.steps_done)")" \
  "failed:0" "no step of it is done"
run "$repo8" downgrade
expect_status 1 "a downgrade under the failed upgrade"
expect_err "0002_fails.toml was interrupted before its first step finished: a downgrade now would revert migrations/0001_base.toml" \
  "names where the upgrade stopped"
expect_err "(it resumes at step 1)" "the rerun starts at the first step"
expect_err 'or, to give it up, run `git crochet downgrade --interrupted`' "how to give it up"
expect_no_err "steps 1 to 0" "no empty range of steps"
expect_eq "$(cypher "MATCH (b:FirstBase) RETURN count(b)")" "1" "the refused downgrade reverted nothing"

finish "live upgrade"
