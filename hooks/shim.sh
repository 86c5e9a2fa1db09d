#!/bin/sh
# git-crochet-hook-shim version=@SHIM_VERSION@ hook=@HOOK@
# Installed by `git crochet hooks install`; `git crochet hooks uninstall` removes it and puts
# back the hook it chained (@HOOK@.crochet-chained), if any. The chained hook runs first, with
# the same arguments and input; then `git-crochet hook @HOOK@` does its part. When git-crochet
# is not on PATH this hook says how to remove itself and lets git go on: a missing tool must
# never block a commit.
hook=@HOOK@
project=@PROJECT_DIR@ # the crochet project's folder from the work tree root; '' when it is the root
refuses= # pre-commit and pre-merge-commit can refuse; the post-* hooks only report
case $hook in pre-commit | pre-merge-commit) refuses=1 ;; esac
chained="$0.crochet-chained"
input=
if [ "$hook" = post-rewrite ]; then
  input=$(cat) # "old new" lines: the chained hook and git-crochet both read them
fi
feed() { [ -z "$input" ] || printf '%s\n' "$input"; }

status=0
if [ -x "$chained" ]; then
  if [ "$hook" = post-rewrite ]; then
    feed | GIT_CROCHET_HOOK=$hook "$chained" "$@"
  else
    GIT_CROCHET_HOOK=$hook "$chained" "$@"
  fi
  status=$?
  # A refusing pre-commit hook decides; post-* hooks keep their own exit status.
  [ -n "$refuses" ] && [ "$status" -ne 0 ] && exit "$status"
fi

# Inside a hook git-crochet already runs for (a chained hook that runs git): do nothing more.
[ -n "${GIT_CROCHET_HOOK:-}" ] && exit "$status"

# A hooks folder that several repositories share (a global core.hooksPath) runs this hook in each
# of them: where the project's folder does not exist, there is nothing to check.
if [ -n "$project" ] && [ ! -d "$project" ]; then
  exit "$status"
fi

if ! command -v git-crochet >/dev/null 2>&1; then
  echo "git-crochet: the $hook hook did nothing: git-crochet is not on PATH." >&2
  echo "  Install git-crochet again, or remove this hook: rm '$0'" >&2
  [ -e "$chained" ] && echo "  and put back the hook it chained: mv '$chained' '$0'" >&2
  exit "$status"
fi

if [ "$hook" = post-rewrite ]; then
  feed | git-crochet@PROJECT_ARGS@ hook "$hook" "$@"
elif [ -n "$refuses" ] || [ "$status" -eq 0 ]; then
  exec git-crochet@PROJECT_ARGS@ hook "$hook" "$@"
else
  git-crochet@PROJECT_ARGS@ hook "$hook" "$@"
fi
exit "$status"
