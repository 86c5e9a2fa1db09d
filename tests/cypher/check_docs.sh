#!/usr/bin/env bash
# docs/migrations.md carries the Cypher of every operation per dialect between two markers; this
# checks it against what the renderer writes now. CROCHET_UPDATE_GOLDEN=1 rewrites that part.
set -euo pipefail
dump=$1
doc=$2
begin='<!-- BEGIN GENERATED CYPHER REFERENCE -->'
end='<!-- END GENERATED CYPHER REFERENCE -->'

grep -qxF "$begin" "$doc" && grep -qxF "$end" "$doc" || {
  echo "check_docs: $doc lacks the lines '$begin' and '$end'"
  exit 1
}
generated=$(mktemp)
current=$(mktemp)
trap 'rm -f "$generated" "$current"' EXIT
"$dump" --markdown >"$generated"
awk -v b="$begin" -v e="$end" '$0 == e {inside = 0} inside {print} $0 == b {inside = 1}' \
  "$doc" >"$current"

if [ -n "${CROCHET_UPDATE_GOLDEN:-}" ]; then
  updated=$(mktemp)
  awk -v b="$begin" -v e="$end" -v file="$generated" '
    $0 == b {print; while ((getline line < file) > 0) print line; skip = 1; next}
    $0 == e {skip = 0}
    !skip {print}' "$doc" >"$updated"
  cat "$updated" >"$doc"
  rm -f "$updated"
  echo "check_docs: rewrote the generated part of $doc"
  exit 0
fi

if ! diff -u "$current" "$generated"; then
  echo "check_docs: the Cypher reference in $doc is out of date;"
  echo "run: CROCHET_UPDATE_GOLDEN=1 ctest -R cypher.docs (then review the diff)"
  exit 1
fi
echo "check_docs: $doc matches the renderer"
