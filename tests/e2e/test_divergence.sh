#!/usr/bin/env bash
# End-to-end: two branches applied migrations to one database. What status and the post-checkout
# hook say on each branch: a downgrade to run here (the other branch's files are read from git at
# the commits that applied them), or, when that downgrade would be refused (a rollback_safe =
# false migration, a commit and branch that are gone, a file whose bytes differ), which migration
# stops it and what to do instead; never a checkout of the other branch. A rebased branch still
# gives the file its old commit applied.
source "$(dirname "$0")/lib.sh" e2e-divergence

command -v sqlite3 >/dev/null || {
  echo "the sqlite3 shell is required (contrib/setup.sh installs it)" >&2
  exit 1
}

run() { capture git crochet "$@"; }
ledger=.crochet/ledger.db
fresh_ledger() { rm -f "$ledger" "$ledger-wal" "$ledger-shm"; }

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b master .
commit() { git add -A && git commit -q -m "$1"; }
person() { # person PROPERTY...
  {
    echo "from neomodel import StructuredNode, StringProperty"
    echo ""
    echo "class Person(StructuredNode):"
    echo "    __kgid__ = \"k-person\""
    for property in "$@"; do echo "    $property = StringProperty()"; done
  } >models/person.py
}
revision_of() { sed -n 's/^revision = "\(.*\)"$/\1/p' migrations/"$1"_*.toml; }

git crochet new-project >/dev/null
person name
git crochet create-migration "add person" >/dev/null
commit "add person"
person name email
git crochet create-migration "add email" >/dev/null
commit "add email"
person name email nickname
git crochet create-migration "add nickname" >/dev/null
commit "add nickname"
r3=$(revision_of 0003)

git checkout -q -b drop-name
person email nickname
git crochet create-migration "drop name" >/dev/null
# A dropped property's values cannot come back: the migration says so.
f_drop=$(ls migrations/0004_*.toml)
if grep -q '^rollback_safe = ' "$f_drop"; then
  sed -i 's/^rollback_safe = .*/rollback_safe = false/' "$f_drop"
else
  sed -i '1i rollback_safe = false' "$f_drop"
fi
commit "drop name"
r_drop=$(revision_of 0004)
c_drop=$(git rev-parse HEAD)

git checkout -q -b add-city master
person name email nickname city
git crochet create-migration "add city" >/dev/null
commit "add city"
r_city=$(revision_of 0004)
c_city=$(git rev-parse HEAD)

git checkout -q master
person name email nickname age
git crochet create-migration "add age" >/dev/null
commit "add age"
r_age=$(revision_of 0004)
git crochet hooks install >/dev/null

# --- a revertible migration from another branch: downgrade here, then upgrade ---------------
fresh_ledger
git checkout -q add-city
git crochet stamp head >/dev/null
capture git checkout -q master
expect_status 0 "checkout master"
hint="to revert it here, run \`git crochet downgrade --target $r3\` (0003_add_nickname; it reads the other branch's files from git), then \`git crochet upgrade\`"
expect_err "git-crochet:   $hint" "post-checkout hint for a revertible foreign migration"
expect_no_err "check out" "post-checkout sends nobody to another branch"
run status
expect_out "Database: diverged" "status with add-city's migration"
expect_out "  $hint" "status hint for a revertible foreign migration"
expect_no_out "check out" "status sends nobody to another branch"
run status --json
python3 -c "import json,sys; d=json.load(open('$work/out')); sys.exit(0 if d['revert_advice'] == [sys.argv[1]] else 1)" "$hint" ||
  fail "status --json revert_advice"

# The commit that applied it is gone (the branch was rebased or amended), but the branch still has
# the file, byte for byte: the downgrade reads it from there.
sqlite3 "$ledger" "UPDATE applied_migrations SET commit_sha = '$(printf 'd%.0s' {1..40})' WHERE revision = '$r_city'"
run status
expect_out "  $hint" "status: the file is read from the branch when its commit is gone"

# The file at that commit is not the one that was applied.
sqlite3 "$ledger" "UPDATE applied_migrations SET commit_sha = '$c_city', file_sha256 = 'sha256:$(printf '0%.0s' {1..64})' WHERE revision = '$r_city'"
run status
expect_out "would refuse: migrations/0004_add_city.toml ($r_city) at commit ${c_city:0:12} (branch add-city) is not the file that was applied (its SHA-256 differs from the ledger's)" \
  "status names the differing bytes"

# --- the reported case: drop-name's rollback-unsafe 0004, then master's 0004 on top ----------
fresh_ledger
git checkout -q drop-name 2>/dev/null
git crochet stamp head >/dev/null
git checkout -q master 2>/dev/null
git crochet stamp head >/dev/null
run status
expect_out "Database: diverged" "status on master"
expect_out "  \`git crochet downgrade --target $r3\` would refuse: 0004_drop_name is rollback_safe = false: its downgrade cannot restore the graph" \
  "master: the unsafe foreign migration is named"
expect_out "  instead, bring the other branch's migrations into this one (\`git merge drop-name\`), join the migration heads with \`git crochet merge\` and run \`git crochet upgrade\`; or restore the database and its ledger from a backup taken before 0004_drop_name was applied, then run \`git crochet upgrade\`" \
  "master: what to do instead"
expect_no_out "to revert it here" "master: no downgrade that would fail"

# On drop-name, going back to 0003 would revert its own rollback-unsafe 0004 as well; master's
# 0004 was applied last, so `--steps 1` reverts it alone.
capture git checkout -q drop-name
steps_hint="to revert it here, run \`git crochet downgrade --steps 1\` (the newest applied migration; it reads the other branch's files from git)"
expect_err "git-crochet:   $steps_hint" "drop-name: post-checkout reverts master's migration alone"
expect_no_err "would refuse" "drop-name: post-checkout suggests no failing downgrade"
expect_no_err "check out" "drop-name: post-checkout sends nobody back to master"
run status
expect_out "  $steps_hint" "drop-name: status reverts master's migration alone"
[[ -n $r_age && -n $c_drop ]] || fail "the scenario's revisions"

# --- add-city's migration applied, then the branch deleted and its commit collected ------------
fresh_ledger
git checkout -q add-city 2>/dev/null
git crochet stamp head >/dev/null
git checkout -q master 2>/dev/null
git branch -q -D add-city
git reflog expire --expire=now --all
git gc -q --prune=now
git cat-file -e "$c_city" 2>/dev/null && fail "add-city's commit was collected"
run status
expect_out "  \`git crochet downgrade --target $r3\` would refuse: migrations/0004_add_city.toml ($r_city) was applied from commit ${c_city:0:12} (branch add-city), which this repository no longer has" \
  "status names the missing commit"
expect_out "  instead, restore the database and its ledger from a backup taken before 0004_add_city was applied, then run \`git crochet upgrade\`; or fetch branch add-city back from a clone that still has it: this repository has neither the branch nor the commit 0004_add_city was applied from" \
  "status says what is gone and what is left"
expect_no_out "git merge" "no merge of a branch that is gone"
expect_no_out "to revert it here" "no downgrade suggested when the file is gone"

finish "test_divergence"
