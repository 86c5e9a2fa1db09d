#!/usr/bin/env bash
# The training run of a profile-guided build (contrib/build_pgo.sh): what git-crochet does most
# and where speed matters most, reading model folders. It reads the realistic test fixture
# (inheritance, mixins, relationship models, every property kind) and a generated folder of
# 400 files, a different size from the benchmark's 2,000 so the benchmark is not what trained
# the build, and prints their schema, listing and JSON. Fails loudly if a command fails.
# Usage: contrib/pgo_train.sh GIT_CROCHET_BINARY
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
[ -x "$bin" ] || { echo "pgo_train.sh: no binary at $bin" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/realistic" "$work/generated"
printf '[project]\nname = "training"\n' | tee "$work/realistic/crochet.toml" \
  > "$work/generated/crochet.toml"
cp -r "$root/tests/fixtures/models/realistic" "$work/realistic/models"
python3 "$root/bench/gen_models.py" "$work/generated/models" 400 8

for project in realistic generated; do
  for _ in 1 2 3; do
    "$bin" -C "$work/$project" schema --hash > /dev/null
  done
  "$bin" -C "$work/$project" schema > /dev/null
  "$bin" -C "$work/$project" schema --json > /dev/null
done
