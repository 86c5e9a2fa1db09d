#!/usr/bin/env bash
# End-to-end: the commands and paths git-crochet's advice names work where the user typed the
# command. From a monorepo's root, a project in backend/ is `git crochet -C backend ...` and its
# files backend/...; from inside the project, plain `git crochet ...`.
source "$(dirname "$0")/lib.sh" e2e-advice

git config --global init.defaultBranch main

person() { # person EXTRA_LINES...: backend/models/person.py, each extra line in the class body
  printf '%s\n' "from neomodel import StructuredNode, StringProperty" "" \
    "class Person(StructuredNode):" '    __kgid__ = "k-person"' "    name = StringProperty()" \
    "${@/#/    }" >backend/models/person.py
}

mono="$work/mono"
mkdir -p "$mono/backend"
cd "$mono"
git init -q .
(cd backend && git crochet new-project --name mono --path . >/dev/null)

# No migration yet: stamp says how to write one.
run_root() { capture_in "$mono" git crochet -C backend "$@"; }
run_root stamp head
expect_failure "stamp with no migration"
expect_err 'git crochet -C backend create-migration "DESCRIPTION"' "stamp: create-migration from the root"
capture_in "$mono/backend/models" git crochet stamp head
expect_err 'write one with `git crochet create-migration "DESCRIPTION"`' \
  "stamp inside the project: no -C"

# A class without __kgid__: kgid --write, for the project's folder.
printf 'from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n    pass\n' \
  >backend/models/dog.py
run_root schema
expect_failure "schema with a class missing its __kgid__"
expect_err 'Run `git crochet -C backend kgid --write`' "kgid advice from the root"
capture_in "$mono/backend" git crochet schema
expect_err 'Run `git crochet kgid --write`' "kgid advice inside the project"
rm backend/models/dog.py

person
run_root create-migration ""
expect_failure "create-migration with no description"
expect_err 'e.g. git crochet -C backend create-migration "add Person.email"' \
  "create-migration's example from the root"
run_root create-migration "add person"
expect_status 0 "create-migration from the root"
git add -A
git commit -q -m "person"

# A damaged schema snapshot: the file to restore, from where the command was typed.
snapshot=$(ls backend/migrations/snapshots/*.json)
echo "not json" >"$snapshot"
person "email = StringProperty()"
run_root create-migration "add email"
expect_failure "create-migration over a damaged snapshot"
expect_err "git checkout -- $snapshot" "the snapshot to restore, from the root"
capture_in "$mono/backend" git crochet create-migration "add email"
expect_err "git checkout -- ${snapshot#backend/}" "the snapshot to restore, inside the project"
git checkout -q -- "$snapshot"

# The offline script says to stamp what it ran, for the project's folder.
run_root upgrade --sql
expect_status 0 "upgrade --sql from the root"
expect_out "//   git crochet -C backend stamp " "upgrade --sql: stamp from the root"

# Two migration heads: verify and create-migration name merge for the project's folder.
node_file() { # node_file NAME: backend/models/NAME.py with class NAME
  printf 'from neomodel import StructuredNode\n\nclass %s(StructuredNode):\n    __kgid__ = "k-%s"\n' \
    "$1" "$1" >"backend/models/$1.py"
}
git checkout -q -- backend/models
git checkout -q -b side
node_file Dog
(cd backend && git crochet create-migration "add dog" >/dev/null)
git add -A
git commit -q -m "dog"
git checkout -q main
node_file Cat
(cd backend && git crochet create-migration "add cat" >/dev/null)
git add -A
git commit -q -m "cat"
git merge -q --no-verify --no-edit side
run_root verify
expect_failure "verify with two heads"
expect_out 'git crochet -C backend merge' "verify: merge from the root"
run_root create-migration "more"
expect_failure "create-migration with two heads"
expect_err 'run `git crochet -C backend merge`' "create-migration: merge from the root"

# hooks install refused over a chained name already taken: its --force and --manual.
printf '#!/bin/sh\n' >.git/hooks/pre-commit
touch .git/hooks/pre-commit.crochet-chained
run_root hooks install
expect_failure "hooks install over a taken chained name"
expect_err 'run `git crochet -C backend hooks install --force`' "hooks install: --force from the root"
expect_err '`git crochet -C backend hooks install --manual`' "hooks install: --manual from the root"

finish "advice"
