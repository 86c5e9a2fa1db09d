#!/usr/bin/env bash
# End-to-end: the git hooks through real `git commit`, `merge`, `checkout`, `rebase` and
# `commit --amend` in throwaway repositories with fixed dates. Asserts what the hooks print and
# whether the commit happened.
source "$(dirname "$0")/lib.sh" e2e-hooks

git config --global init.defaultBranch main
git config --global advice.detachedHead false

# run CMD...: any command in the current directory, output captured.
run() { capture "$@"; }
head_id() { git rev-parse HEAD; }
expect_committed() { [[ $(head_id) != "$1" ]] || fail "$2: the commit did not happen"; }
expect_not_committed() { [[ $(head_id) == "$1" ]] || fail "$2: the commit happened"; }
ledger_commits() { sqlite3 .crochet/ledger.db "SELECT commit_sha FROM applied_migrations ORDER BY seq"; }

person() { # person EXTRA_LINES...
  {
    echo "from neomodel import StructuredNode, StringProperty"
    echo ""
    echo "class Person(StructuredNode):"
    echo "    __kgid__ = \"k-person\""
    echo "    name = StringProperty()"
    for line in "$@"; do echo "    $line"; done
  } >models/person.py
}
dog() {
  printf 'from neomodel import StructuredNode, StringProperty\n\nclass Dog(StructuredNode):\n' >models/dog.py
  printf '    __kgid__ = "k-dog"\n    name = StringProperty(index=True)\n' >>models/dog.py
}
# new_repo DIR: a crochet project with Person and its first migration, committed.
new_repo() {
  mkdir -p "$1"
  cd "$1"
  git init -q .
  git crochet new-project --name e2e --path . >/dev/null
  person
  git crochet create-migration "add person" >/dev/null
  git add -A
  git commit -q -m "add person"
}

# --- install, the commit gate ------------------------------------------------------------------
new_repo "$work/repo"
# A core.hooksPath of ~/... with no home folder to expand it to is refused: no folder named "~"
# appears in the work tree.
git config core.hooksPath '~/hk'
run env -u HOME git-crochet hooks install
expect_status 1 "hooks install with ~ in core.hooksPath and no HOME"
expect_err "core.hooksPath '~/hk' starts with ~, and there is no home folder to expand it to" \
  "names the path it cannot expand"
[ ! -e "$work/repo/~" ] || fail "no folder named ~ in the work tree"
git config --unset core.hooksPath
run git crochet hooks install
expect_status 0 "hooks install"
expect_out "pre-commit: installed" "hooks install"
expect_out "post-rewrite: installed" "hooks install"
expect_out "post-commit: installed" "hooks install"
run git crochet hooks status
expect_out "pre-commit: ours (shim version 3)" "hooks status"
expect_out "pre-merge-commit: ours (shim version 3)" "hooks status lists pre-merge-commit"
run git crochet hooks status --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [h["state"] for h in d["hooks"]] == ["ours"]*6, d' \
  "$work/out" || fail "hooks status --json"

# status says when the hooks are not in place: a fresh clone has none.
run git crochet status
expect_no_out "Hooks:" "status with every hook installed"
run git crochet status --json
expect_json "d['hooks']" "{'complete': True, 'missing': [], 'outdated': []}" "status --json, hooks installed"
git clone -q "$work/repo" "$work/clone"
capture_in "$work/clone" git crochet status
expect_status 0 "status in a fresh clone"
expect_out 'Hooks: not installed: run `git crochet hooks install`' "status in a fresh clone"
capture_in "$work/clone" git crochet status --json
expect_json "d['hooks']['complete'], len(d['hooks']['missing'])" "False 6" "status --json in a fresh clone"
capture_in "$work/clone" git crochet hooks install
rm -f "$work/clone/.git/hooks/post-commit"
sed -i 's/version=3/version=1/' "$work/clone/.git/hooks/pre-commit"
capture_in "$work/clone" git crochet status
expect_out 'Hooks: missing post-commit; outdated pre-commit: run `git crochet hooks install`' \
  "status names a missing and an outdated hook"
capture_in "$work/clone/models" git crochet -C .. status
expect_out 'run `git crochet hooks install`' "status from inside the project needs no -C"
capture_in "$work" git crochet -C clone status
expect_out 'run `git crochet -C clone hooks install`' "status with -C names the folder"
# A hooks setting git-crochet cannot read is reported; the rest of status still answers.
git -C "$work/clone" config core.hooksPath '~nosuchuser/hooks'
capture_in "$work/clone" git crochet status
expect_status 0 "status with an unreadable core.hooksPath"
expect_out 'Hooks: cannot check them: cannot read git configuration core.hooksPath' \
  "status names the unreadable hooks setting"
expect_out "Ledger: " "status goes on past the hooks check"
capture_in "$work/clone" git crochet status --json
expect_json "d['hooks']['complete'], 'core.hooksPath' in d['hooks']['error']" "False True" \
  "status --json carries the hooks check's error"
