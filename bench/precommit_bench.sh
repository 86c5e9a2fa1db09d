#!/usr/bin/env bash
# The pre-commit hook on a 1,000-model repository with one staged change (a new property and
# its migration), against `git diff --cached --quiet` and a bare process start
# (`git crochet --version`) in the same run. Goal: hook <= 2 x git diff + process start.
# Reports the usual commit (the migration scaffolded from the edited models just before), the
# same staged change with nothing cached at all (cold: the models are read), a repeated run
# (warm: the gate cache answers), and a commit that stages nothing under models/ or migrations/.
# Usage: CROCHET_BIN=build/release/git-crochet/git-crochet bench/precommit_bench.sh [MODELS]
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
root=$(cd "$(dirname "$0")/.." && pwd)
models=${1:-1000}
runs=${RUNS:-30}
command -v hyperfine >/dev/null || { echo "hyperfine is required (contrib/setup.sh)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-precommit-bench.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home"
ln -s "$CROCHET_BIN" "$work/bin/git-crochet"
export PATH="$work/bin:$PATH" HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CROCHET_HOOK

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
git crochet new-project --name bench --path . >/dev/null
python3 "$root/bench/gen_models.py" models "$models" 1 >/dev/null
git crochet create-migration "initial models" >/dev/null
git add -A
git commit -q -m "initial models"
git gc -q # a packed repository, as a clone is
git crochet hooks install >/dev/null

# The staged change: one new property and its migration.
echo "    added_field = StringProperty()" >>models/models_00007.py
git crochet create-migration "add added_field" >/dev/null
git add -A
git crochet hook pre-commit || { echo "the hook refused the staged change" >&2; exit 1; }
echo "repository: $models models ($(git ls-files models | wc -l) files), one staged change:"
git diff --cached --stat | tail -1

# -i: `git diff --cached --quiet` exits 1 when something is staged (the hook was checked above).
hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$work/times.json" \
  -n "git diff --cached --quiet" "git diff --cached --quiet" \
  -n "git crochet --version" "git crochet --version" \
  -n "hook, warm" "git crochet hook pre-commit" \
  -n "shim, warm" ".git/hooks/pre-commit" >/dev/null
# Cold: the caches removed before each run (its own hyperfine call: --prepare applies to all).
hyperfine -N --runs "$runs" --export-json "$work/cold.json" --prepare "rm -rf .crochet/cache" \
  -n "hook, cold" "git crochet hook pre-commit" >/dev/null
# The usual commit: the migration scaffolded from the edited models just before, with no other
# cache (create-migration tells the gate the hash of the models it read).
scaffold="rm -rf .crochet/cache && git rm -q --cached migrations/0002_add_added_field.toml \
  && rm migrations/0002_add_added_field.toml \
  && git crochet create-migration 'add added_field' >/dev/null && git add -A"
hyperfine -N --runs "$runs" --export-json "$work/scaffolded.json" --prepare "bash -c \"$scaffold\"" \
  -n "hook, migration just scaffolded" "git crochet hook pre-commit" >/dev/null
# A commit that stages nothing under models/ or migrations/: nothing is read.
git reset -q
echo docs >README
git add README
git crochet hook pre-commit || { echo "the hook refused a README change" >&2; exit 1; }
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/unrelated.json" \
  -n "hook, nothing relevant staged" "git crochet hook pre-commit" >/dev/null

# Medians of wall time, and mean CPU time (user + system): on a busy machine the CPU time is the
# steadier figure.
python3 - "$work/times.json" "$work/cold.json" "$work/scaffolded.json" "$work/unrelated.json" <<'PY'
import json, sys
results = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        results[r["command"]] = r
wall = lambda name: results[name]["median"] * 1000
cpu = lambda name: (results[name]["user"] + results[name]["system"]) * 1000
git, start = "git diff --cached --quiet", "git crochet --version"
budget_wall = 2 * wall(git) + wall(start)
budget_cpu = 2 * cpu(git) + cpu(start)
print(f"{'':34}{'wall (median)':>14}{'cpu (mean)':>12}")
print(f"{git:34}{wall(git):11.1f} ms{cpu(git):9.1f} ms")
print(f"{start + ' (process start)':34}{wall(start):11.1f} ms{cpu(start):9.1f} ms")
print(f"{'budget: 2 x git diff + start':34}{budget_wall:11.1f} ms{budget_cpu:9.1f} ms")
for name in ["hook, nothing relevant staged", "hook, warm", "shim, warm",
             "hook, migration just scaffolded", "hook, cold"]:
    print(f"{name:34}{wall(name):11.1f} ms{cpu(name):9.1f} ms"
          f"   {wall(name) / budget_wall:5.2f} x budget (wall), {cpu(name) / budget_cpu:5.2f} x (cpu)")
PY
