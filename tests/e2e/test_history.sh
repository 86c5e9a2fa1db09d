#!/usr/bin/env bash
# End-to-end: git-native schema history (schema REV, diff, log, blame, check, bisect) through the
# built binary in throwaway repositories with fixed dates.
source "$(dirname "$0")/lib.sh" e2e-history

# run DIR ARGS...: git crochet in DIR.
run() {
  local dir=$1
  shift
  capture_in "$dir" git crochet "$@"
}

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
commit() { # commit DAY MESSAGE
  git add -A
  GIT_AUTHOR_DATE="2024-01-$1T00:00:00Z" GIT_COMMITTER_DATE="2024-01-$1T00:00:00Z" \
    git commit -q -m "$2"
}
person() { # person EXTRA_LINES...
  {
    echo "from neomodel import StructuredNode, StringProperty"
    echo ""
    echo "class Person(StructuredNode):"
    echo "    __kgid__ = \"k-person\""
    echo "    name = StringProperty()"
    for line in "$@"; do echo "    $line"; done
  } >"${FILE:-models/person.py}"
}
printf '[project]\nname = "g"\n' >crochet.toml
echo "readme" >README
commit 01 "initial, no models"
mkdir -p models
touch models/__init__.py
person
commit 02 "add person"
c_person=$(git rev-parse HEAD)
echo "# docs" >>README
commit 03 "docs only"
git mv models/person.py models/people.py
commit 04 "rename model file"
FILE=models/people.py person "email = StringProperty(unique_index=True)"
commit 05 "add email"
c_email=$(git rev-parse HEAD)
echo "class Broken(" >models/broken.py
commit 06 "broken models"
c_broken=$(git rev-parse HEAD)
rm models/broken.py
commit 07 "fix models"
cat >models/dog.py <<'PY'
from neomodel import StructuredNode, StringProperty

class Dog(StructuredNode):
    __kgid__ = "k-dog"
    name = StringProperty()
PY
commit 08 "add dog"

# --- schema [REV] ------------------------------------------------------------------------
run "$repo" schema HEAD~7
expect_status 0 "schema at a commit without models"
expect_no_out "node " "schema without models"
run "$repo" schema "$c_person"
expect_status 0 "schema at a commit"
expect_out "node Person" "schema at a commit"
expect_no_out "email" "schema at a commit"
run "$repo" schema --json HEAD
expect_out '"schema_hash"' "schema --json HEAD"
json_hash=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schema_hash"])' "$work/out")
# The same hash three ways, at a commit (the history cache has it from the runs above) and for the
# index and the work tree, which hold the same models.
run "$repo" schema --hash HEAD
expect_eq "$(cat "$work/out")" "$json_hash" "schema --hash HEAD"
run "$repo" schema HEAD
expect_out "schema hash: $json_hash" "schema HEAD lists the same hash"
run "$repo" schema --hash --staged
expect_eq "$(cat "$work/out")" "$json_hash" "schema --hash --staged"
run "$repo" schema --hash
expect_eq "$(cat "$work/out")" "$json_hash" "schema --hash of the work tree"
run "$repo" schema --hash "$c_broken"
expect_failure "schema --hash at a broken commit"
run "$repo" schema "$c_broken"
expect_failure "schema at a broken commit"
expect_err "broken.py" "schema at a broken commit"
run "$repo" schema nosuchrev
expect_failure "schema unknown rev"
expect_err "unknown revision 'nosuchrev'" "schema unknown rev"

# --- diff ----------------------------------------------------------------------------------
run "$repo" diff
expect_status 0 "diff clean"
expect_out "no schema changes" "diff clean"
run "$repo" diff "$c_person" HEAD
expect_status 0 "diff two revs"
expect_out "Person.email" "diff two revs"
expect_out "[additive]" "diff two revs"
expect_out "Dog" "diff two revs"
run "$repo" diff HEAD "$c_person" --json
expect_status 0 "diff --json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes"], d' "$work/out" ||
  fail "diff --json parses with changes"
# git diff's ranges: A..B is A against B, A...B their merge base against B.
run "$repo" diff "$c_person..HEAD"
expect_status 0 "diff A..B"
expect_out "schema changes $c_person -> HEAD" "diff A..B compares A with B"
expect_out "Person.email" "diff A..B"
run "$repo" diff "$c_email.."
expect_out "schema changes $c_email -> HEAD" "diff A.. compares A with HEAD"
expect_out "Dog" "diff A.."
git branch side "$c_person"
run "$repo" diff "side...HEAD"
expect_status 0 "diff A...B"
expect_out "the merge base of side and HEAD" "diff A...B starts at the merge base"
expect_out "Person.email" "diff A...B"
run "$repo" diff "HEAD...side"
expect_out "no schema changes between the merge base of HEAD and side" \
  "diff A...B: only B's side, none here"