git -C "$work/clone" config --unset core.hooksPath
# Hooks that other tools manage count as in place when they run git-crochet.
hooks_dir="$work/clone/.git/hooks"
rm -f "$hooks_dir"/*
for name in pre-commit pre-merge-commit post-commit post-merge post-checkout post-rewrite; do
  printf '#!/bin/sh\nnpx lint-staged\ngit crochet hook %s "$@"\n' "$name" >"$hooks_dir/$name"
  chmod +x "$hooks_dir/$name"
done
capture_in "$work/clone" git crochet status
expect_no_out "Hooks:" "hand-written hooks calling \`git crochet hook\`"
printf '#!/bin/sh\nnpx lint-staged\n' >"$hooks_dir/post-merge"
capture_in "$work/clone" git crochet status
expect_out "Hooks: missing post-merge: run" "a hand-written hook that does not call git-crochet"
# husky 9: core.hooksPath .husky/_, whose every hook runs its runner h, which runs .husky/NAME.
rm -f "$hooks_dir"/*
mkdir -p "$work/clone/.husky/_"
for name in pre-commit pre-merge-commit post-commit post-merge post-checkout post-rewrite; do
  printf '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n' >"$work/clone/.husky/_/$name"
  chmod +x "$work/clone/.husky/_/$name"
  printf 'git crochet hook %s "$@"\n' "$name" >"$work/clone/.husky/$name"
done
printf '#!/usr/bin/env sh\n' >"$work/clone/.husky/_/h"
printf 'npm test\n' >"$work/clone/.husky/post-checkout"
git -C "$work/clone" config core.hooksPath .husky/_
capture_in "$work/clone" git crochet status
expect_out "Hooks: missing post-checkout: run" "husky 9: only the hook whose script lacks git-crochet"
git -C "$work/clone" config --unset core.hooksPath
rm -rf "$work/clone/.husky"
# lefthook: its hooks run \`lefthook run NAME\`; lefthook.yml says what that runs.
for name in pre-commit pre-merge-commit post-commit post-merge post-checkout post-rewrite; do
  printf '#!/bin/sh\ncall_lefthook() { lefthook "$@"; }\ncall_lefthook run "%s" "$@"\n' "$name" \
    >"$hooks_dir/$name"
  chmod +x "$hooks_dir/$name"
done
capture_in "$work/clone" git crochet status
expect_out "Hooks: not installed: run" "lefthook without git-crochet in its configuration"
printf 'pre-commit:\n  commands:\n    crochet:\n      run: git crochet hook pre-commit\n' \
  >"$work/clone/lefthook.yml"
capture_in "$work/clone" git crochet status
expect_no_out "Hooks:" "lefthook configured to run git-crochet"
rm -f "$work/clone/lefthook.yml" "$hooks_dir"/*
capture_in "$work/clone" git crochet hooks install

before=$(head_id)
person "email = StringProperty(unique_index=True)"
git add models
run git commit -m "email without migration"
expect_failure "model change without a migration"
expect_not_committed "$before" "model change without a migration"
expect_err "commit refused: the staged models are not covered by the staged migrations" "refusal"
expect_err "Person.email" "refusal lists the change"
expect_err 'git crochet create-migration "add Person.email"' "refusal gives the command"
expect_no_err "differ from the staged ones" "no partial-staging advice when all is staged"
# A partial `git add`: create-migration would read the unstaged change too, so the advice says
# to line the work tree up with the index first.
person "email = StringProperty(unique_index=True)" "age = StringProperty()"
run git commit -m "email, age left unstaged"
expect_failure "partially staged models without a migration"
expect_err "the work tree's models differ from the staged ones, and create-migration reads the work tree" \
  "partial staging is named"
expect_err "git stash --keep-index" "partial staging: how to set the rest aside"
git checkout -q -- models/person.py

run git commit --no-verify -m "bypass"
expect_status 0 "--no-verify"
expect_committed "$before" "--no-verify bypasses the gate"
git reset -q --soft HEAD~1

run git crochet create-migration "add email"
expect_status 0 "create-migration"
# It tells the gate the schema hash of the models it read, so the commit does not read them.
migration=$(head -1 "$work/out")
hash=$(sed -n 's/^schema_hash = "\(.*\)"$/\1/p' "$migration")
[[ -n $hash ]] || fail "no schema_hash in $migration"
grep -qE "^[0-9a-f]{64} $hash\$" .crochet/cache/pre-commit ||
  fail "create-migration records the models' hash for the gate"
# Written but not added: another create-migration would find nothing to write, so the refusal
# says to stage the one there is.
before=$(head_id)
run git commit -m "email, its migration not added"
expect_failure "migration written but not staged"
expect_not_committed "$before" "migration written but not staged"
expect_err "the work tree's migrations cover these models, but migrations/0002_add_email.toml is not staged" \
  "the unstaged migration is named"
expect_err "git add migrations/" "the unstaged migration: how to stage it"
expect_no_err "create-migration" "no second migration is suggested"
git add migrations
before=$(head_id)
run git commit -m "email with its migration"
expect_status 0 "model change with its migration"
expect_committed "$before" "model change with its migration"

# A change outside models/ and migrations/ is not read at all (a broken unstaged model is fine).
echo "class Broken(" >models/broken.py
echo docs >README
git add README
before=$(head_id)
run git commit -m "docs"
expect_status 0 "unrelated commit"
expect_committed "$before" "unrelated commit"
rm models/broken.py

# --- git commit -a and git commit <path>: the temporary index ----------------------------------
person "email = StringProperty(unique_index=True)" "age = StringProperty()"
before=$(head_id)
run git commit -a -m "age via -a"
expect_failure "commit -a without a migration"
expect_not_committed "$before" "commit -a without a migration"
expect_err "Person.age" "commit -a reads the temporary index"
run git commit -m "age by path" models/person.py
expect_failure "commit <path> without a migration"
expect_not_committed "$before" "commit <path> without a migration"
expect_err "Person.age" "commit <path> reads the temporary index"
# The real index has the model change staged, but `git commit README` commits only README.
git add models/person.py
echo more >>README
run git commit -m "readme only" README
expect_status 0 "commit <path> leaves the staged model change out"
expect_committed "$before" "commit <path> of an unrelated file"
git crochet create-migration "add age" >/dev/null
git add migrations # a new file must be staged; `git commit <path>` takes only tracked files
before=$(head_id)
run git commit -m "age by path with migration" models/person.py migrations
expect_status 0 "commit <path> with the migration"
expect_committed "$before" "commit <path> with the migration"
person "email = StringProperty(unique_index=True)" "age = StringProperty()" "nick = StringProperty()"
git crochet create-migration "add nick" >/dev/null
git add migrations # the model change itself is staged by -a
before=$(head_id)
run git commit -a -m "nick via -a"
expect_status 0 "commit -a with the migration"
expect_committed "$before" "commit -a with the migration"

# --- a staged model file with a syntax error -----------------------------------------------------
printf 'from neomodel import StructuredNode\n\nclass Broken(StructuredNode\n' >models/broken.py
git add models/broken.py
before=$(head_id)
run git commit -m "broken"
expect_failure "syntax error staged"
expect_not_committed "$before" "syntax error staged"
expect_err "the staged models have errors" "syntax error staged"
expect_err "models/broken.py:3:" "syntax error location"
git rm -q --cached models/broken.py
rm models/broken.py

# --- the binary removed from PATH ----------------------------------------------------------------
person "email = StringProperty(unique_index=True)" "age = StringProperty()" "nick = StringProperty()" \
  "zip = StringProperty()"
git add models
before=$(head_id)
run env PATH="$base_path" git commit -m "no tool"
expect_status 0 "binary missing: the commit goes through"
expect_committed "$before" "binary missing"
expect_err "git-crochet is not on PATH" "binary missing"
expect_err "rm '.git/hooks/pre-commit'" "binary missing: how to remove the hook"
git reset -q --soft HEAD~1
git reset -q HEAD -- models
git checkout -q -- models

# --- two branches, two heads, git crochet merge --------------------------------------------------
main_before=$(head_id)
git checkout -q -b feature-dog
dog
git crochet create-migration "add dog" >/dev/null
git add -A
git commit -q -m "dog"
git checkout -q main
person "email = StringProperty(unique_index=True)" "age = StringProperty()" "nick = StringProperty()" \
  "city = StringProperty()"
git crochet create-migration "add city" >/dev/null
git add -A
git commit -q -m "city"
before=$(head_id)
run git merge --no-edit feature-dog
expect_failure "clean merge leaving two migration heads"
expect_not_committed "$before" "clean merge leaving two migration heads"
expect_err "commit refused: the staged migrations have several heads" "pre-merge-commit refusal"
git merge --abort
run git merge --no-verify --no-edit feature-dog
expect_status 0 "merge of two branches with migrations, --no-verify"
expect_err "the migrations now have 2 heads" "post-merge: two heads"
expect_err "git crochet merge" "post-merge suggests git crochet merge"
# From a subdirectory: the command it ends with names the folder as the shell reaches it.
capture_in models git crochet merge
expect_status 0 "git crochet merge"
expect_out "joins" "git crochet merge"
expect_out "review it, then: git add ../migrations/ && git commit" "merge's git add is the shell's path"
merge_file=$(head -1 "$work/out")
[[ -f $merge_file ]] || fail "git crochet merge wrote $merge_file"
grep -q '^parents = \[' "$merge_file" || fail "merge migration has two parents"
git add migrations
before=$(head_id)
run git commit -m "merge migration"
expect_status 0 "merge migration commit"
expect_committed "$before" "merge migration commit"
run git crochet merge
expect_failure "merge with one head"
expect_err "single head" "merge with one head"

# --- ledger: post-checkout, post-merge, post-rewrite ---------------------------------------------
run git crochet stamp head
expect_status 0 "stamp head"
stamped=$(head_id)
[[ $(ledger_commits | sort -u) == "$stamped" ]] || fail "stamp records HEAD"
run git checkout feature-dog
expect_status 0 "checkout to a branch behind the database"
expect_err "branch feature-dog's migrations end at" "post-checkout names the branch head"
expect_err "git crochet downgrade --target" "post-checkout gives the command"
run git checkout main
expect_status 0 "checkout back"
expect_no_err "git-crochet" "post-checkout in line is silent"
# post-merge: a migration arrives with a pull.
git checkout -q -b feature-owner
echo "    owner = StringProperty()" >>models/dog.py
git crochet create-migration "add owner" >/dev/null
git add -A
git commit -q -m "owner"
git checkout -q main
run git merge --no-edit feature-owner
expect_status 0 "merge bringing a migration"
expect_err "1 migration pending" "post-merge lists pending"
expect_err "git crochet upgrade" "post-merge suggests upgrade"

# post-rewrite: amend and rebase move the commits the ledger recorded.
git reset -q --hard "$stamped"
git commit -q --amend -m "merge migration (amended)"
amended=$(head_id)
[[ $(ledger_commits | sort -u) == "$amended" ]] || fail "amend remaps the ledger ($(ledger_commits | sort -u))"
git checkout -q -b side "$amended~1"
git commit -q --allow-empty -m "side work"
git checkout -q main
run git rebase side
expect_status 0 "rebase"
rebased=$(head_id)
[[ $rebased != "$amended" ]] || fail "rebase rewrote the commit"
[[ $(ledger_commits | sort -u) == "$rebased" ]] || fail "rebase remaps the ledger ($(ledger_commits | sort -u))"
# A rebase runs no pre-commit: two branches' migrations on one parent end up as two heads.
node_file() { # node_file NAME: models/NAME.py with class NAME
  printf 'from neomodel import StructuredNode\n\nclass %s(StructuredNode):\n    __kgid__ = "k-%s"\n' \
    "$1" "$1" >"models/$1.py"
}
branch_adding() { # branch_adding BRANCH NAME: BRANCH, from main, adds class NAME and its migration
  git checkout -q -b "$1" main
  node_file "$2"
  git crochet create-migration "add ${2,,}" >/dev/null
  git add -A
  git commit -q -m "${2,,}"
}
branch_adding rebased-cat Cat
branch_adding rebased-bird Bird
run git rebase rebased-cat
expect_status 0 "rebase leaving two heads"
expect_err "the migrations now have 2 heads" "post-rewrite after a rebase: several heads"
expect_err "git crochet merge" "post-rewrite after a rebase suggests git crochet merge"
# post-commit, which git runs for each commit a rebase picks, leaves the rebase to post-rewrite.
[[ $(grep -c "now have 2 heads" "$work/err") -eq 1 ]] || fail "a rebase names the heads once"
# post-checkout, which git runs when a rebase moves to the commit it rebases onto, too: that
# commit is passing through, not one to move the database to.
expect_no_err "migrations end at" "post-checkout is quiet while a rebase runs"
git checkout -q main
# A bisect checks out commits to test, not to run the database at: post-checkout is quiet.
run git checkout "$stamped~2"
expect_err "migrations end at" "post-checkout speaks for a commit behind the database"
git checkout -q main
run git bisect start main "$stamped~2"
expect_status 0 "bisect start"
expect_no_err "git-crochet" "post-checkout is quiet while a bisect runs"
git bisect reset >/dev/null 2>&1
git branch -D -q rebased-cat rebased-bird
# A cherry-pick runs neither pre-commit nor post-rewrite: post-commit names the heads it made.
branch_adding picked-cat Cat
branch_adding picked-bird Bird
run git cherry-pick picked-cat
expect_status 0 "cherry-pick leaving two heads"
expect_err "the migrations now have 2 heads" "post-commit after a cherry-pick: several heads"
expect_err "_add_cat): join them with \`git crochet merge\`" "post-commit after a cherry-pick: merge"
echo notes >NOTES
git add NOTES
run git commit -q -m "notes"
expect_no_err "heads" "post-commit: a commit that leaves migrations/ alone"
git checkout -q main
git branch -D -q picked-cat picked-bird

# A corrupt ledger: hooks warn and never block.
cp .crochet/ledger.db "$work/ledger.good"
rm -f .crochet/ledger.db-wal .crochet/ledger.db-shm
echo "not a database" >.crochet/ledger.db
run git checkout side
expect_status 0 "checkout with a corrupt ledger"
expect_err "warning: cannot read the ledger" "corrupt ledger warning"
[[ $(git rev-parse --abbrev-ref HEAD) == side ]] || fail "checkout with a corrupt ledger happened"
run git checkout main
run git commit --amend -q -m "amend with a corrupt ledger"
expect_status 0 "amend with a corrupt ledger"
expect_err "warning: cannot update the ledger" "post-rewrite with a corrupt ledger"
git checkout -q -b more
git commit -q --allow-empty -m "more"
git checkout -q main
run git merge --no-ff --no-edit more
expect_status 0 "merge with a corrupt ledger"
expect_err "warning: cannot read the ledger" "post-merge with a corrupt ledger"
cp "$work/ledger.good" .crochet/ledger.db

# --- the head migration's schema snapshot must be committed with it -----------------------------
# create-migration diffs against it and verify checks it: a clone of a commit without it can do
# neither, and no commit has it to restore.
new_repo "$work/snapshot"
git crochet hooks install >/dev/null
person "email = StringProperty()"
git crochet create-migration "add email" >/dev/null
snapshot=migrations/snapshots/$(sed -n 's/^schema_hash = "sha256:\(.*\)"$/\1/p' migrations/0002_add_email.toml).json
expect_file "$snapshot" "create-migration writes the snapshot"
git add models migrations/*.toml
before=$(head_id)
run git commit -m "email without its snapshot"
expect_status 1 "head migration's snapshot not staged"
expect_not_committed "$before" "head migration's snapshot not staged"
expect_err "commit refused: the head migration's schema snapshot is not staged." "snapshot not staged"
expect_err "migrations/0002_add_email.toml records sha256:" "snapshot not staged: names the head"
expect_err "    git add $snapshot" "snapshot not staged: how to stage it"
expect_err "(\`git commit --no-verify\` skips this check once)" "snapshot not staged: the bypass"
expect_no_err 'create-migration "' "snapshot not staged: nothing to scaffold"
# Both hashes answered by the gate cache now: the same refusal.
run git commit -m "email without its snapshot"
expect_status 1 "snapshot not staged, from the gate cache"
expect_err "    git add $snapshot" "snapshot not staged, from the gate cache"
# In neither the index nor the work tree: create-migration writes it again (then stops).
mv "$snapshot" "$work/snapshot.json"
run git commit -m "email, its snapshot lost"
expect_status 1 "head migration's snapshot missing"
expect_err "commit refused: the head migration's schema snapshot is missing." "snapshot missing"
expect_err "is neither staged nor in the work tree" "snapshot missing"
expect_err '    git crochet create-migration "restore snapshot"' "snapshot missing: how to write it again"
expect_err "    git add $snapshot" "snapshot missing: then stage it"
run git crochet create-migration "restore snapshot"
expect_err "restored the schema snapshot of migrations/0002_add_email.toml" "the advice writes the snapshot"
cmp -s "$snapshot" "$work/snapshot.json" || fail "create-migration writes the same snapshot again"
# `git commit <path>` leaving the staged snapshot out of its paths: add it to them.
git add "$snapshot"
run git commit -m "email by path" models/person.py migrations/0002_add_email.toml
expect_status 1 "snapshot staged but not among the commit's paths"
expect_err "commit refused: the head migration's schema snapshot is not among its paths." \
  "snapshot left out of the paths"
expect_err "is staged, but not among this commit's paths" "snapshot left out of the paths"
expect_no_err "git add" "snapshot left out of the paths: it is staged already"
run git commit -m "email with its snapshot"
expect_status 0 "head migration with its snapshot"
expect_committed "$before" "head migration with its snapshot"
run git crochet verify
expect_status 0 "verify after a commit with the snapshot"

# --- staged, but not among the paths of `git commit <path>` --------------------------------------
# git runs the hook on a temporary index of those paths on top of HEAD: the migration staged in
# the repository's index is left out, and `git add migrations/` would change nothing.
person "email = StringProperty()" "age = StringProperty()"
git crochet create-migration "add age" >/dev/null
git add migrations
before=$(head_id)
run git commit -m "age by path" models/person.py
expect_status 1 "migration staged but not among the commit's paths"
expect_not_committed "$before" "migration staged but not among the commit's paths"
expect_err "the staged migrations cover these models, but migrations/0003_add_age.toml is not among this commit's paths" \
  "the migration left out of the paths is named"
expect_err "add migrations/ to the paths, or commit without paths" "left out of the paths: what to do"
expect_no_err "is not staged" "left out of the paths: it is staged"
expect_no_err "git add" "left out of the paths: nothing to stage"
expect_no_err "create-migration" "left out of the paths: nothing to scaffold"
run git commit -m "age by path" models/person.py migrations
expect_status 0 "commit <path> with the migration's folder"
expect_committed "$before" "commit <path> with the migration's folder"

# --- the work tree ahead of the index on the model side -----------------------------------------
# create-migration read the work tree's models; only the migration was staged. The staged head
# migration covers the work tree: stage the models, nothing is left to scaffold.
git crochet create-node Dog >/dev/null
expect_file models/dog.py "create-node"
git crochet create-migration "add dog" >/dev/null
git add migrations
before=$(head_id)
run git commit -m "dog, its model untracked"
expect_status 1 "new model file not staged"
expect_not_committed "$before" "new model file not staged"
expect_err "the staged models differ from the head migration's schema:" "new model file not staged"
expect_err "the staged migrations cover the work tree's models, but models/dog.py is not staged" \
  "the unstaged model file is named"
expect_err "    git add models/dog.py" "new model file: how to stage it"
expect_no_err "create-migration" "new model file: nothing to scaffold"
expect_no_err "schema changes without a migration" "new model file: no change lacks a migration"
# Staged, but `git commit <path>` leaves it out.
git add models/dog.py
run git commit -m "dog by path" migrations
expect_status 1 "model file staged but not among the commit's paths"
expect_err "but models/dog.py, though staged, is not among this commit's paths" \
  "the model file left out of the paths is named"
expect_no_err "create-migration" "model left out of the paths: nothing to scaffold"
run git commit -m "dog"
expect_status 0 "dog with its model and migration"
expect_committed "$before" "dog with its model and migration"
# An unstaged edit to a tracked model.
person "email = StringProperty()" "age = StringProperty()" "nick = StringProperty()"
git crochet create-migration "add nick" >/dev/null
git add migrations
before=$(head_id)
run git commit -m "nick, the model edit unstaged"
expect_status 1 "model edit not staged"
expect_err "but models/person.py is not staged" "the unstaged model edit is named"
expect_err "    git add models/person.py" "model edit: how to stage it"
expect_no_err "create-migration" "model edit: nothing to scaffold"
# With a partial edit on top the work tree is no longer covered: the usual advice stands.
person "email = StringProperty()" "age = StringProperty()" "nick = StringProperty()" "zip = StringProperty()"
run git commit -m "nick, zip unscaffolded"
expect_status 1 "model edits beyond the staged migration"
expect_err "the work tree's models differ from the staged ones" "edits beyond the migration: stage or stash"
expect_err "git crochet create-migration" "edits beyond the migration: scaffold"
person "email = StringProperty()" "age = StringProperty()" "nick = StringProperty()"
git add models
run git commit -m "nick"
expect_status 0 "nick with its model edit"
# An unstaged crochet.toml setting the schema depends on.
sed -i 's/existence_constraints = false/existence_constraints = true/' crochet.toml
person "email = StringProperty(required=True)" "age = StringProperty()" "nick = StringProperty()"
git add models
git crochet create-migration "require email" >/dev/null
git add migrations
before=$(head_id)
run git commit -m "require email, crochet.toml unstaged"
expect_status 1 "crochet.toml change not staged"
expect_err "the staged migrations cover the work tree's models and crochet.toml, but crochet.toml is not staged" \
  "the unstaged crochet.toml is named"
expect_err "    git add crochet.toml" "crochet.toml: how to stage it"
expect_no_err "create-migration" "crochet.toml: nothing to scaffold"
git add crochet.toml
run git commit -m "require email"
expect_status 0 "crochet.toml with its migration"
expect_committed "$before" "crochet.toml with its migration"

# --- crochet.toml: the staged settings the schema depends on -----------------------------------
new_repo "$work/config"
git crochet hooks install >/dev/null
person "age = StringProperty(required=True)"
git crochet create-migration "add age" >/dev/null
git add -A
git commit -q -m "age"
grep -q '^existence_constraints = false$' crochet.toml || fail "new-project spells out existence_constraints"
sed -i 's/existence_constraints = false/existence_constraints = true/' crochet.toml
before=$(head_id)
run git commit -qam "existence constraints"
expect_failure "crochet.toml change that changes the schema"
expect_not_committed "$before" "crochet.toml change that changes the schema"
expect_err "commit refused: the staged models are not covered by the staged migrations" "config refusal"
expect_err "added existence constraint constraint_existence_Person_age" "config refusal lists the change"
expect_err "git crochet create-migration" "config refusal gives the command"
expect_err "git add migrations/" "config refusal gives the command"
run git crochet create-migration "require existence"
expect_status 0 "create-migration under the new setting"
git add migrations
run git commit -qam "existence constraints"
expect_status 0 "crochet.toml change with its migration"
expect_committed "$before" "crochet.toml change with its migration"
run git crochet check
expect_status 0 "check after the crochet.toml change"
# A setting the schema does not depend on: nothing is read (the gate cache is not even written).
rm -f .crochet/cache/pre-commit
sed -i 's#^uri = .*#uri = "http://db.example:7474"#' crochet.toml
before=$(head_id)
run git commit -qam "another server"
expect_status 0 "crochet.toml change outside the schema"
expect_committed "$before" "crochet.toml change outside the schema"
expect_no_file .crochet/cache/pre-commit "crochet.toml change outside the schema reads nothing"
# The work tree's crochet.toml is not what is committed: only the staged one counts.
sed -i 's/existence_constraints = true/existence_constraints = false/' crochet.toml
echo docs >README
git add README
before=$(head_id)
run git commit -qm "docs"
expect_status 0 "unstaged crochet.toml change"
expect_committed "$before" "unstaged crochet.toml change"
git checkout -q -- crochet.toml

# --- a clean merge that leaves two heads: pre-merge-commit ------------------------------------
new_repo "$work/premerge"
git crochet hooks install >/dev/null
git checkout -q -b dogs
dog
git crochet create-migration "add dog" >/dev/null
git add -A
git commit -q -m "dog"
git checkout -q main
person "email = StringProperty()"
git crochet create-migration "add email" >/dev/null
git add -A
git commit -q -m "email"
before=$(head_id)
run git merge --no-edit dogs
expect_failure "clean merge leaving two heads"
expect_not_committed "$before" "clean merge leaving two heads"
expect_err "git-crochet: merge commit refused: the staged migrations have several heads" "pre-merge-commit refusal"
expect_err 'join them with `git crochet merge`' "pre-merge-commit suggests git crochet merge"
expect_err "git merge --no-verify" "pre-merge-commit names its bypass"
expect_file .git/MERGE_HEAD "the refused merge is still in progress"
run git commit --no-edit
expect_failure "concluding the merge without a merge migration"
expect_err "several heads" "pre-commit checks the concluding commit"
run git crochet merge
expect_status 0 "git crochet merge during the merge"
git add migrations
run git commit --no-edit
expect_status 0 "the merge concluded with its merge migration"
expect_committed "$before" "the merge concluded with its merge migration"
[[ $(git rev-list --parents -n 1 HEAD | wc -w) -eq 3 ]] || fail "the merge commit has two parents"
run git crochet check
expect_status 0 "check after the merge"
# A clean merge that leaves one head goes through.
git checkout -q -b notes
echo notes >NOTES
git add NOTES
git commit -q -m "notes"
git checkout -q main
echo docs >README
git add README
git commit -q -m "docs"
before=$(head_id)
run git merge --no-edit notes
expect_status 0 "clean merge with one head"
expect_committed "$before" "clean merge with one head"

# --- a foreign pre-commit hook keeps running -----------------------------------------------------
new_repo "$work/foreign"
cat >.git/hooks/pre-commit <<EOF
#!/bin/sh
echo "foreign hook ran" >>"$work/foreign.log"
[ ! -e "$work/foreign.refuse" ]
EOF
chmod +x .git/hooks/pre-commit
run git crochet hooks install
expect_status 0 "install over a foreign hook"
expect_out "pre-commit.crochet-chained" "install chains the foreign hook"
run git crochet hooks status
expect_out "pre-commit: chained" "status shows the chained hook"
echo one >README
git add README
before=$(head_id)
run git commit -m "readme"
expect_status 0 "commit with a chained hook"
expect_committed "$before" "commit with a chained hook"
grep -q "foreign hook ran" "$work/foreign.log" || fail "the foreign hook ran"
person "email = StringProperty()"
git add models
run git commit -m "email"
expect_failure "chained hook passes, gate refuses"
[[ $(grep -c "foreign hook ran" "$work/foreign.log") -eq 2 ]] || fail "the foreign hook ran first"
touch "$work/foreign.refuse"
git crochet create-migration "add email" >/dev/null
git add migrations
before=$(head_id)
run git commit -m "email with migration, foreign refuses"
expect_failure "foreign hook refusal is respected"
expect_not_committed "$before" "foreign hook refusal is respected"
rm "$work/foreign.refuse"
run git crochet hooks uninstall
expect_out "put back the hook it chained" "uninstall restores the foreign hook"
grep -q "foreign hook ran" .git/hooks/pre-commit || fail "the foreign hook is back in place"
[[ ! -e .git/hooks/post-merge ]] || fail "uninstall removes our post-merge"
[[ ! -e .git/hooks/pre-merge-commit ]] || fail "uninstall removes our pre-merge-commit"
# A chained hook's name already taken: the install refuses before it prints or changes anything.
touch .git/hooks/pre-commit.crochet-chained
run git crochet hooks install
expect_status 1 "install over a foreign hook whose chained name is taken"
expect_err "pre-commit.crochet-chained is already taken" "the taken name is given"
[[ ! -s $work/out ]] || fail "a refused install prints nothing on stdout"
[[ ! -e .git/hooks/post-merge ]] || fail "a refused install writes no hook"
rm .git/hooks/pre-commit.crochet-chained

# --- core.hooksPath ------------------------------------------------------------------------------
new_repo "$work/hookspath"
git config core.hooksPath .githooks
run git crochet hooks install
expect_status 0 "install with core.hooksPath"
expect_out "hooks folder: $work/hookspath/.githooks (core.hooksPath = .githooks)" "hooksPath folder"
[[ -x .githooks/pre-commit && ! -e .git/hooks/pre-commit ]] || fail "shims in core.hooksPath"
person "email = StringProperty()"
git add models
before=$(head_id)
run git commit -m "email"
expect_failure "gate through core.hooksPath"
expect_not_committed "$before" "gate through core.hooksPath"

# --- a linked worktree shares the hooks ----------------------------------------------------------
new_repo "$work/linked"
git crochet hooks install >/dev/null
git worktree add -q "$work/linked-wt" -b wt
cd "$work/linked-wt"
run git crochet hooks status
expect_out "hooks folder: $work/linked/.git/hooks" "worktree uses the common hooks"
person "email = StringProperty()"
git add models
before=$(head_id)
run git commit -m "email in a worktree"
expect_failure "gate in a linked worktree"
expect_not_committed "$before" "gate in a linked worktree"
git crochet create-migration "add email" >/dev/null
git add migrations
run git commit -m "email in a worktree"
expect_status 0 "gate in a linked worktree with the migration"
expect_committed "$before" "gate in a linked worktree with the migration"

# --- a project in a subfolder --------------------------------------------------------------------
mkdir -p "$work/mono"
cd "$work/mono"
git init -q .
mkdir backend
(cd backend && git crochet new-project --name mono --path . >/dev/null && person &&
  git crochet create-migration "add person" >/dev/null)
git add -A
git commit -q -m "backend"
(cd backend && git crochet hooks install >/dev/null)
grep -q "git-crochet -C 'backend' hook" .git/hooks/pre-commit || fail "shim passes the project folder"
# The same hooks folder shared with a repository that has no backend/ (a global core.hooksPath):
# its commits go through untouched.
git init -q "$work/other"
(cd "$work/other" && git config core.hooksPath "$work/mono/.git/hooks" && echo x >f && git add f &&
  git commit -q -m "no project here" >"$work/out" 2>"$work/err") ||
  { cat "$work/err" >&2; fail "a shared hooks folder blocked a repository without the project"; }
[[ ! -s "$work/err" ]] || fail "a shared hooks folder spoke in a repository without the project: $(cat "$work/err")"
(cd backend && person "email = StringProperty()")
git add -A
run git commit -m "email in backend"
expect_failure "gate for a project in a subfolder"
expect_err "Person.email" "gate for a project in a subfolder"
# git runs hooks at the work tree root: the advice must work from there.
expect_err 'git crochet -C backend create-migration "add Person.email"' \
  "subfolder: create-migration for the project folder"
expect_err "git add backend/migrations/" "subfolder: the migrations folder from the root"
(cd backend && git crochet create-migration "add email" >/dev/null)
git add -A
git commit -q -m "email with its migration"
git checkout -q HEAD~1
git crochet -C backend stamp head >/dev/null
run git checkout -
expect_err 'run `git crochet -C backend upgrade`' "subfolder: post-checkout's command"
# From the work tree root, what merge says to type names the project's folder.
git checkout -q -b age
(cd backend && node_file Age && git crochet create-migration "add age" >/dev/null)
git add -A
git commit -q -m "age"
git checkout -q -b nick main
(cd backend && node_file Nick && git crochet create-migration "add nick" >/dev/null)
git add -A
git commit -q -m "nick"
run git merge -q --no-verify --no-edit age
expect_status 0 "subfolder: a merge leaving two heads"
expect_err 'join them with `git crochet -C backend merge`' "subfolder: post-merge names merge"
run git crochet -C backend merge
expect_status 0 "subfolder: merge from the root"
expect_out "review it, then: git add backend/migrations/ && git commit" \
  "subfolder: merge's git add names the folder from the root"
git add backend/migrations
git commit -q -m "merge migration"
git checkout -q main
# At the root there is no crochet.toml: the error names the project below.
run git crochet status
expect_failure "status at a monorepo's root"
expect_err 'hint: found backend/crochet.toml: run `git crochet -C backend ...`' \
  "the missing project is found in the index"
run git crochet -C backend status
expect_no_out "Hooks:" "status with the hooks installed"
expect_out 'pending; run `git crochet -C backend upgrade`' "status from the root names the folder"
(cd backend/models && git crochet status >"$work/out" 2>"$work/err")
expect_out 'pending; run `git crochet upgrade`' "status inside the project needs no -C"
mkdir -p tools
(cd tools && git crochet new-project --name tools --path . >/dev/null)
git add tools/crochet.toml
run git crochet hooks status
expect_err 'hint: found backend/crochet.toml, tools/crochet.toml: run `git crochet -C FOLDER ...`' \
  "several projects in the index"
git rm -q --cached tools/crochet.toml
rm -rf tools

# --- the manual and the completions ------------------------------------------------------------
# `git crochet --help` is `git help crochet`, which opens the man page git-crochet; so does
# `git-crochet --help`; without the page, the usage text.
mkdir -p "$work/man/man1"
cp "${CROCHET_SOURCE_DIR:-$(dirname "$0")/../..}/docs/git-crochet.1" "$work/man/man1/"
run env MANPATH="$work/man" MANPAGER=cat PAGER=cat git crochet --help
expect_status 0 "git crochet --help"
sed -i 's/  */ /g' "$work/out" # man justifies lines with extra spaces, alternating their side
expect_out "hooks install" "git crochet --help shows the man page"
run env MANPATH="$work/man" MANPAGER=cat PAGER=cat git-crochet --help
expect_out "GIT-CROCHET" "git-crochet --help shows the man page"
mkdir -p "$work/noman"
run env MANPATH="$work/noman" git-crochet --help
expect_status 0 "git-crochet --help without the man page"
expect_out "Subcommands:" "git-crochet --help falls back to the usage text"
run git-crochet -h
expect_out "Usage: git crochet" "-h prints the usage"
completions="${CROCHET_SOURCE_DIR:-$(dirname "$0")/../..}/contrib/completions/git-crochet.bash"
run bash -c "source '$completions'; COMP_WORDS=(git crochet hooks in); COMP_CWORD=3; _git_crochet;
  echo \"\${COMPREPLY[*]}\"; COMP_WORDS=(git-crochet hook post-); COMP_CWORD=2;
  _git_crochet_standalone; echo \"\${COMPREPLY[*]}\""
