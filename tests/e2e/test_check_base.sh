#!/usr/bin/env bash
# End-to-end: `check --base BASE [REV]` asks of every commit of BASE..REV whether its models are
# covered by its migrations, as CI asks of a pull request; a commit made with --no-verify and
# patched up by a later one fails it, though the tip alone is covered.
source "$(dirname "$0")/lib.sh" e2e-check-base

run() { capture_in "$repo" git crochet "$@"; }

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
git crochet new-project --name social --path . >/dev/null
person() { # person EXTRA_LINES...: the Person model
  {
    echo "from neomodel import StructuredNode, StringProperty"
    echo ""
    echo ""
    echo "class Person(StructuredNode):"
    echo "    __kgid__ = \"k-person\""
    echo "    name = StringProperty(index=True)"
    for line in "$@"; do echo "    $line"; done
  } >models/person.py
}
person
git crochet create-migration "add person" >/dev/null
git add -A && git commit -q -m "add Person"
c_person=$(git rev-parse HEAD)
person "email = StringProperty(unique_index=True)"
git add -A && git commit -q --no-verify -m "email, migration forgotten"
c_forgot=$(git rev-parse HEAD)
git crochet create-migration "add email" >/dev/null
git add -A && git commit -q -m "the email migration"

run check
expect_status 0 "the tip alone is covered"

run check --base "$c_person"
expect_status 1 "a commit of the range is not covered"
expect_out "models at $(git rev-parse --short "$c_forgot") are not covered" "names the commit"
expect_out "Person.email: added StringProperty" "lists the change without a migration"
expect_out "1 of 2 commits of $c_person..HEAD not covered" "summary"

run check --base "$c_person" "$c_forgot"
expect_status 1 "REV ends the range"
expect_out "1 of 1 commit of $c_person..$c_forgot not covered" "summary with REV"

run check --base "$c_forgot"
expect_status 0 "every commit after the forgotten migration is covered"
expect_out "all 1 commit of $c_forgot..HEAD covered" "summary when covered"

run check --base HEAD
expect_status 0 "an empty range"
expect_out "no commits in HEAD..HEAD" "an empty range says so"

run check --base nosuchrev
expect_status 129 "an unknown base cannot run"
expect_err "unknown revision 'nosuchrev'" "an unknown base is named"

run check --base "$c_person" --has Person.email
expect_status 129 "--base asks about coverage only"
run check --has Person.email --hash "$(git crochet schema --hash HEAD)"
expect_status 129 "--has and --hash are two questions: one at a time"

# --staged: the commits of BASE..HEAD, then the index.
person "email = StringProperty(unique_index=True)" "age = StringProperty(index=True)"
git add -A
run check --base "$c_forgot" --staged
expect_status 1 "the index is checked after the commits"
expect_out "models in the index are not covered" "the index is named"
expect_out "1 of 2 commits of $c_forgot..HEAD and the index not covered" "summary with --staged"
git reset -q --hard

# A commit whose models do not parse cannot be evaluated: 125 when no commit is bad.
echo "class Broken(" >models/broken.py
git add -A && git commit -q --no-verify -m "broken model"
git rm -q models/broken.py && git commit -q -m "fix the model"
run check --base "$c_forgot"
expect_status 125 "a commit with model errors, none bad"
expect_err "cannot evaluate" "the unreadable commit is named"
run check --base "$c_person"
expect_status 1 "a bad commit outweighs one that cannot be evaluated"

finish e2e-check-base
