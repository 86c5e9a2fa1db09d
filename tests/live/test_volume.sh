#!/usr/bin/env bash
# Data loads at volume against a real Neo4j: a 200,000-row node file and a 500,000-row
# relationship file load with exact counts; kill -9 about half-way through the relationships,
# then upgrade again: exact counts, no duplicates; a downgrade removes exactly that batch, and
# other batches and hand-made data stay (all checked by queries). Last, a downgrade deletes the
# 200,000-node batch and drops the label's index and unique constraint right after it, in one run:
# the server must answer throughout and after.
source "$(dirname "$0")/lib.sh"
wipe_graph
people=200000
knows=500000

repo=$(new_project volume)
mkdir -p "$repo/data"
python3 - "$repo/data" "$people" "$knows" <<'PY'
import sys
folder, people, knows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(folder + "/people.csv", "w") as out:
    out.write("id,name,born\n")
    for i in range(people):
        out.write(f"{i},\"Person {i}\",{1950 + i % 60}-01-01\n")
with open(folder + "/knows.csv", "w") as out:
    out.write("a,b,since\n")
    for i in range(knows):  # distinct pairs: i -> (i * 7 + k) for the k-th edge of a person
        a = i % people
        out.write(f"{a},{(a * 7 + i // people + 1) % people},{2000 + i % 20}\n")
PY
sum() { sha256sum "$1" | cut -d' ' -f1; }
cat >"$repo/migrations/0001_people.toml" <<TOML
revision = "v0001"
schema_hash = "$hash"
rollback_safe = true
description = "people"

[[upgrade]]
op = "add_unique_constraint"
name = "constraint_unique_VPerson_id"
label = "VPerson"
property = "id"

[[upgrade]]
op = "add_index"
name = "index_VPerson_born"
label = "VPerson"
property = "born"

[[upgrade]]
op = "create_nodes"
batch = "people"
labels = ["VPerson"]
source = { path = "data/people.csv", sha256 = "sha256:$(sum "$repo/data/people.csv")" }
columns = { id = "integer", born = "date" }

[[downgrade]]
op = "delete_nodes_by_batch"
batch = "people"
labels = ["VPerson"]

[[downgrade]]
op = "drop_index"
name = "index_VPerson_born"
label = "VPerson"
property = "born"

[[downgrade]]
op = "drop_unique_constraint"
name = "constraint_unique_VPerson_id"
label = "VPerson"
property = "id"
TOML
cat >"$repo/migrations/0002_knows.toml" <<TOML
revision = "v0002"
parent = "v0001"
schema_hash = "$hash"
rollback_safe = true
description = "who knows whom"

[[upgrade]]
op = "create_relationships"
batch = "knows"
rel_type = "KNOWS"
source = { path = "data/knows.csv", sha256 = "sha256:$(sum "$repo/data/knows.csv")" }
columns = { a = "integer", b = "integer", since = "integer" }
from = { label = "VPerson", key = { id = "a" } }
to = { label = "VPerson", key = { id = "b" } }

[[downgrade]]
op = "delete_relationships_by_batch"
batch = "knows"
rel_type = "KNOWS"
TOML
commit_all "$repo" "volume"

(cd "$repo" && git crochet upgrade --target v0001 >"$work/out" 2>"$work/err") || fail "load the people"
expect_eq "$(cypher "MATCH (p:VPerson) RETURN count(p)")" "$people" "people loaded"
expect_eq "$(cypher "MATCH (p:VPerson {id: 199999}) RETURN p.born")" "1969-01-01" "typed values"
cypher "MATCH (a:VPerson {id: 1}), (b:VPerson {id: 2}) CREATE (a)-[:KNOWS {by: 'hand'}]->(b), (:Handmade)" >/dev/null

# git-crochet itself, not git: killing git would leave the subcommand running.
(cd "$repo" && exec git-crochet upgrade --lease 3 >"$work/k.out" 2>&1) &
victim=$!
for _ in $(seq 1 3000); do
  # An upgrade that died (or finished) before half the rows landed cannot be killed mid-load:
  # fail now with its output rather than poll for the rest of the 10 minutes.
  kill -0 $victim 2>/dev/null || { cat "$work/k.out" >&2; fail "upgrade ended before the kill"; }
  loaded=$(cypher "MATCH (b:__CrochetBatch {id: 'knows'}) RETURN b.rows" || true)
  [[ -n $loaded && $loaded -ge $((knows / 2)) ]] && break
  sleep 0.2
done
kill -9 $victim
wait $victim 2>/dev/null || true
partial=$(cypher "MATCH ()-[r:KNOWS]->() WHERE r.__crochet_batch = 'knows' RETURN count(r)")
[[ $partial -gt 0 && $partial -lt $knows ]] || fail "the kill landed mid-load (relationships: $partial)"
echo "killed with $partial of $knows relationships loaded"

run "$repo" upgrade --wait 30
expect_status 0 "upgrade again after kill -9"
expect_err "resumed after" "the load resumed"
expect_eq "$(cypher "MATCH ()-[r:KNOWS]->() WHERE r.__crochet_batch = 'knows' RETURN count(r)")" "$knows" "exact relationship count"
expect_eq "$(cypher "MATCH (a)-[r:KNOWS]->(b) WHERE r.__crochet_batch = 'knows' WITH a, b, count(r) AS c WHERE c > 1 RETURN count(*)")" \
  "0" "no duplicate relationships"
expect_eq "$(cypher "MATCH (:VPerson {id: 0})-[r:KNOWS]->(:VPerson {id: 1}) RETURN r.since")" "2000" "endpoint by key"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" "select state || ':' || rows from batches where batch_id = 'knows'")" \
  "complete:$knows" "ledger batch"

run "$repo" downgrade
expect_status 0 "downgrade the relationships"
expect_err "knows: removed $knows rows" "the removal's summary counts what the server removed"
expect_eq "$(cypher "MATCH ()-[r:KNOWS]->() RETURN count(r)")" "1" "only the hand-made relationship is left"
expect_eq "$(cypher "MATCH (p:VPerson) RETURN count(p)")" "$people" "the other batch stays"
expect_eq "$(cypher "MATCH (h:Handmade) RETURN count(h)")" "1" "hand-made data stays"
expect_eq "$(sqlite3 "$repo/.crochet/ledger.db" "select count(*) from batches where batch_id = 'knows'")" "0" "batch forgotten"

# The hand-made relationship holds two of the batch's nodes: it goes first, as a user would.
cypher "MATCH ()-[r:KNOWS {by: 'hand'}]->() DELETE r" >/dev/null
run "$repo" downgrade
expect_status 0 "downgrade the people, then drop their index and constraint"
expect_err "people: removed $people rows" "every node of the batch removed"
expect_eq "$(cypher "MATCH (p:VPerson) RETURN count(p)")" "0" "no person left"
expect_eq "$(indexes)" "" "index and constraint dropped"
expect_eq "$(cypher "RETURN 1")" "1" "the server still answers"
expect_eq "$(cypher "MATCH (h:Handmade) RETURN count(h)")" "1" "hand-made data stays"
expect_eq "$(cypher "MATCH (m:__CrochetMigration) RETURN count(m)")" "0" "the graph records no migration"

wipe_graph
finish "volume loads"
