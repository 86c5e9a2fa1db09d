#!/usr/bin/env bash
# End-to-end: `git crochet data validate` on good and bad CSV/JSONL files through the built binary,
# and `upgrade --dry-run` checking every load step's data file and rows the same way, offline.
source "$(dirname "$0")/lib.sh" e2e-data

run() { capture_in "$work" "$CROCHET_BIN" "$@"; }

cat >"$work/people.toml" <<'TOML'
required = ["id", "name"]
unique = ["id"]
min_rows = 2
[columns]
id = "integer"
born = "date"
tags = "list<string>"
TOML

printf 'id,name,born,tags\n1,Ada,1815-12-10,math;poetry\n2,Alan,1912-06-23,\n' >"$work/good.csv"
run data validate good.csv --schema people.toml
expect_status 0 "valid file"
expect_out "good.csv: 2 rows, valid" "valid file summary"
expect_out "sha256 = \"sha256:$(sha256sum "$work/good.csv" | cut -d' ' -f1)\"" "pinned checksum"

run data validate good.csv --schema people.toml --json
expect_status 0 "valid file as JSON"
expect_out '"ok": true' "JSON report"
expect_out '"rows": 2' "JSON row count"

printf 'id,name,born,tags\n1,Ada,1815-12-10,\n1,,1912-06-23,\n' >"$work/dupes.csv"
run data validate dupes.csv --schema people.toml
expect_status 1 "invalid file"
expect_err "dupes.csv:3: required column 'name' has no value" "missing required value"
expect_err "dupes.csv:3: duplicate key [1] (first on line 2)" "duplicate key"
expect_out "dupes.csv: 2 rows, INVALID" "invalid summary"

printf 'id,name,born,tags\n1,Ada,1815-02-30,\n' >"$work/baddate.csv"
run data validate baddate.csv --schema people.toml
expect_status 1 "bad date"
expect_err "baddate.csv:2: column 'born': '1815-02-30' is not a date (YYYY-MM-DD)" "bad date message"
expect_out "baddate.csv: INVALID (the scan stopped after 0 rows)" "a stopped scan says so"

printf 'id,name,born,tags\n1,"Ada,1815-12-10,\n2,Alan,,\n' >"$work/quotes.csv"
run data validate quotes.csv --schema people.toml
expect_status 1 "unbalanced quotes"
expect_err "quotes.csv:2: unterminated quoted field (field 2) opened on this line" "quote message"

printf 'id,name,born,tags\n1,Ada\n' >"$work/ragged.csv"
run data validate ragged.csv --schema people.toml
expect_status 1 "ragged row"
expect_err "ragged.csv:2: the row has 2 fields, the header has 4" "ragged message"

printf 'id,name,born,tags\n1,Ad\xff,,\n' >"$work/latin1.csv"
run data validate latin1.csv --schema people.toml
expect_status 1 "bad UTF-8"
expect_err "latin1.csv:2: field 2 is not valid UTF-8" "UTF-8 message"

printf '{"id": 1, "name": "Ada", "tags": ["x"]}\n{"id": 2, "name": "Alan"}\n' >"$work/people.jsonl"
run data validate people.jsonl --schema people.toml
expect_status 0 "JSONL by extension"
expect_out "people.jsonl: 2 rows, valid" "JSONL summary"

printf 'colums = {}\n' >"$work/typo.toml"
run data validate good.csv --schema typo.toml
expect_status 1 "unknown spec key"
expect_err "typo.toml:1: unknown key 'colums'" "spec key message"

run data validate missing.csv --schema people.toml
expect_status 1 "missing file"
expect_err "cannot open data file" "missing file message"

run data validate good.csv --schema people.toml --format xml
expect_status 1 "unknown format"
expect_err "unknown data format 'xml'" "format message"

