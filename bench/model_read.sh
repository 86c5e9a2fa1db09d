#!/usr/bin/env bash
# Model reading: the schema IR of a generated 2,000-file (~20,000-class) models folder and its
# hash, built by `git crochet schema --hash`, against CPython's `ast.parse` of the same files, in
# the same run. `git crochet schema`, which also prints the listing (about 10 MB here), is timed
# beside them.
# Both sides read every file from disk and include their process start. Prints the ratio of the
# median wall times, and of the CPU times (user + system), which is steadier on a busy machine.
# IDLE=SECONDS waits that long before every run, as a command typed after a pause does: on a
# virtual machine that hands idle memory back to its host, fresh pages then cost far more.
# The baseline runs the interpreter itself, never a launcher in front of it (a pyenv shim is a
# shell script that adds hundreds of milliseconds), and by default the distribution's own
# CPython, which is built with profile-guided optimisation and parses faster than most others:
# the ratio should not flatter git-crochet. PYTHON=path picks another.
# A release is built with profile-guided optimisation (contrib/build_pgo.sh): the script names the
# build it measures.
# Usage: [RUNS=N] [IDLE=S] [PYTHON=P] bench/model_read.sh [BUILD_DIR] [FILES] [CLASSES_PER_FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
files=${2:-2000}
per_file=${3:-10}
bin="$build/git-crochet/git-crochet"
[ -x "$bin" ] || { echo "build first: contrib/build.sh $build" >&2; exit 1; }

python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
fi
python=$("$python" -c 'import sys; print(sys.executable)') # past any shim
[ -x "$python" ] || { echo "no Python interpreter found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project"
printf '[project]\nname = "bench"\n' > "$work/project/crochet.toml"
python3 "$root/bench/gen_models.py" "$work/project/models" "$files" "$per_file"
classes=$(grep -c '^class ' "$work"/project/models/*.py | awk -F: '{s+=$2} END {print s}')
bytes=$(cat "$work"/project/models/*.py | wc -c)
echo "corpus: $files files, $classes classes, $((bytes / 1024)) KiB"
# Which build is measured: a profile-guided one (contrib/build_pgo.sh) reads models faster.
pgo=$(sed -n 's/^CROCHET_PGO:[A-Z]*=//p' "$build/CMakeCache.txt" 2> /dev/null || true)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2> /dev/null || true)
echo "git-crochet: $bin (${build_type:-unknown build type}$([ "$pgo" = use ] && echo ", profile-guided"))"
echo "baseline: $python ($("$python" -c 'import platform; print(platform.python_implementation(), platform.python_version())'))"

cat > "$work/parse.py" <<'PY'
import ast, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
    ast.parse(path.read_bytes(), filename=str(path))
PY

crochet_cmd="$bin -C $work/project schema --hash"
listing_cmd="$bin -C $work/project schema"
python_cmd="$python $work/parse.py $work/project/models"
$bin -C $work/project schema --json > "$work/schema.json" # must succeed: a failed read is not a benchmark
echo "schema nodes: $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['schema']['nodes']))" "$work/schema.json")"

# What memory costs here: git-crochet keeps the whole folder's syntax trees and IR (about 200
# MiB for this corpus) while ast.parse reuses its memory file after file, so the price of fresh
# pages weighs on one side only. On a virtual machine that hands idle memory back to its host it
# swings widely (15 ms per 256 MiB right after other work, 25 times that after a few idle
# seconds), and it explains most of the variance between runs of this script.
cat > "$work/memory.py" <<'PY'
import mmap, resource, subprocess, sys, time
def fresh_memory_ms(mib=256):  # private anonymous pages, huge pages allowed as git-crochet's are
    m = mmap.mmap(-1, mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    m.madvise(mmap.MADV_HUGEPAGE)
    start = time.perf_counter()
    m[::4096] = b"\1" * ((mib << 20) // 4096)  # first touch of every page
    took = (time.perf_counter() - start) * 1000
    m.close()
    return took
def peak_mib(command):  # one command per interpreter: ru_maxrss is the largest child's
    subprocess.run(command.split(), stdout=subprocess.DEVNULL, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if sys.argv[1] == "fresh":
    print(f"{fresh_memory_ms():.1f}")
else:
    print(f"{peak_mib(sys.argv[2]):.0f}")
PY
fresh_before=$(python3 "$work/memory.py" fresh)
peak_crochet=$(python3 "$work/memory.py" peak "$crochet_cmd")
peak_python=$(python3 "$work/memory.py" peak "$python_cmd")
echo "peak memory (max RSS): git crochet schema --hash ${peak_crochet} MiB, ast.parse ${peak_python} MiB"

if command -v hyperfine > /dev/null; then
  idle=()
  [ -z "${IDLE:-}" ] || idle=(--prepare "sleep $IDLE")
  hyperfine -N --warmup 1 --runs "${RUNS:-5}" "${idle[@]}" --export-json "$work/times.json" \
    -n crochet "$crochet_cmd" -n listing "$listing_cmd" -n ast.parse "$python_cmd" > /dev/null
  python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
c, l, p = (r[k]["median"] for k in ("crochet", "listing", "ast.parse"))
cpu = {k: v["user"] + v["system"] for k, v in r.items()}  # means over the runs
print(f"git crochet schema --hash (IR + hash): {c*1000:8.1f} ms (median wall), {cpu['crochet']*1000:8.1f} ms CPU")
print(f"git crochet schema (also the listing): {l*1000:8.1f} ms (median wall), {cpu['listing']*1000:8.1f} ms CPU")
print(f"CPython ast.parse only:                {p*1000:8.1f} ms (median wall), {cpu['ast.parse']*1000:8.1f} ms CPU")
print(f"ratio: git-crochet is {p/c:.1f}x faster than ast.parse in wall time, "
      f"{cpu['ast.parse']/cpu['crochet']:.1f}x in CPU time (goal >= 20x)")
print(f"  with the listing printed: {p/l:.1f}x in wall time, {cpu['ast.parse']/cpu['listing']:.1f}x in CPU time")
# System time is mostly page faults (fresh memory) and file reads; user time is the work itself.
sys_ms = {k: v["system"] * 1000 for k, v in r.items()}
print(f"  system time: {sys_ms['crochet']:.1f} ms of git-crochet's CPU, {sys_ms['ast.parse']:.1f} ms of ast.parse's")
PY
  echo "fresh memory: 256 MiB first touched in ${fresh_before} ms before the timed runs," \
    "$(python3 "$work/memory.py" fresh) ms after them"
  # Where one run's time goes, stage by stage (CROCHET_TRACE_PERFORMANCE), after a run that
  # warms memory up again as the timed runs did one another's.
  echo "stages of one run of git crochet schema --hash:"
  $crochet_cmd > /dev/null
  CROCHET_TRACE_PERFORMANCE=1 $crochet_cmd 2>&1 > /dev/null | sed -n 's/^performance: /  /p'
else
  t() { local s e; s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
  c=$(t $crochet_cmd); l=$(t $listing_cmd); p=$(t $python_cmd)
  echo "crochet ${c} ms (${l} ms with the listing), ast.parse ${p} ms," \
    "ratio $(python3 -c "print(round($p/max($c,1),1))")x"
fi
