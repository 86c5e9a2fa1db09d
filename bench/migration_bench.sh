#!/usr/bin/env bash
# `git crochet create-migration` and `git crochet verify` on a project with 500 migrations and
# 2,000 model files, against the time `cat` takes to read those same files, in the same run.
# Usage: CROCHET_BIN=build/git-crochet/git-crochet bench/migration_bench.sh [MIGRATIONS] [FILES]
#        [CLASSES_PER_FILE]
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
here=$(cd "$(dirname "$0")" && pwd)
migrations=${1:-500}
files=${2:-2000}
per_file=${3:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-migration-bench.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
echo "work: $work" >&2
export HOME="$work" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com
repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
crochet() { "$CROCHET_BIN" "$@"; }
crochet new-project --name bench --path . >/dev/null

# History: a first migration on the empty schema, then MIGRATIONS-2 hand-written ones with a few
# steps each (chained by parent), then the real migration of the generated models on top.
crochet create-migration --empty "base" >/dev/null
python3 - "$migrations" <<'PY'
import glob, re, sys
count = int(sys.argv[1])
first = sorted(glob.glob("migrations/0001_*.toml"))[0]
text = open(first).read()
parent = re.search(r'^revision = "(.*)"$', text, re.M).group(1)
schema_hash = re.search(r'^schema_hash = "(.*)"$', text, re.M).group(1)
for n in range(2, count):
    revision = f"bench{n:07d}"
    steps = []
    for k in range(3):
        args = (f'name = "index_Hand{n}_p{k}"\nlabel = "Hand{n}"\nproperty = "p{k}"\n')
        steps.append(("upgrade", "add_index", args))
    for k in reversed(range(3)):
        args = (f'name = "index_Hand{n}_p{k}"\nlabel = "Hand{n}"\nproperty = "p{k}"\n')
        steps.append(("downgrade", "drop_index", args))
    body = "".join(f'\n[[{section}]]\nop = "{op}"\n{args}' for section, op, args in steps)
    with open(f"migrations/{n:04d}_hand_written_{n}.toml", "w") as f:
        f.write(f'revision = "{revision}"\nparent = "{parent}"\nschema_hash = "{schema_hash}"\n'
                f'rollback_safe = true\ndescription = "hand written {n}"\n{body}')
    parent = revision
PY
python3 "$here/gen_models.py" models "$files" "$per_file"
crochet create-migration "the generated models" >/dev/null
git add -A
git commit -q -m "bench project"
[[ -n ${BUILD_ONLY:-} ]] && exit 0

model_files=$(find models -name '*.py' | wc -l)
migration_files=$(ls migrations/*.toml | wc -l)

now() { date +%s%N; }
time_ms() { # time_ms CMD...: best of 3 runs, in milliseconds (the exit status is ignored)
  local best=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(now)
    "$@" >/dev/null 2>&1 || true
    t1=$(now)
    local ms=$(((t1 - t0) / 1000000))
    [[ -z $best || $ms -lt $best ]] && best=$ms
  done
  echo "$best"
}
ratio() { python3 -c "print(f'{$1/max($2,1):.2f}')"; }

# The baseline: reading every file create-migration and verify read (models, migrations).
read_files() { cat models/*.py migrations/*.toml >/dev/null; }
# One model changed, one migration written; then the work tree is put back for the next run.
create_once() {
  echo "    bench_extra = StringProperty(index=True)" >>models/models_00000.py
  crochet create-migration "bench change"
  git checkout -q -- models
  git clean -q -f -- migrations
}
# verify (chain, checksums, models against the head migration, ledger event log). Replace this
# function to time another integrity check.
verify_once() { crochet verify; }

cat_ms=$(time_ms read_files)
create_ms=$(time_ms create_once)
verify_ms=$(time_ms verify_once)
set +e
crochet verify >"$work/verify.out" 2>&1
verify_status=$?
set -e

echo "project: $model_files model files ($per_file classes each), $migration_files migrations"
echo "cat of models and migrations:  ${cat_ms} ms"
echo "git crochet create-migration:  ${create_ms} ms  ratio $(ratio "$create_ms" "$cat_ms")x"
echo "git crochet verify:            ${verify_ms} ms  ratio $(ratio "$verify_ms" "$cat_ms")x" \
  "(exit status $verify_status)"
