#!/usr/bin/env bash
# End-to-end: the man page. `git crochet --help` opens it with the build folder on PATH, as the
# README's quick start sets it up.
source "$(dirname "$0")/lib.sh" e2e-docs

# git turns `git crochet --help` into `man git-crochet`; man looks beside each PATH folder.
capture env -u MANPATH PATH="$(dirname "$CROCHET_BIN"):$base_path" MANPAGER=cat PAGER=cat \
  MANWIDTH=100 git crochet --help
expect_status 0 "git crochet --help from the build folder"
expect_out "versioned schema migrations for neomodel" "git crochet --help shows the man page"

finish e2e-docs
