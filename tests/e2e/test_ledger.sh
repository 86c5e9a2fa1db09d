#!/usr/bin/env bash
# End-to-end: the ledger through stamp, status and verify in a real repository with real
# migration files: where the database stands against HEAD, tamper detection (edited, deleted and
# re-parented migrations, edited and deleted event rows), and corrupt or foreign ledger files.
source "$(dirname "$0")/lib.sh" e2e-ledger

command -v sqlite3 >/dev/null || {
  echo "the sqlite3 shell is required (contrib/setup.sh installs it)" >&2
  exit 1
}
git config --global user.name "Ada Lovelace"
git config --global user.email ada@example.com

run() { capture git crochet "$@"; }
ledger=.crochet/ledger.db
events() { sqlite3 "$ledger" "SELECT COUNT(*) FROM events"; }
# Each scenario starts from a saved copy; the last connection checkpointed the WAL, so the main
# file holds everything.
save_ledger() { cp "$ledger" "$work/$1.db"; }
restore_ledger() {
  rm -f "$ledger" "$ledger-wal" "$ledger-shm"
  cp "$work/$1.db" "$ledger"
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
  } >models/person.py
}
migration_file() { ls migrations/"$1"_*.toml; }
revision_of() { sed -n 's/^revision = "\(.*\)"$/\1/p' "$(migration_file "$1")"; }

git crochet new-project >/dev/null
person
git crochet create-migration "add person" >/dev/null
commit 02 "add person"
person "email = StringProperty(unique_index=True)"
git crochet create-migration "add email" >/dev/null
commit 03 "add email"
person "email = StringProperty(unique_index=True)" "nickname = StringProperty()"
git crochet create-migration "add nickname" >/dev/null
commit 04 "add nickname"
r1=$(revision_of 0001)
r2=$(revision_of 0002)
r3=$(revision_of 0003)
f2=$(migration_file 0002)
f3=$(migration_file 0003)
c_email=$(git rev-parse HEAD~1)
c_head=$(git rev-parse HEAD)
[[ -n $r1 && -n $r2 && -n $r3 ]] || {
  echo "could not read the revisions of the generated migrations" >&2
  exit 1
}

# --- no ledger yet: nothing applied, nothing created ----------------------------------------
run status
expect_status 0 "status without ledger"
expect_out "Database: behind, 3 migrations pending" "status without ledger"
expect_out "(none yet: nothing applied)" "status without ledger"
expect_out "Models: covered" "status without ledger"
run status --json
expect_json 'd["position"]' "behind" "status --json without ledger"
expect_json '[p["revision"] for p in d["pending"]] == ["'"$r1"'", "'"$r2"'", "'"$r3"'"]' True \
  "status --json pending order"
expect_json 'd["ledger"]["exists"]' False "status --json without ledger"
run verify
expect_status 0 "verify without ledger"
expect_out "PASS  applied migrations: no ledger at .crochet/ledger.db: nothing applied" \
  "verify without ledger"
expect_out "verify: all 5 checks passed" "verify without ledger"
[[ ! -e $ledger ]] || fail "status/verify created a ledger"

# --- stamp: a revision and its ancestors, with commit and branch -----------------------------
run stamp nosuch
expect_failure "stamp unknown"
expect_err "no migration matches 'nosuch'" "stamp unknown"
run stamp "$(basename "$f2")"
expect_status 0 "stamp by file name"
expect_out "Stamped $r2: recorded as applied without running (commit ${c_head:0:7} on main)" \
  "stamp by file name"
expect_out "  $r1" "stamp brings ancestors"
run status
expect_out "Database: behind, 1 migration pending" "status after partial stamp"
expect_out "  $r3  $f3" "status pending lists file"
expect_out "stamped from ${c_head:0:7} on main" "status provenance"
expect_no_out "recorded elsewhere" "status: every migration recorded against this target"
run status --json
expect_json 'd["applied"][0]["commit"]' "$c_head" "stamp records HEAD commit"
expect_json 'd["applied"][1]["branch"]' "main" "stamp records branch"
expect_json 'd["applied"][1]["method"]' "stamp" "stamp method"
expect_json 'd["applied"][1]["applied_by"]' "Ada Lovelace <ada@example.com>" "stamp actor"
expect_json 'd["applied"][1]["target_uri"]' "http://localhost:7474" "stamp target"
[[ $(events) == 2 ]] || fail "stamp of two migrations logs two events (got $(events))"

CROCHET_NEO4J_URI="http://neo4j:s3cret@db.example.com:7474" run stamp head
expect_status 0 "stamp head"
expect_out "  $r3" "stamp head"
expect_out "2 earlier migrations were already recorded" "stamp head"
sqlite3 "$ledger" "SELECT target_uri FROM applied_migrations WHERE revision = '$r3'" \
  >"$work/out"