git branch -D -q side
run "$repo" diff "nosuchrev..HEAD"
expect_failure "diff with an unknown side of a range"
expect_err "unknown revision 'nosuchrev'" "diff names the unknown side"
FILE=models/people.py person "email = StringProperty(unique_index=True)" "age = StringProperty()"
run "$repo" diff
expect_out "Person.age" "diff HEAD vs work tree"
run "$repo" diff --staged
expect_out "no schema changes" "diff --staged before add"
git add models/people.py
run "$repo" diff --staged
expect_out "Person.age" "diff --staged after add"
FILE=models/people.py person "mail = StringProperty(unique_index=True)"
run "$repo" diff
expect_out "possible rename: Person.email=mail" "diff rename hint"
git checkout -q HEAD -- models/people.py

# --- log -----------------------------------------------------------------------------------
run "$repo" log
expect_status 0 "log"
expect_out "add dog" "log"
expect_out "+Dog" "log"
expect_out "+Person.email" "log"
expect_out "2024-01-05" "log date"
expect_out "models have errors" "log marks broken commit"
expect_out "add person" "log continues past broken commit"
expect_no_out "rename model file" "log: moved file keeps identity"
expect_no_out "docs only" "log skips unchanged models"
expect_no_out "initial, no models" "log: commit without models"
run "$repo" log --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)>=4, d' "$work/out" ||
  fail "log --json"
for count in -1 "-n 1" "--max-count=1"; do
  run "$repo" log $count
  expect_status 0 "log $count"
  expect_eq "$(grep -c '^[0-9a-f]\{7,\} ' "$work/out")" 1 "log $count shows one commit"
  expect_out "add dog" "log $count shows the newest"
done
run "$repo" log -2 --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2, d' "$work/out" ||
  fail "log -2 --json"
# A path after `--` (or alone) is no revision: the schema has no paths to narrow the log to.
for args in "-- models" "models/people.py" "-- ."; do
  run "$repo" log $args
  expect_failure "log $args"
  expect_err "is a path: log lists the commits that changed the schema of the whole models folder" \
    "log $args says why a path is refused"
  expect_err "git log -- " "log $args points to git log"
done
# After `--` comes a path whatever it names: a branch's name, a file that is not there.
for args in "-- main" "-- no/such/file" "HEAD -- main"; do
  run "$repo" log $args
  expect_failure "log $args"
  expect_err "is a path: log lists the commits that changed the schema" "log $args: after -- is a path"
done
capture_in "$repo/models" git crochet log -- people.py
expect_err "'people.py' is a path" "log: a path relative to the current folder"
run "$repo" log HEAD..HEAD
expect_failure "log empty range"
expect_err "no commits in range 'HEAD..HEAD'" "log empty range"
run "$repo" log "$c_email..HEAD"
expect_out "add dog" "log range"
expect_no_out "add person" "log range"
# warm cache gives the same answer; a corrupt cache file is ignored and rewritten
cp "$work/out" "$work/log1"
ls .crochet/cache/schemas/commits.bin .crochet/cache/schemas/log.bin >/dev/null ||
  fail "log writes its history caches"