expect_out "install" "bash completion of hooks subcommands"
expect_out "post-commit post-merge post-checkout post-rewrite" "bash completion of hook names"
run bash -c "source '$completions'; COMP_WORDS=(git crochet hooks st); COMP_CWORD=3; _git_crochet;
  echo \"[\${COMPREPLY[*]}]\"; COMP_WORDS=(git crochet hooks l); COMP_CWORD=3; _git_crochet;
  echo \"[\${COMPREPLY[*]}]\""
expect_out "[status]" "bash completion of a subcommand with an alias"
expect_out "[list]" "bash completion of the alias"
capture_in "$work/repo" git crochet hooks list
expect_status 0 "hooks list is hooks status"
expect_out "pre-commit: ours" "hooks list"

# --- create-migration outside a git work tree: nothing to tell the gate, nothing written -------
mkdir -p "$work/plain"
cd "$work/plain"
git-crochet new-project --name plain --path . >/dev/null
person
run git-crochet create-migration "add person"
expect_status 0 "create-migration outside a git work tree"
expect_no_file .crochet "create-migration outside a git work tree"

# --- .pre-commit-hooks.yaml: every hook of `hooks install` that can refuse or warn, at its stage --
manifest="$(dirname "$0")/../../.pre-commit-hooks.yaml"
for hook in pre-commit pre-merge-commit post-commit post-checkout post-merge; do
  grep -qx "  entry: git-crochet hook $hook" "$manifest" || fail ".pre-commit-hooks.yaml lacks $hook"
  grep -A6 -x "  entry: git-crochet hook $hook" "$manifest" | grep -qx "  stages: \[$hook\]" ||
    fail ".pre-commit-hooks.yaml runs $hook at another stage"
done

finish "test_hooks"