expect_out "http://db.example.com:7474" "stamp stores the target without credentials"
! grep -q s3cret "$ledger" || fail "the password reached the ledger"
run stamp head
expect_status 0 "stamp again"
expect_out "$r3 is already recorded as applied; nothing to do" "stamp again"
run status
expect_out "Database: at head" "status at head"
# The ledger is one database's record: status says which of its rows another target has.
expect_out "recorded elsewhere: 1 of its migrations were applied to http://db.example.com:7474, database neo4j, not to this target:" \
  "status names the other target"
CROCHET_NEO4J_URI=http://db.example.com:7474 run status --json
expect_json 'd["ledger"]["other_targets"]' \
  "[{'database': 'neo4j', 'migrations': 2, 'uri': 'http://localhost:7474'}]" \
  "status --json names the other target"
CROCHET_NEO4J_URI=http://db.example.com:7474 CROCHET_NEO4J_DATABASE=other run status
expect_out "2 of its migrations were applied to http://localhost:7474, database neo4j" \
  "another database on the same server is another target"
expect_out "1 of its migrations were applied to http://db.example.com:7474, database neo4j" \
  "each other target is named"
run verify
expect_status 0 "verify clean"
expect_out "PASS  migration chain: 3 migrations" "verify clean"
expect_out "PASS  applied migrations: 3 applied migrations present and unedited" "verify clean"
expect_out "PASS  models match head migration" "verify clean"
expect_out "PASS  event log: 3 events, hash chain intact" "verify clean"
sqlite3 "$ledger" "SELECT kind || ':' || outcome FROM events ORDER BY id DESC LIMIT 1" >"$work/out"
expect_out "verify:ok" "verify logs its outcome"
run verify --json
expect_json 'd["passed"]' True "verify --json"
expect_json '[c["result"] for c in d["checks"]]' "['PASS', 'PASS', 'PASS', 'PASS', 'PASS']" "verify --json"
save_ledger clean

# --- models not covered by the head migration ------------------------------------------------
person "email = StringProperty(unique_index=True)" "nickname = StringProperty()" "age = StringProperty()"
run status
expect_out "Models: not covered" "status uncovered"
run verify
expect_status 1 "verify uncovered"
expect_out "FAIL  models match head migration" "verify uncovered"
expect_out "not in any migration: " "verify names the uncovered change"
expect_out "create-migration" "verify uncovered hint"
git checkout -q -- models

# --- the head's schema snapshot missing or edited ---------------------------------------------
snapshot=migrations/snapshots/$(sed -n 's/^schema_hash = "sha256:\(.*\)"$/\1/p' "$f3").json
[[ -f $snapshot ]] || fail "the head migration has a snapshot at $snapshot"
rm "$snapshot"
run verify
expect_status 1 "verify without the head's snapshot"
expect_out "FAIL  head schema snapshot: the schema the head migration records is missing" \
  "verify names the missing snapshot"
git checkout -q -- migrations
sed -i 's/"nodes"/"nodez"/' "$snapshot"
run verify
expect_status 1 "verify with an edited snapshot"
expect_out "FAIL  head schema snapshot: the head migration's schema snapshot is damaged" \
  "verify names the damaged snapshot"
git checkout -q -- migrations

# --- tamper: an applied migration edited ----------------------------------------------------
sed -i 's/^description = .*/description = "rewritten after the fact"/' "$f2"
run verify
expect_status 1 "verify edited"
expect_out "FAIL  applied migrations" "verify edited"
expect_out "$r2: $f2 was edited after it was applied" "verify names the edited file"
expect_out "$r3: $f3 is unchanged but its history is not" "verify names the descendant"
run status
expect_out "Changed since applied: $r2 ($f2 edited)" "status flags the edit"
git checkout -q -- migrations

# --- tamper: an applied migration deleted ---------------------------------------------------
rm "$f3"
run verify
expect_status 1 "verify deleted head"
expect_out "$r3 (applied " "verify deleted head"
expect_out "from commit ${c_head:0:12} on main): its file $f3 is missing" "verify deleted head"
run status
expect_out "Database: ahead" "status without the newest file"
git checkout -q -- migrations
rm "$f2"
run verify
expect_status 1 "verify deleted middle"
expect_out "FAIL  migration chain: the migration files do not load" "verify deleted middle"
expect_out "parent '$r2'" "verify deleted middle names the parent"
expect_out "its file $f2 is missing" "verify deleted middle names the file"
git checkout -q -- migrations

