#!/usr/bin/env bash
# `git crochet log` over a generated 10,000-commit repository where 500 commits touch models/,
# cold and warm cache, against `git log --format=%H -- models/` in the same run.
# Usage: CROCHET_BIN=build/git-crochet/git-crochet bench/log_bench.sh [COMMITS] [MODEL_COMMITS]
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
commits=${1:-10000}
model_commits=${2:-500}
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-log-bench.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT; echo "work: $work" >&2
export HOME="$work" GIT_CONFIG_NOSYSTEM=1
repo="$work/repo"
git init -q -b main "$repo"
cd "$repo"

# A fast-import stream: every commit edits src/, every (commits/model_commits)-th one also adds
# a property to one of 20 model classes.
python3 - "$commits" "$model_commits" <<'PY' | git fast-import --quiet
import sys
commits, model_commits = int(sys.argv[1]), int(sys.argv[2])
every = max(1, commits // model_commits)
props = {i: [] for i in range(20)}
out = sys.stdout
def blob(text):
    data = text.encode()
    out.write(f"data {len(data)}\n"); out.flush()
    sys.stdout.buffer.write(data); sys.stdout.buffer.flush()
    out.write("\n")
for n in range(commits):
    out.write("commit refs/heads/main\n")
    out.write(f"committer Bench <b@example.com> {1700000000 + n * 60} +0000\n")
    out.write(f"data <<EOM\ncommit {n}\nEOM\n")
    if n == 0:
        out.write("M 644 inline crochet.toml\n"); blob('[project]\nname = "bench"\n')
        out.write("M 644 inline models/__init__.py\n"); blob("")
    out.write("M 644 inline src/counter.txt\n"); blob(f"{n}\n")
    if n % every == 0:
        cls = (n // every) % 20
        props[cls].append(f"p{n}")
        body = "".join(f"    {p} = StringProperty()\n" for p in props[cls])
        out.write(f"M 644 inline models/m{cls}.py\n")
        blob("from neomodel import StructuredNode, StringProperty\n\n"
             f"class M{cls}(StructuredNode):\n    __kgid__ = \"k{cls}\"\n{body}")
    out.write("\n")
PY
git checkout -q main
[[ -n ${BUILD_ONLY:-} ]] && exit 0

now() { date +%s%N; }
time_ms() { # time_ms CMD...: best of 3 runs, in milliseconds
  local best=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(now)
    "$@" >/dev/null
    t1=$(now)
    local ms=$(((t1 - t0) / 1000000))
    [[ -z $best || $ms -lt $best ]] && best=$ms
  done
  echo "$best"
}
cold_once() { rm -rf .crochet/cache && "$CROCHET_BIN" log; }

git_ms=$(time_ms git log --format=%H -- models/)
cold_ms=$(time_ms cold_once)
"$CROCHET_BIN" log >/dev/null
warm_ms=$(time_ms "$CROCHET_BIN" log)
entries=$("$CROCHET_BIN" log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "repository: $commits commits, $model_commits touching models/; log lists $entries"
echo "git log --format=%H -- models/: ${git_ms} ms"
echo "git crochet log (cold cache):   ${cold_ms} ms  ratio $(python3 -c "print(f'{$cold_ms/max($git_ms,1):.2f}')")x"
echo "git crochet log (warm cache):   ${warm_ms} ms  ratio $(python3 -c "print(f'{$warm_ms/max($git_ms,1):.2f}')")x"