# --- upgrade --dry-run checks every load step's data, offline --------------------------------
proj="$work/proj"
mkdir -p "$proj/data"
(cd "$proj" && git init -q -b main . && git crochet new-project --name proj --path . >/dev/null)
zero="sha256:$(printf '0%.0s' {1..64})"
pin() { echo "sha256:$(sha256sum "$proj/data/$1" | cut -d' ' -f1)"; }
# migration FILE REVISION PARENT: a hand-written migration whose steps come on stdin.
migration() {
  {
    echo "revision = \"$2\""
    [[ -n $3 ]] && echo "parent = \"$3\""
    echo "schema_hash = \"$zero\""
    echo "rollback_safe = true"
    echo "description = \"$2\""
    cat
  } >"$proj/migrations/$1"
}
# people_and_knows PEOPLE_SHA256 KNOWS_SHA256: migrations 2 and 3 load the two files.
people_and_knows() {
  migration 0002_people.toml d0002 d0001 <<TOML
[[upgrade]]
op = "create_nodes"
batch = "people"
labels = ["Person"]
source = { path = "data/people.csv", sha256 = "$1" }
columns = { id = "integer", born = "date" }
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "people"
labels = ["Person"]
TOML
  migration 0003_knows.toml d0003 d0002 <<TOML
[[upgrade]]
op = "create_relationships"
batch = "knows"
rel_type = "KNOWS"
from = { label = "Person", key = { id = "from" } }
to = { label = "Person", key = { id = "to" } }
source = { path = "data/knows.jsonl", sha256 = "$2" }
columns = { from = "integer", to = "integer", since = "date" }
[[downgrade]]
op = "delete_relationships_by_batch"
batch = "knows"
rel_type = "KNOWS"
TOML
}
migration 0001_index.toml d0001 "" <<'TOML'
[[upgrade]]
op = "add_index"
name = "index_Person_id"
label = "Person"
property = "id"
[[downgrade]]
op = "drop_index"
name = "index_Person_id"
label = "Person"
property = "id"
TOML
printf 'id,name,born\n1,Ada,1815-12-10\n2,Alan,1912-06-23\n3,Grace,\n' >"$proj/data/people.csv"
printf '{"from": 1, "to": 2, "since": "1840-01-01"}\n{"from": 2, "to": 3}\n' >"$proj/data/knows.jsonl"
people_and_knows "$(pin people.csv)" "$(pin knows.jsonl)"
(cd "$proj" && git add -A && git commit -q -m "three migrations" && git crochet stamp 0001 >/dev/null)
# Every file of the project but git's own, with its checksum: a dry run changes none of them
# (the ledger .crochet/ledger.db included) and adds none.
project_files() { (cd "$proj" && find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(project_files)
plan() { capture_in "$proj" git crochet upgrade --dry-run "$@"; }

plan
expect_status 0 "dry run: good data"
expect_out "2 migrations to run after migrations/0001_index.toml" "dry run starts after the ledger"
expect_out "data/people.csv: 3 rows, valid" "dry run: the people file checked"
expect_out "data/knows.jsonl: 2 rows, valid" "dry run: the relationships file checked"
plan --json
expect_status 0 "dry run --json: good data"
python3 - "$work/out" <<'PY' || fail "dry run --json: each load step has its data check"
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["runnable"], plan
checks = [s["data_check"] for m in plan["migrations"] for s in m["steps"]]
assert [(c["file"], c["rows"], c["ok"], c["problems"]) for c in checks] == [
    ("data/people.csv", 3, True, []), ("data/knows.jsonl", 2, True, [])], checks
assert all(c["sha256"] == c["pinned_sha256"] for c in checks), checks
PY

# A bad row in each file (pinned as they are): both are reported, each by file and line.
printf 'id,name,born\n1,Ada,1815-12-10\nx,Alan,1912-06-23\n' >"$proj/data/people.csv"
printf '{"from": 1, "to": 2}\n{"from": 2}\n{"since": "2001-01-01", "from": 1, "to": 1}\n' >"$proj/data/knows.jsonl"
people_and_knows "$(pin people.csv)" "$(pin knows.jsonl)"
before=$(project_files)
plan
expect_status 1 "dry run: bad rows"
expect_err "migrations/0002_people.toml step 1 (create_nodes): data/people.csv:3: column 'id': 'x' is not an integer" \
  "dry run names the bad row"
expect_err "migrations/0003_knows.toml step 1 (create_relationships): data/knows.jsonl:2: required column 'to' has no value" \
  "dry run goes on to the next migration's load"
expect_out "data/people.csv: INVALID (the scan stopped after 1 row)" "dry run: the stopped scan in the plan"
expect_out "data/knows.jsonl: 3 rows, INVALID" "dry run: the invalid file in the plan"
expect_err "the upgrade would stop at 2 load steps" "dry run: the verdict"
expect_eq "$(project_files)" "$before" "dry run with bad rows writes nothing"
plan --json
expect_status 1 "dry run --json: bad rows"
python3 - "$work/out" <<'PY' || fail "dry run --json: the problems in the plan"
import json, sys
plan = json.load(open(sys.argv[1]))
assert not plan["runnable"], plan
people, knows = [s["data_check"] for m in plan["migrations"] for s in m["steps"]]
assert people["problems"] == ["data/people.csv:3: column 'id': 'x' is not an integer"], people
assert not people["complete"] and not people["ok"], people
assert knows["problems"] == ["data/knows.jsonl:2: required column 'to' has no value"], knows
PY
expect_eq "$(project_files)" "$before" "dry run --json with bad rows writes nothing"

# A missing file and a changed one.
printf 'id,name,born\n1,Ada,1815-12-10\n' >"$proj/data/people.csv"
people_and_knows "$(pin people.csv)" "$zero"
printf '2,Alan,1912-06-23\n' >>"$proj/data/people.csv"
rm "$proj/data/knows.jsonl"
before=$(project_files)
plan
expect_status 1 "dry run: missing and changed files"
expect_err "migrations/0002_people.toml step 1 (create_nodes): data/people.csv has changed: its sha256 is $(pin people.csv)" \
  "dry run: the changed file"
expect_err "migrations/0003_knows.toml step 1 (create_relationships): create_relationships step (batch knows): \`source\`: cannot read data/knows.jsonl" \
  "dry run: the missing file"
expect_out "data/knows.jsonl: INVALID (not read)" "dry run: the missing file in the plan"
expect_eq "$(project_files)" "$before" "dry run with missing and changed files writes nothing"
[[ $(sqlite3 "$proj/.crochet/ledger.db" 'select count(*) from applied_migrations') == 1 ]] ||
  fail "the ledger still records only the stamp"

finish "test_data"