for f in .crochet/cache/schemas/*; do echo "garbage" >"$f"; done
run "$repo" log "$c_email..HEAD"
expect_status 0 "log with corrupt cache"
expect_err "corrupt cache" "log with corrupt cache warns"
cmp -s "$work/out" "$work/log1" || fail "log with corrupt cache gives the same answer"
run "$repo" log "$c_email..HEAD"
[[ ! -s "$work/err" ]] || fail "cache rewritten after corruption"
# a torn write (truncated file) is caught by the checksum
for f in .crochet/cache/schemas/*.bin; do head -c 40 "$f" >"$f.part" && mv "$f.part" "$f"; done
run "$repo" log "$c_email..HEAD"
expect_err "corrupt cache" "log with truncated cache warns"
cmp -s "$work/out" "$work/log1" || fail "log with truncated cache gives the same answer"
# cold and warm give the same full log, text and JSON
rm -rf .crochet
for format in "" --json; do
  run "$repo" log $format
  cp "$work/out" "$work/cold"
  run "$repo" log $format
  cmp -s "$work/out" "$work/cold" || fail "log $format: warm cache gives the cold answer"
  [[ ! -s "$work/err" ]] || fail "log $format: warm cache is silent"
  rm -rf .crochet
done

# --- blame ---------------------------------------------------------------------------------
run "$repo" blame Person.email
expect_status 0 "blame Person.email"
expect_out "add email" "blame Person.email"
expect_out "introduced" "blame Person.email"
run "$repo" blame Person
expect_out "add person" "blame Person"
run "$repo" blame Cat
expect_failure "blame unknown"
expect_err "'Cat' does not appear" "blame unknown"

# --- check and bisect ----------------------------------------------------------------------
run "$repo" check
expect_status 1 "check HEAD: models without migrations are not covered"
expect_out "not covered" "check HEAD without migrations"
run "$repo" check "$c_broken"
expect_status 125 "check broken commit"
run "$repo" check --has Person.email HEAD
expect_status 1 "check --has present"
run "$repo" check --has Person.email "$c_person"
expect_status 0 "check --has absent"
run "$repo" check --staged --has Person.email
expect_status 1 "check --staged --has"
run "$repo" check nosuchrev
expect_status 129 "check unknown rev"
hash=$(git crochet schema --hash HEAD)
run "$repo" check --hash "$hash" HEAD
expect_status 0 "check --hash same"
run "$repo" check --hash "$hash" "$c_person"
expect_status 1 "check --hash different"
run "$repo" check --hash "${hash:0:19}" HEAD
expect_status 0 "check --hash with the digits log shows"
run "$repo" check --hash "${hash#sha256:}" HEAD
expect_status 0 "check --hash without its prefix"
run "$repo" check --hash nothex HEAD
expect_status 129 "check --hash that is not a hash"
expect_err "--hash 'nothex' is not a schema hash" "names the bad hash"
run "$repo" check --hass Person.email
expect_status 129 "a mistyped option stops bisect"
git bisect start HEAD "$(git rev-list --max-parents=0 HEAD)" >/dev/null
git bisect run git crochet check --has Person.email >"$work/bisect" 2>&1 || true
grep -q "$c_email is the first bad commit" "$work/bisect" || {
  cat "$work/bisect" >&2
  fail "bisect lands on the commit adding Person.email"
}
git bisect reset >/dev/null 2>&1

# --- merge with schema changes on each side -----------------------------------------------
git checkout -q -b side
cat >models/cat.py <<'PY'
from neomodel import StructuredNode, StringProperty

class Cat(StructuredNode):
    __kgid__ = "k-cat"
    name = StringProperty()
PY
commit 09 "add cat"
git checkout -q main
FILE=models/people.py person "email = StringProperty(unique_index=True)" "age = StringProperty()"
commit 10 "add age"
GIT_AUTHOR_DATE="2024-01-11T00:00:00Z" GIT_COMMITTER_DATE="2024-01-11T00:00:00Z" \
  git merge -q --no-edit side -m "merge side"
run "$repo" log
expect_out "add cat" "log merge: side commit"
expect_out "+Person.age" "log merge: main commit"
expect_out "merge side" "log merge commit"
expect_out " merge " "log merge marked"
# blame reports a change once, on the side that made it: the merge only carries it over.
run "$repo" blame Cat
expect_status 0 "blame across a merge"
expect_out "add cat" "blame: the side commit introduced Cat"
expect_no_out "merge side" "blame: the merge that took Cat from its second parent is not listed"
[[ $(grep -c "introduced" "$work/out") == 1 ]] || fail "blame: Cat introduced once"
run "$repo" blame Person.age
expect_out "add age" "blame: a first-parent change"
expect_no_out "merge side" "blame: the merge kept main's Person.age"
# A class rename keeps its __kgid__: blame follows the class back through it, under either name.
sed -i 's/class Cat(/class Kitten(/' models/cat.py
commit 12 "rename Cat to Kitten"
run "$repo" blame Kitten
expect_status 0 "blame a renamed class"
expect_out "add cat" "blame Kitten: follows the class to where Cat was introduced"
expect_out "rename Cat to Kitten" "blame Kitten: the rename"
expect_out "renamed" "blame Kitten: the rename is called one"
run "$repo" blame Cat.name
expect_out "add cat" "blame under the old name"
grep -A1 "rename Cat to Kitten" "$work/out" | grep -q "renamed" || fail "blame Cat: renamed, not removed"

# --- linked worktree -------------------------------------------------------------------------
git worktree add -q "$work/wt" "$c_email" 2>/dev/null
run "$work/wt" log
expect_status 0 "log in worktree"
expect_out "add email" "log in worktree"
expect_no_out "add dog" "log in worktree follows its HEAD"
run "$work/wt" diff HEAD main
expect_out "Dog" "diff in worktree"

# --- start-up: libcurl is loaded only by commands that reach Neo4j ---------------------------
capture_in "$repo" env LD_DEBUG=libs git crochet log
expect_status 0 "log under LD_DEBUG"
expect_err "libc.so" "the loader trace names the libraries loaded"
expect_no_err "libcurl" "log loads no libcurl"
# A libgit2 built on mbedTLS and libssh2 would parse the whole CA bundle and set up OpenSSL for
# SSH at start-up; git-crochet's stand-ins answer instead (git-crochet/libgit2_transports.cpp),
# through --wrap when libgit2 is linked in, by interposing when it is a shared library.
# LeakSanitizer cannot run under ptrace: off for this one command in sanitizer builds.
capture_in "$repo" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -e trace=open,openat git crochet log
expect_status 0 "log under strace"
expect_err "crochet.toml" "the system call trace names the files opened"
expect_no_err "/etc/ssl" "log opens no CA bundle"
expect_no_err "ca-certificates" "log opens no CA bundle"
# Loaded as a shared library, libgit2's calls must bind to the executable's stand-ins.
capture_in "$repo" env LD_DEBUG=bindings git crochet log
expect_status 0 "log under LD_DEBUG=bindings"
for symbol in mbedtls_x509_crt_parse_file libssh2_init; do
  grep -q "normal symbol .$symbol'" "$work/err" || continue # this libgit2 does not use it
  grep -E "libgit2[^ ]* \[0\] to [^ ]*git-crochet \[0\]: normal symbol .$symbol'" \
    "$work/err" >/dev/null || fail "libgit2 calls the real $symbol at start-up"
done

# --- bad input -------------------------------------------------------------------------------
mkdir -p "$work/norepo"
printf '[project]\nname = "g"\n' >"$work/norepo/crochet.toml"
run "$work/norepo" log
expect_failure "log outside a repository"
expect_err "not a git repository" "log outside a repository"
run "$work/norepo" check
expect_status 129 "check outside a repository"
git clone -q --bare "$repo" "$work/bare.git"
run "$work/bare.git" log
expect_failure "log in a bare repository"
expect_err "is bare: git-crochet reads crochet.toml and the models from a work tree" \
  "a bare repository is named as such, not as a missing project"
run "$work/bare.git" check
expect_status 129 "check in a bare repository cannot answer"
git clone -q --depth 2 "file://$repo" "$work/shallow" 2>/dev/null
run "$work/shallow" log
expect_status 0 "log in shallow clone"
# The boundary commit's diff is against nothing: its whole schema, not what it changed.
expect_out "shallow clone: the history before this commit is not here" "log marks the boundary"
run "$work/shallow" log --json
expect_json '[e["shallow_boundary"] for e in d]' "[False, True]" "log --json marks the boundary"
run "$work/shallow" blame Person
expect_status 0 "blame in shallow clone"
expect_out "introduced here or before: (shallow clone" "blame does not pin it on the boundary"
run "$work/shallow" blame Person --json
expect_json 'd[0]["shallow_boundary"]' "True" "blame --json marks the boundary"
run "$work/shallow" diff HEAD~3 HEAD
expect_failure "a revision before the shallow boundary"
expect_err "this clone is shallow" "the hint names the shallow clone"
run "$repo" log
expect_no_out "shallow clone" "a full clone has no boundary"
run "$repo" blame Person --json
expect_json 'any(e["shallow_boundary"] for e in d)' "False" "blame in a full clone"
run "$repo" diff HEAD~30 HEAD
expect_no_err "shallow" "a full clone's unknown revision says nothing of shallow clones"

# --- before the first commit: HEAD's models are no models ------------------------------------------
unborn="$work/unborn"
mkdir -p "$unborn/models"
git -C "$unborn" init -q -b main .
printf '[project]\nname = "u"\n' >"$unborn/crochet.toml"
FILE="$unborn/models/person.py" person
run "$unborn" diff
expect_status 0 "diff before the first commit"
expect_out "schema changes HEAD (no commits yet) -> the work tree" "diff from the empty schema"
expect_out "[additive] Person: added node model (label Person)" "everything is new"
run "$unborn" diff --staged
expect_out "no schema changes between HEAD (no commits yet) and the index" "nothing staged yet"
git -C "$unborn" add -A
run "$unborn" diff --staged --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["changes"]) == 1 and d["from"] == "HEAD (no commits yet)", d' \
  "$work/out" || fail "diff --staged --json before the first commit"
run "$unborn" diff HEAD
expect_failure "an explicit HEAD still has to exist"
expect_err "HEAD has no commits yet" "names the unborn HEAD"

finish "test_history"
