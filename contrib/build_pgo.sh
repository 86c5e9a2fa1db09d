#!/usr/bin/env bash
# Builds the tree with profile-guided optimisation, as release builds should be made: an
# instrumented git-crochet is built in DIR, reads training models (contrib/pgo_train.sh) and
# records how often each branch and call runs, then everything is rebuilt in DIR with that
# profile. Model reading gets about a tenth faster (bench/model_read.sh). Takes the arguments
# and environment of contrib/build.sh. Usage: contrib/build_pgo.sh DIR [cmake args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
dir=$(cd "$1" && pwd) # the profile must be found from any object's compilation
shift
profile="$dir/pgo-profile"

rm -rf "$profile"
BUILD_TARGETS=git-crochet "$root/contrib/build.sh" "$dir" -DCROCHET_PGO=generate \
  -DCROCHET_PGO_DIR="$profile" "$@"
"$root/contrib/pgo_train.sh" "$dir/git-crochet/git-crochet"
if [ -z "$(find "$profile" -name '*.gcda' -print -quit 2> /dev/null)" ]; then
  echo "build_pgo.sh: the training run left no profile in $profile" >&2
  exit 1
fi
"$root/contrib/build.sh" "$dir" -DCROCHET_PGO=use -DCROCHET_PGO_DIR="$profile" "$@"
