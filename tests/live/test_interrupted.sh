#!/usr/bin/env bash
# An interrupted upgrade against a real Neo4j: `downgrade --interrupted` reverts what it ran and
# forgets it (refusing up front when it cannot), resumes when it is itself interrupted, and the
# file can then be edited and upgraded from step 1. A resumed upgrade checks only the data of the
# load steps it still has to run.
source "$(dirname "$0")/lib.sh"
wipe_graph
mirror() { cypher "MATCH (m:__CrochetMigration) RETURN m.revision + ':' + m.state + ':' + toString(m.steps_done) ORDER BY m.revision" | tr '\n' ' '; }
sql() { sqlite3 "$repo/.crochet/ledger.db" "$1" | tr '\n' ' '; }
# Everything the refusals must leave as it was.
snapshot() { echo "$(indexes) $(mirror) $(cypher "MATCH (p:Person) RETURN count(p)") $(sql "select revision from applied_migrations") $(sql "select step || state from run_steps") $(sql "select count(*) from events")"; }

repo=$(new_project interrupted)
migration "$repo" 0001_base.toml i0001 "" <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_Person_email"
label = "Person"
property = "email"
[[downgrade]]
op = "drop_index"
name = "index_Person_email"
label = "Person"
property = "email"
TOML
# Step 2 loads the wrong rows and step 3 is wrong Cypher: fixing step 3 alone is not enough.
write_0002() { # write_0002 UPGRADE_ROWS STEP3 [ROLLBACK_SAFE] [EXTRA_DOWNGRADE]
  migration "$repo" 0002_more.toml i0002 i0001 "${3:-true}" <<TOML
[[upgrade]]
op = "add_index"
name = "index_Person_age"
label = "Person"
property = "age"
[[upgrade]]
op = "create_nodes"
batch = "more"
labels = ["Person"]
rows = $1
[[upgrade]]
op = "cypher"
statement = "$2"
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
${4:-}
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "more"
labels = ["Person"]
[[downgrade]]
op = "drop_index"
name = "index_Person_age"
label = "Person"
property = "age"
TOML
}
wrong_rows='[{ email = "grace@example.com", name = "Grace" }, { email = "ada@example.com", name = "Ada" }]'
wrong_cypher='MATCH (p:Person) RETURN 1 / 0'
write_0002 "$wrong_rows" "$wrong_cypher"
commit_all "$repo" "two migrations, the second wrong"

run "$repo" upgrade
expect_status 1 "step 3 fails"
expect_err "migrations/0002_more.toml step 3 (cypher)" "the failing step is named"
expect_eq "$(mirror)" "i0001:applied:1 i0002:failed:2 " "two steps of i0002 ran"
expect_eq "$(indexes)" "INDEX ON :Person(age)|INDEX ON :Person(email)|" "step 1's index is there"
expect_eq "$(cypher "MATCH (p:Person) RETURN count(p)")" "2" "step 2's batch is there"

# --- the ways out are named ------------------------------------------------------------------
run "$repo" status
expect_out "Interrupted: upgrade of i0002 stopped after 2 of 5 steps" "status names the run"
expect_out "or \`git crochet downgrade --interrupted\` to revert what ran" "status names the way out"
run "$repo" status --json
expect_json 'd["interrupted"][0]["abandon_command"]' "git crochet downgrade --interrupted" \
  "status --json names the way out"
run "$repo" downgrade
expect_status 1 "a plain downgrade refuses"
expect_err "revert what ran with \`git crochet downgrade --interrupted\`" "its hint names the way out"

# --- refusals change nothing -----------------------------------------------------------------
before=$(snapshot)
run "$repo" downgrade --interrupted --steps 1
expect_failure "--interrupted excludes --steps"
expect_err "excludes" "the exclusion is named"

write_0002 "$wrong_rows" "$wrong_cypher" false
run "$repo" downgrade --interrupted
expect_status 1 "rollback_safe = false refuses"
expect_err "migrations/0002_more.toml is rollback_safe = false" "the refusal says why"
expect_err "nothing was run" "nothing was run"
expect_eq "$(snapshot)" "$before" "the refused revert changed nothing"

write_0002 '[{ email = "grace@example.com", name = "Grace" }]' "$wrong_cypher"
run "$repo" downgrade --interrupted
expect_status 1 "edited steps that ran refuse"
expect_err "steps 1 to 2 are no longer the ones that ran, so its downgrade may not undo what ran" \
  "the refusal says the steps changed"
expect_eq "$(snapshot)" "$before" "the refused revert changed nothing (edited)"

# A free Cypher step in the downgrade needs --trust-downgrade; this one fails until a :Flag exists.
flag_step='[[downgrade]]
op = "cypher"
statement = "MATCH (f:Flag) WITH count(f) AS n RETURN 1 / n"'
write_0002 "$wrong_rows" "$wrong_cypher" true "$flag_step"
run "$repo" downgrade --interrupted
expect_status 1 "a cypher downgrade step refuses without the acknowledgement"
expect_err "migrations/0002_more.toml step 3 (cypher)" "the cypher step is named"
expect_err "--trust-downgrade" "the acknowledgement is named"
expect_eq "$(snapshot)" "$before" "the refused revert changed nothing (cypher)"

