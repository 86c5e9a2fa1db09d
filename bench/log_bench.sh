#!/usr/bin/env bash
# `git crochet log` over a generated 10,000-commit repository where 500 commits touch models/,
# cold and warm cache, against `git log --format=%H -- models/` in the same run.
# Usage: CROCHET_BIN=build/git-crochet/git-crochet bench/log_bench.sh [COMMITS] [MODEL_COMMITS]
# Each round times all three in turn, so load on a shared machine hits them alike; the best of
# ROUNDS (default 5) counts, for wall and CPU time separately. KEEP=1 keeps the work folder;
# REPO=<that folder>/repo reuses its repository; BUILD_ONLY=1 stops after building it.
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

# One run of CMD: "WALL_MS CPU_MS", CPU being user + system time of the process and its children.
# CPU time is what a loaded machine distorts least; wall time is what the goal is stated in.
measure() {
  local TIMEFORMAT='%3R %3U %3S' times real user sys
  times=$({ time "$@" >/dev/null 2>&1; } 2>&1)
  read -r real user sys <<<"$times"
  awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { printf "%d %d\n", r * 1000, (u + s) * 1000 }'
}
min() { [[ -z $1 || $2 -lt $1 ]] && echo "$2" || echo "$1"; }

declare -A wall cpu
for _ in $(seq "$rounds"); do
  for name in git cold warm; do # warm follows cold, which filled the cache
    case $name in
    git) read -r w c < <(measure git log --format=%H -- models/) ;;
    cold) # the cache is emptied before the clock starts: deleting it is not part of the command
      rm -rf .crochet/cache
      read -r w c < <(measure "$CROCHET_BIN" log)
      ;;
    warm) read -r w c < <(measure "$CROCHET_BIN" log) ;;
    esac
    wall[$name]=$(min "${wall[$name]:-}" "$w")
    cpu[$name]=$(min "${cpu[$name]:-}" "$c")
  done
done
entries=$("$CROCHET_BIN" log --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
ratio() { python3 -c "print(f'{$1/max($2,1):.2f}')"; }
line() { # line LABEL NAME
  printf '%-32s %5s ms wall, %5s ms CPU' "$1" "${wall[$2]}" "${cpu[$2]}"
  [[ $2 == git ]] || printf '   ratio %sx wall, %sx CPU' "$(ratio "${wall[$2]}" "${wall[git]}")" \
    "$(ratio "${cpu[$2]}" "${cpu[git]}")"
  echo
}
echo "repository: $(git rev-list --count HEAD) commits, $(git log --format=%H -- models/ | wc -l) touching models/; log lists $entries"
echo "best of $rounds rounds"
line "git log --format=%H -- models/:" git
line "git crochet log (cold cache):" cold
line "git crochet log (warm cache):" warm