# --- tamper: parents reordered --------------------------------------------------------------
sed -i "s/^parent = .*/parent = \"$r1\"/" "$f3"
cp "$ledger" "$work/before-refused-stamp.db"
run stamp head
expect_failure "stamp with two heads"
expect_err "2 heads" "stamp with two heads"
cmp -s "$ledger" "$work/before-refused-stamp.db" || fail "a refused stamp changed the ledger"
run verify
expect_status 1 "verify re-parented"
expect_out "FAIL  migration chain: the migrations have 2 heads" "verify re-parented"
expect_out "$r3: $f3 was edited after it was applied" "verify re-parented names the file"
git checkout -q -- migrations

# --- tamper: the event log edited with the sqlite3 shell ------------------------------------
restore_ledger clean
! sqlite3 "$ledger" "UPDATE events SET outcome = 'failed' WHERE id = 2" 2>/dev/null ||
  fail "the event log accepted an UPDATE"
! sqlite3 "$ledger" "DELETE FROM events WHERE id = 2" 2>/dev/null ||
  fail "the event log accepted a DELETE"
sqlite3 "$ledger" "DROP TRIGGER events_no_update; UPDATE events SET outcome = 'failed' WHERE id = 2"
run verify
expect_status 1 "verify edited event"
expect_out "FAIL  event log: the ledger's event log was tampered with" "verify edited event"
expect_out "event 2 (stamp $r2 at " "verify names the edited event"
expect_out "was edited: its contents do not match its hash" "verify edited event"

restore_ledger clean
sqlite3 "$ledger" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = 2"
run verify
expect_status 1 "verify deleted event"
expect_out "event 2 is missing (deleted): the log jumps from event 1 to event 3" \
  "verify names the deleted event"

restore_ledger clean
last=$(events)
sqlite3 "$ledger" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE id = $last"
run verify
expect_status 1 "verify deleted newest event"
expect_out "event $last is missing (deleted): the log ends at event $((last - 1))" \
  "verify names the deleted newest event"

restore_ledger clean
sqlite3 "$ledger" "DROP TRIGGER events_no_update;
  UPDATE events SET detail = replace(detail, '\"main\"', '\"release\"') WHERE id = 1"
run verify
expect_status 1 "verify edited event detail"
expect_out "event 1 (stamp $r1 at " "verify names the event with edited detail"

# --- an interrupted run is reported exactly --------------------------------------------------
restore_ledger clean
sqlite3 "$ledger" "INSERT INTO runs VALUES ('9999_next', 'upgrade', 3, '$c_head', 'main', 'Ada',
    '2024-01-05T00:00:00.000Z');
  INSERT INTO run_steps VALUES ('9999_next', 0, 'done', '', '2024-01-05T00:00:01.000Z');
  INSERT INTO run_steps VALUES ('9999_next', 1, 'failed', 'constraint violated',
    '2024-01-05T00:00:02.000Z');"
run status
expect_out "Interrupted: upgrade of 9999_next stopped after 1 of 3 steps (step 2 failed: constraint violated)" \
  "status reports the interrupted run"
expect_out "run \`git crochet upgrade\` again to finish it, or \`git crochet downgrade --interrupted\` to revert what ran" \
  "status names both ways out of an interrupted upgrade"
run status --json
expect_json 'd["interrupted"][0]["failed_step"]' 2 "status --json interrupted"
expect_json 'd["interrupted"][0]["finish_command"]' "git crochet upgrade" "status --json finish command"
expect_json 'd["interrupted"][0]["abandon_command"]' "git crochet downgrade --interrupted" \
  "status --json abandon command"
# A downgrade of a migration the ledger does not record as applied: `downgrade --interrupted` left
# part way, which only it finishes.
sqlite3 "$ledger" "UPDATE runs SET direction = 'downgrade' WHERE revision = '9999_next'"
run status
expect_out "Interrupted: downgrade of 9999_next stopped after 1 of 3 steps" "status reports the revert"
expect_out "run \`git crochet downgrade --interrupted\` again to finish it" \
  "status says how to finish an abandon"
expect_no_out "to revert what ran" "no second way out of a revert"

# --- downgrade --interrupted takes no target and no count, decided before any connection ------
run downgrade --interrupted --steps 1
expect_failure "--interrupted with --steps"
expect_err "excludes" "--interrupted excludes --steps"
run downgrade --interrupted --target head
expect_failure "--interrupted with --target"
expect_err "excludes" "--interrupted excludes --target"
run downgrade --trust-downgrade
expect_failure "--trust-downgrade alone"
expect_err "requires --interrupted" "--trust-downgrade needs --interrupted"