# --- interrupted itself, then resumed ----------------------------------------------------------
run "$repo" downgrade --interrupted --trust-downgrade
expect_status 1 "the revert fails at its cypher step"
expect_err "migrations/0002_more.toml step 3 (cypher)" "the failing revert step is named"
expect_out "2/5 drop_index (already done)" "the index of a step that never ran is found gone"
expect_eq "$(mirror)" "i0001:applied:1 i0002:reverting:2 " "the revert is recorded part way"
run "$repo" status
expect_out "Interrupted: downgrade of i0002" "status names the revert"
expect_out "run \`git crochet downgrade --interrupted\` again to finish it" "status says how to finish"
run "$repo" upgrade
expect_status 1 "an upgrade refuses over a half-reverted migration"
expect_err "run \`git crochet downgrade --interrupted\` again to finish it" "upgrade says how to finish"
run "$repo" downgrade
expect_status 1 "a plain downgrade refuses under a half-reverted migration"
expect_eq "$(mirror)" "i0001:applied:1 i0002:reverting:2 " "the refusals ran nothing"
cypher "CREATE (:Flag)" >/dev/null
run "$repo" downgrade --interrupted --trust-downgrade
expect_status 0 "the rerun finishes the revert"
expect_out "reverted the interrupted upgrade" "it says so"
expect_out "resuming at step 3" "it resumes where it stopped"
expect_out "5/5 drop_index" "the index step 1 made is dropped"
cypher "MATCH (f:Flag) DELETE f" >/dev/null

# --- afterwards: nothing of i0002 anywhere ----------------------------------------------------
expect_eq "$(indexes)" "INDEX ON :Person(email)|" "step 1's index is gone"
expect_eq "$(cypher "MATCH (p:Person) RETURN count(p)")" "0" "step 2's batch is gone"
expect_eq "$(cypher "MATCH (b:__CrochetBatch) RETURN count(b)")" "0" "its batch node is gone"
expect_eq "$(mirror)" "i0001:applied:1 " "its mirror node is gone"
expect_eq "$(sql "select revision from applied_migrations")" "i0001 " "the ledger applies i0001 only"
expect_eq "$(sql "select count(*) from runs") $(sql "select count(*) from run_steps")" "0  0 " \
  "no run is left"
expect_eq "$(sql "select count(*) from batches where revision = 'i0002'")" "0 " "no batch row is left"
expect_eq "$(sql "select kind || ':' || revision || ':' || outcome from events order by id desc limit 1")" \
  "downgrade:i0002:abandoned " "the event is logged"
run "$repo" verify
expect_out "PASS  event log" "the event chain is intact"
run "$repo" status
expect_no_out "Interrupted" "status shows no interrupted run"
expect_out "i0002" "i0002 is pending again"
# Stopped after the mirror node went, before the ledger forgot the run: the rerun finishes it.
sqlite3 "$repo/.crochet/ledger.db" "INSERT INTO runs VALUES ('i0002', 'downgrade', 6, '', 'main', 'live', '2024-01-05T00:00:00.000Z')"
run "$repo" downgrade --interrupted
expect_status 0 "the rerun forgets a run the graph has finished"
expect_out "its run is forgotten" "it says so"
expect_eq "$(sql "select count(*) from runs")" "0 " "the run is forgotten"
expect_eq "$(sql "select count(*) from events where outcome = 'abandoned'")" "2 " "its event is logged"
run "$repo" downgrade --interrupted
expect_status 1 "nothing left to abandon"
expect_err "no upgrade is interrupted" "says there is nothing to revert"

# --- edit freely, upgrade from step 1 ---------------------------------------------------------
write_0002 '[{ email = "grace@example.com", name = "Grace" }]' 'MATCH (p:Person) SET p.checked = true'
commit_all "$repo" "i0002 fixed"
run "$repo" upgrade
expect_status 0 "the edited migration applies"
expect_no_out "resuming" "from step 1"
expect_eq "$(mirror)" "i0001:applied:1 i0002:applied:5 " "mirror after the fresh upgrade"
expect_eq "$(cypher "MATCH (p:Person {checked: true, team: 'core'}) RETURN p.name")" "Grace" \
  "the edited steps ran"

# --- a plain downgrade that fails stays "reverting", and its rerun resumes ---------------------
write_0002 '[{ email = "grace@example.com", name = "Grace" }]' 'MATCH (p:Person) SET p.checked = true' \
  true "$flag_step"
