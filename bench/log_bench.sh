#!/usr/bin/env bash
# `git crochet log` over a generated 10,000-commit repository where 500 commits touch models/,
# cold and warm cache, against `git log --format=%H -- models/` in the same run.
# Usage: CROCHET_BIN=build/git-crochet/git-crochet bench/log_bench.sh [COMMITS] [MODEL_COMMITS]
# Each round times all three in turn, so load on a shared machine hits them alike; the best of
# ROUNDS (default 5) counts. KEEP=1 keeps the work folder; REPO=<that folder>/repo reuses its
# repository; BUILD_ONLY=1 stops after building it.
set -euo pipefail
: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
commits=${1:-10000}
model_commits=${2:-500}
rounds=${ROUNDS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-log-bench.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT; echo "work: $work" >&2
export HOME="$work" GIT_CONFIG_NOSYSTEM=1

# A fast-import stream: every commit edits src/, every (commits/model_commits)-th one also adds
# a property to one of 20 model classes.
build_repository() { # build_repository DIR
  git init -q -b main "$1"
  cd "$1"
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
}
if [[ -n ${REPO:-} ]]; then
  cd "$REPO"
else
  build_repository "$work/repo"
fi
[[ -n ${BUILD_ONLY:-} ]] && exit 0

now() { date +%s%N; }
elapsed_ms() { # elapsed_ms CMD...: one run, in milliseconds
  local t0 t1
  t0=$(now)
  "$@" >/dev/null
  t1=$(now)
  echo $(((t1 - t0) / 1000000))
}
cold_once() { rm -rf .crochet/cache && "$CROCHET_BIN" log; }
min() { [[ -z $1 || $2 -lt $1 ]] && echo "$2" || echo "$1"; }

git_ms= cold_ms= warm_ms=
for _ in $(seq "$rounds"); do
  git_ms=$(min "$git_ms" "$(elapsed_ms git log --format=%H -- models/)")
  cold_ms=$(min "$cold_ms" "$(elapsed_ms cold_once)")
  warm_ms=$(min "$warm_ms" "$(elapsed_ms "$CROCHET_BIN" log)") # the cold run filled the cache
done
entries=$("$CROCHET_BIN" log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
ratio() { python3 -c "print(f'{$1/max($2,1):.2f}')"; }
echo "repository: $(git rev-list --count HEAD) commits, $(git log --format=%H -- models/ | wc -l) touching models/; log lists $entries"
echo "git log --format=%H -- models/: ${git_ms} ms (best of $rounds)"
echo "git crochet log (cold cache):   ${cold_ms} ms  ratio $(ratio "$cold_ms" "$git_ms")x"
echo "git crochet log (warm cache):   ${warm_ms} ms  ratio $(ratio "$warm_ms" "$git_ms")x"
