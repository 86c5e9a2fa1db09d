# Shared by the end-to-end suites (tests/e2e/test_*.sh, and tests/live through tests/live/lib.sh):
# a throwaway work folder, the built binary on PATH as the `git crochet` subcommand, a hermetic git
# environment with fixed identities and dates, and assertions that count failures instead of
# stopping at the first one.
#   source "$(dirname "$0")/lib.sh" NAME     (NAME names the work folder)
# KEEP=1 keeps the work folder for a look afterwards.
set -euo pipefail

: "${CROCHET_BIN:?set CROCHET_BIN to the built git-crochet binary}"
CROCHET_BIN=$(cd "$(dirname "$CROCHET_BIN")" && pwd)/$(basename "$CROCHET_BIN")
work=$(mktemp -d "${TMPDIR:-/tmp}/crochet-${1:-e2e}.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/bin"
ln -s "$CROCHET_BIN" "$work/bin/git-crochet"
base_path=$PATH
export PATH="$work/bin:$PATH"
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
export GIT_AUTHOR_NAME=e2e GIT_AUTHOR_EMAIL=e2e@example.com
export GIT_COMMITTER_NAME=e2e GIT_COMMITTER_EMAIL=e2e@example.com
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CROCHET_HOOK
unset CROCHET_NEO4J_URI CROCHET_NEO4J_USERNAME CROCHET_NEO4J_PASSWORD CROCHET_NEO4J_DATABASE
unset CROCHET_TRACE_PERFORMANCE

failures=0
fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2
  cat "$work/out" >&2 || true
  echo "--- stderr:" >&2
  cat "$work/err" >&2 || true
  failures=$((failures + 1))
}

# capture CMD...: runs CMD in the current directory; stdout, stderr and $status are kept.
capture() {
  set +e
  "$@" >"$work/out" 2>"$work/err"
  status=$?
  set -e
}
# capture_in DIR CMD...: the same, in DIR.
capture_in() {
  local dir=$1
  shift
  set +e
  (cd "$dir" && "$@") >"$work/out" 2>"$work/err"
  status=$?
  set -e
}

expect_status() { [[ $status -eq $1 ]] || fail "$2: exit status $status, expected $1"; }
expect_failure() { [[ $status -ne 0 ]] || fail "$1: expected a non-zero exit status"; }
expect_out() { grep -qF -- "$1" "$work/out" || fail "$2: stdout lacks '$1'"; }
expect_no_out() { ! grep -qF -- "$1" "$work/out" || fail "$2: stdout has '$1'"; }
expect_err() { grep -qF -- "$1" "$work/err" || fail "$2: stderr lacks '$1'"; }
expect_no_err() { ! grep -qF -- "$1" "$work/err" || fail "$2: stderr has '$1'"; }
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"; }
expect_file() { [[ -f $1 ]] || fail "$2: missing file $1"; }
expect_no_file() { [[ ! -e $1 ]] || fail "$2: unexpected file $1"; }
# json PY_EXPR: the expression over the captured stdout's JSON, `d`.
json() { python3 -c "import json,sys; d=json.load(open('$work/out')); print($1)"; }
expect_json() { # expect_json PY_EXPR EXPECTED WHAT
  local got
  got=$(json "$1") || got="(unreadable JSON)"
  [[ $got == "$2" ]] || fail "$3: $1 is '$got', expected '$2'"
}

# finish NAME: the suite's verdict and exit status.
finish() {
  if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "$1: all checks passed"
}