commit_all "$repo" "i0002's downgrade waits for a flag"
run "$repo" downgrade
expect_status 1 "the downgrade fails at its cypher step"
expect_eq "$(mirror)" "i0001:applied:1 i0002:reverting:2 " "the failed downgrade is recorded as reverting"
cypher "CREATE (:Flag)" >/dev/null
run "$repo" downgrade
expect_status 0 "the rerun finishes the downgrade"
expect_out "reverting migrations/0002_more.toml (resuming at step 3)" "it says it resumes"
expect_out "3/5 cypher" "it resumes at the failed step"
expect_no_out "1/5 remove_node_property" "the steps that ran are not run again"
expect_eq "$(mirror)" "i0001:applied:1 " "i0002 is reverted"

# --- a plain downgrade stopped after the graph's revert, before the ledger's -------------------
# As a kill between removing the mirror node and recording the revert leaves it: the graph has
# reverted i0002, the ledger still applies it, with the downgrade's run and its steps done.
run "$repo" upgrade
expect_status 0 "i0002 applied again"
cp "$repo/.crochet/ledger.db" "$work/ledger-applied.db"
run "$repo" downgrade
expect_status 0 "the downgrade that the kill will have cut short"
cp "$work/ledger-applied.db" "$repo/.crochet/ledger.db"
rm -f "$repo/.crochet/ledger.db-wal" "$repo/.crochet/ledger.db-shm"
sqlite3 "$repo/.crochet/ledger.db" "DELETE FROM run_steps WHERE revision = 'i0002'; DELETE FROM runs WHERE revision = 'i0002';
  INSERT INTO runs VALUES ('i0002', 'downgrade', 5, '', 'main', 'live', '2024-01-05T00:00:00.000Z');
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
  INSERT INTO run_steps SELECT 'i0002', i, 'done', '', '2024-01-05T00:00:00.000Z' FROM n"
expect_eq "$(sql "select revision from applied_migrations")" "i0001 i0002 " "the ledger still applies i0002"
expect_eq "$(mirror)" "i0001:applied:1 " "the graph has reverted it"
run "$repo" status
expect_out "Interrupted: downgrade of i0002 stopped after 5 of 5 steps; run \`git crochet downgrade\` again to finish it" \
  "status says how to finish"
before=$(snapshot)
run "$repo" downgrade --interrupted
expect_status 1 "--interrupted does not take a plain downgrade"
expect_err "the interrupted run is a plain downgrade (of migrations/0002_more.toml)" \
  "--interrupted names the interrupted downgrade"
expect_err "hint: run \`git crochet downgrade\` again" "--interrupted names the command that finishes it"
expect_no_err "no record of" "--interrupted does not take the revert for another database"
expect_eq "$(snapshot)" "$before" "--interrupted changed nothing"
run "$repo" downgrade
expect_status 0 "the rerun finishes the downgrade"
expect_out "the downgrade of migrations/0002_more.toml finished in the graph" "it says what it found"
expect_out "reverted 1 migration" "it counts as the downgrade asked for"
expect_no_out "reverting" "no downgrade step runs again"
expect_eq "$(sql "select revision from applied_migrations")" "i0001 " "the ledger no longer applies i0002"
expect_eq "$(mirror)" "i0001:applied:1 " "i0001 stays applied"
expect_eq "$(sql "select count(*) from runs") $(sql "select count(*) from run_steps")" "0  0 " "no run is left"
expect_eq "$(sql "select kind || ':' || revision || ':' || outcome from events order by id desc limit 1")" \
  "downgrade:i0002:ok " "the revert is logged"
run "$repo" verify
expect_out "PASS  event log" "the event chain is intact"
run "$repo" status
expect_no_out "Interrupted" "status shows no interrupted run"

# --- a finished load's data file may go: the resume does not read it ------------------------
wipe_graph
repo=$(new_project resumed)
mkdir -p "$repo/data"
printf 'id,name\n1,a\n2,b\n' >"$repo/data/rows.csv"
write_rows() { # write_rows STEP2
  migration "$repo" 0001_rows.toml r0001 "" <<TOML
[[upgrade]]
op = "create_nodes"
batch = "rows"
labels = ["Row"]
source = { path = "data/rows.csv", sha256 = "sha256:$(sha256sum "$work/rows.csv" | cut -d' ' -f1)" }
columns = { id = "integer" }
[[upgrade]]
op = "cypher"
statement = "$1"
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "rows"
labels = ["Row"]
TOML
}
cp "$repo/data/rows.csv" "$work/rows.csv"
write_rows 'MATCH (r:Row) RETURN 1 / 0'
commit_all "$repo" "a load, then a wrong step"
run "$repo" upgrade
expect_status 1 "step 2 fails after the load"
expect_eq "$(cypher "MATCH (r:Row) RETURN count(r)")" "2" "the load finished"
rm "$repo/data/rows.csv"
write_rows 'MATCH (r:Row) SET r.seen = true'
run "$repo" upgrade
expect_status 0 "the resume does not need the finished load's file"
expect_out "resuming at step 2" "it resumed after the load"
expect_eq "$(cypher "MATCH (r:Row {seen: true}) RETURN count(r)")" "2" "step 2 ran"

finish "live interrupted"
