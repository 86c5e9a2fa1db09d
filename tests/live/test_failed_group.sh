#!/usr/bin/env bash
# A data-step group (consecutive data steps in one transaction) failing at its second step, against
# a real Neo4j: the whole group is rolled back, and the ledger says so: its first step reads as not
# done, in the run's steps, `status`, the event log, `downgrade --interrupted` and a rerun.
source "$(dirname "$0")/lib.sh"
wipe_graph
sql() { sqlite3 "$repo/.crochet/ledger.db" "$1" | tr '\n' ' '; }
mirror() { cypher "MATCH (m:__CrochetMigration) RETURN m.revision + ':' + m.state + ':' + toString(m.steps_done)" | tr '\n' ' '; }

repo=$(new_project group)
write_migration() { # write_migration STEP3
  migration "$repo" 0001_group.toml g0001 "" <<TOML
[[upgrade]]
op = "add_index"
name = "index_Grouped_name"
label = "Grouped"
property = "name"
[[upgrade]]
op = "cypher"
statement = "CREATE (:Grouped {name: 'g'})"
[[upgrade]]
op = "cypher"
statement = "$1"
[[downgrade]]
op = "cypher"
statement = "MATCH (g:Grouped) DELETE g"
[[downgrade]]
op = "drop_index"
name = "index_Grouped_name"
label = "Grouped"
property = "name"
TOML
}
write_migration "UNWIND [0] AS zero RETURN 1 / zero"
commit_all "$repo" "a group whose second step fails"

run "$repo" upgrade
expect_status 1 "step 3 fails"
expect_err "migrations/0001_group.toml step 3 (cypher)" "the failing step is named"
expect_err "resumes at step 2" "the hint says where a rerun resumes"
expect_eq "$(cypher "MATCH (g:Grouped) RETURN count(g)")" "0" "step 2 was rolled back with step 3"
expect_eq "$(mirror)" "g0001:failed:1 " "the graph: step 1 done"
expect_eq "$(sql "select step || ':' || state from run_steps order by step")" "0:done 2:failed " \
  "the ledger: step 1 done, step 2 not, step 3 failed"
run "$repo" status
expect_out "Interrupted: upgrade of g0001 stopped after 1 of 3 steps (step 3 failed:" \
  "status counts step 1 only"
expect_eq "$(sql "select kind || ':' || outcome || ':' || json_extract(detail, '$.step') from events order by id desc limit 1")" \
  "upgrade:failed:3 " "the event log names step 3"

# The same failure again: the rerun resumes at step 2 and the ledger reads the same.
run "$repo" upgrade
expect_status 1 "step 3 fails again"
expect_out "resuming at step 2" "the rerun resumes at the group's first step"
expect_eq "$(sql "select step || ':' || state from run_steps order by step")" "0:done 2:failed " \
  "the ledger after the rerun"
expect_eq "$(cypher "MATCH (g:Grouped) RETURN count(g)")" "0" "step 2 rolled back again"

run "$repo" downgrade --interrupted --trust-downgrade
expect_status 0 "the interrupted upgrade is reverted"
expect_out "steps 1 to 1 ran" "--interrupted reads step 1 as the only one done"
expect_eq "$(indexes)" "" "step 1's index is gone"
expect_eq "$(sql "select count(*) from runs") $(sql "select count(*) from run_steps")" "0  0 " \
  "no run is left"

write_migration "MATCH (g:Grouped) SET g.checked = true"
commit_all "$repo" "the group fixed"
run "$repo" upgrade
expect_status 0 "the fixed migration applies"
expect_no_out "resuming" "from step 1"
expect_eq "$(cypher "MATCH (g:Grouped {checked: true}) RETURN count(g)")" "1" "steps 2 and 3 ran once"
expect_eq "$(mirror)" "g0001:applied:3 " "the graph: applied"

wipe_graph
finish "a failed data-step group"
