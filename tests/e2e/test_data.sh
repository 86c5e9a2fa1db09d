#!/usr/bin/env bash
# End-to-end: `git crochet data validate` on good and bad CSV/JSONL files through the built binary.
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

finish "test_data"