# --- corrupt and foreign ledger files: clear errors, nothing written ------------------------
restore_ledger clean
size=$(stat -c %s "$ledger")
truncate -s $((size / 2)) "$ledger"
cp "$ledger" "$work/truncated.db"
run status
expect_failure "status on a truncated ledger"
expect_err "is corrupt" "status on a truncated ledger"
run stamp head
expect_failure "stamp on a truncated ledger"
expect_err "is corrupt" "stamp on a truncated ledger"
run verify
expect_status 1 "verify on a truncated ledger"
expect_out "FAIL  applied migrations: the ledger cannot be read" "verify on a truncated ledger"
expect_out "FAIL  event log: the ledger cannot be read" "verify on a truncated ledger"
expect_out "PASS  migration chain" "verify still checks the files"
expect_err "was not recorded in the ledger" "verify on a truncated ledger warns"
cmp -s "$ledger" "$work/truncated.db" || fail "a truncated ledger was written to"

rm -f "$ledger"*
sqlite3 "$ledger" "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
  INSERT INTO notes (text) VALUES ('not ours');"
cp "$ledger" "$work/foreign.db"
run status
expect_failure "status on another application's database"
expect_err "is not a crochet ledger (an SQLite database of another application)" \
  "status on another application's database"
expect_err "hint: move the file aside" "foreign database hint"
run stamp head
expect_failure "stamp on another application's database"
cmp -s "$ledger" "$work/foreign.db" || fail "another application's database was written to"
[[ ! -e $ledger-wal ]] || fail "another application's database was switched to WAL"

printf 'not a database at all\n' >"$ledger"
run stamp head
expect_failure "stamp on a text file"
expect_err "is not a crochet ledger (not an SQLite database)" "stamp on a text file"
[[ $(cat "$ledger") == "not a database at all" ]] || fail "a text file at the ledger path was changed"

restore_ledger clean
sqlite3 "$ledger" "PRAGMA user_version = 99"
cp "$ledger" "$work/newer.db"
run status
expect_failure "status on a newer ledger"
expect_err "was written by a newer git-crochet (ledger format 99" "status on a newer ledger"
run stamp head
expect_failure "stamp on a newer ledger"
cmp -s "$ledger" "$work/newer.db" || fail "a newer ledger was written to"

# --- where the database stands against HEAD: ahead and diverged -----------------------------
restore_ledger clean
git checkout -q "$c_email"
run status
expect_out "Database: ahead, 1 applied migration is not in this checkout's migrations:" \
  "status on an older commit"
expect_out "  $r3  applied " "status ahead lists the migration"
expect_out "run \`git crochet downgrade --target $r2\`" "status ahead hint"
run status --json
expect_json 'd["position"]' "ahead" "status --json ahead"
expect_json 'd["revert_target"]' "$r2" "status --json ahead target"

git checkout -q -b feature/y "$c_head"
person "email = StringProperty(unique_index=True)" "nickname = StringProperty()" \
  "city = StringProperty()"
git crochet create-migration "add city" >/dev/null
commit 05 "add city"
r4=$(revision_of 0004)
c_feature=$(git rev-parse HEAD)
run stamp head
expect_status 0 "stamp on the feature branch"
git checkout -q main
run status
expect_out "Database: ahead" "main has not moved: the feature migration descends from its head"
person "email = StringProperty(unique_index=True)" "nickname = StringProperty()" \
  "age = StringProperty()"
git crochet create-migration "add age" >/dev/null
commit 06 "add age"
r5=$(revision_of 0004)
run status
expect_status 0 "status diverged"
expect_out "Database: diverged" "status diverged"
expect_out "  $r5  migrations/0004_add_age.toml" "status diverged lists the pending migration"
expect_out "1 applied migration is not in this checkout's migrations:" "status diverged"
expect_out "  $r4  applied " "status diverged names the migration"
expect_out "from ${c_feature:0:7} on feature/y" "status diverged names commit and branch"
expect_out "to revert it here, run \`git crochet downgrade --target $r3\` (0003_add_nickname; it reads the other branch's files from git), then \`git crochet upgrade\`" \
  "status diverged hint"
expect_no_out "check out feature/y" "status diverged: no checkout needed"
run status --json
expect_json 'd["position"]' "diverged" "status --json diverged"
expect_json 'd["foreign"][0]["branch"]' "feature/y" "status --json diverged branch"
expect_json 'd["foreign"][0]["commit"]' "$c_feature" "status --json diverged commit"
run verify
expect_status 1 "verify with a migration from another branch"
expect_out "$r4 (applied " "verify names the foreign migration"
expect_out "on feature/y): its file" "verify names its branch"

finish "test_ledger"
