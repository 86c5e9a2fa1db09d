#!/usr/bin/env bash
# End-to-end: a project evolves over several commits and each model change gets a generated
# migration (create-migration), checked for a round trip on the derived schema, rendered with
# upgrade --sql, covered per commit (check, bisect), and reproducible from a fresh clone.
source "$(dirname "$0")/lib.sh" e2e-migrations

# run DIR ARGS...: git crochet in DIR.
run() {
  local dir=$1
  shift
  capture_in "$dir" git crochet "$@"
}

# Independent of the tool's own lint: applies the steps of a migration file to the constraints
# and indexes of the schema before it (`schema --json` at the parent commit) and checks that the
# upgrade reaches the schema of the models and the downgrade comes back, step by step.
cat >"$work/round_trip.py" <<'PY'
import json, sys, tomllib

before = json.load(open(sys.argv[1]))["schema"]["objects"]
after = json.load(open(sys.argv[2]))["schema"]["objects"]
migration = tomllib.load(open(sys.argv[3], "rb"))
KINDS = {"unique_constraint": "unique_constraint", "existence_constraint": "existence_constraint",
         "index": "range_index", "fulltext_index": "fulltext_index", "vector_index": "vector_index"}

def key(kind, entity, label, prop):
    return (kind, entity, label, prop)

def objects(schema_objects):
    return {o["name"]: key(o["kind"], o["entity"], o["label"], o["property"]) for o in schema_objects}

def apply(state, steps, what):
    state = dict(state)
    for number, step in enumerate(steps, 1):
        op = step["op"]
        verb, _, kind = op.partition("_")
        if verb not in ("add", "drop") or kind not in KINDS:
            continue  # data steps do not change constraints or indexes
        entity = "node" if "label" in step else "relationship"
        value = key(KINDS[kind], entity, step.get("label", step.get("rel_type")), step["property"])
        if verb == "add":
            assert step["name"] not in state, f"{what} step {number}: {step['name']} exists"
            state[step["name"]] = value
        else:
            assert state.get(step["name"]) == value, f"{what} step {number}: no {step['name']}"
            del state[step["name"]]
    return state

start = objects(before)
upgraded = apply(start, migration.get("upgrade", []), "upgrade")
assert upgraded == objects(after), f"upgrade gives {sorted(upgraded)}, models want {sorted(objects(after))}"
back = apply(upgraded, migration.get("downgrade", []), "downgrade")
assert back == start, f"downgrade gives {sorted(back)}, start was {sorted(start)}"
print("round trip ok:", len(migration.get("upgrade", [])), "upgrade steps")
PY

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main .
commit() { # commit DAY MESSAGE
  git add -A
  GIT_AUTHOR_DATE="2024-02-$1T00:00:00Z" GIT_COMMITTER_DATE="2024-02-$1T00:00:00Z" \
    git commit -q -m "$2"
}
git crochet new-project --name social --path . >/dev/null
commit 01 "new project"

# person CLASS EXTRA_LINES...: the Person model (class name and label may change; kgid stays).
person() {
  local class=$1
  shift
  {
    echo "from neomodel import StructuredNode, StringProperty, EmailProperty, RelationshipTo"
    [[ ! -f models/company.py ]] || echo "from .company import Company"
    [[ ! -f models/works_at.py ]] || echo "from .works_at import WorksAt"
    echo ""
    echo ""
    echo "class $class(StructuredNode):"
    echo "    __kgid__ = \"k-person\""
    echo "    name = StringProperty(index=True)"
    for line in "$@"; do echo "    $line"; done
  } >models/person.py
}

# new_migration DESC [ARGS...]: create-migration with a round-trip check against HEAD's schema.
new_migration() {
  local description=$1
  shift
  git crochet schema --json HEAD >"$work/before.json"
  git crochet schema --json >"$work/after.json"
  run "$repo" create-migration "$description" "$@"
  expect_status 0 "create-migration '$description'"
  file=$(head -1 "$work/out")
  [[ -f $file ]] || fail "create-migration '$description' wrote $file"
  cp "$work/out" "$work/created"
  python3 "$work/round_trip.py" "$work/before.json" "$work/after.json" "$file" >"$work/trip" 2>&1 ||
    fail "round trip of $file: $(cat "$work/trip")"
  run "$repo" lint
  expect_status 0 "lint after '$description'"
  expect_no_out "[round-trip]" "lint round trip after '$description'"
  cp "$work/created" "$work/out"
}

# --- 1. add a node -----------------------------------------------------------------------------
person Person "nick = StringProperty()"
run "$repo" check --staged
expect_status 0 "check --staged before anything is staged"
git add -A
run "$repo" check --staged
expect_status 1 "check --staged: staged models without a migration"
expect_out "models in the index are not covered" "check --staged uncovered"
expect_out "Person: added node model" "check --staged names the missing change"
new_migration "Add Person"
expect_out "migrations/0001_add_person.toml" "first migration file"
expect_out "add_index name=index_Person_name label=Person property=name" "first migration steps"
m1=$file
rev1=$(sed -n 's/^revision = "\(.*\)"$/\1/p' "$m1")
git add -A
run "$repo" check --staged
expect_status 0 "check --staged with the migration staged"
commit 02 "add Person"
c1=$(git rev-parse HEAD)
grep -q '^parent' "$m1" && fail "the first migration has no parent"
[[ -f migrations/snapshots/$(sed -n 's/^schema_hash = "sha256:\(.*\)"$/\1/p' "$m1").json ]] ||
  fail "the snapshot of the first migration is written"

# --- 2. add a unique property --------------------------------------------------------------------
person Person "nick = StringProperty()" "email = EmailProperty(unique_index=True)"
new_migration "add person email"
expect_out "migrations/0002_add_person_email.toml" "second migration file"
expect_out "add_unique_constraint name=constraint_unique_Person_email label=Person property=email" \
  "unique constraint step"
expect_out "drop_unique_constraint name=constraint_unique_Person_email" "its downgrade"
m2=$file
grep -q "^parent = \"$rev1\"" "$m2" || fail "0002 names 0001 as its parent"
commit 03 "add Person.email"

# --- 3. rename the label via the kgid (class Person -> Human) -------------------------------------
person Human "nick = StringProperty()" "email = EmailProperty(unique_index=True)"
new_migration "rename Person to Human"
expect_out "rename_label from=Person to=Human" "label rename"
expect_out "drop_unique_constraint name=constraint_unique_Person_email" "old constraint dropped"
expect_out "add_unique_constraint name=constraint_unique_Human_email" "new constraint added"
m3=$file
# Drops come before the rename, adds after it; the downgrade mirrors it.
python3 - "$m3" <<'PY' || fail "order of the label rename steps"
import sys, tomllib
m = tomllib.load(open(sys.argv[1], "rb"))
up = [s["op"] for s in m["upgrade"]]
assert up.index("rename_label") > max(i for i, o in enumerate(up) if o.startswith("drop_")), up
assert up.index("rename_label") < min(i for i, o in enumerate(up) if o.startswith("add_")), up
down = [s["op"] for s in m["downgrade"]]
assert down.index("rename_label") > max(i for i, o in enumerate(down) if o.startswith("drop_")), down
assert m["rollback_safe"] is True
PY
commit 04 "rename Person to Human"

# --- 4. add a relationship with a model ---------------------------------------------------------
cat >models/company.py <<'PY'
from neomodel import StructuredNode, StringProperty

class Company(StructuredNode):
    __kgid__ = "k-company"
    name = StringProperty(unique_index=True)
PY
cat >models/works_at.py <<'PY'
from neomodel import StructuredRel, DateTimeProperty

class WorksAt(StructuredRel):
    __kgid__ = "k-works-at"
    since = DateTimeProperty(index=True)
PY
person Human "nick = StringProperty()" "email = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'WORKS_AT', model=WorksAt)"
new_migration "add employer"
expect_out "add_unique_constraint name=constraint_unique_Company_name label=Company property=name" \
  "company constraint"
expect_out "add_index name=index_WORKS_AT_since rel_type=WORKS_AT property=since" \
  "relationship index"
m4=$file
commit 05 "add Company, WorksAt and Human.employer"

# --- 5. drop a property --------------------------------------------------------------------------
person Human "email = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'WORKS_AT', model=WorksAt)"
new_migration "drop nick"
expect_out "remove_node_property label=Human property=nick" "property removal"
expect_out "rollback_safe = false" "a removal is not rollback safe"
m5=$file
grep -q '^rollback_safe = false' "$m5" || fail "0005 says rollback_safe = false"
grep -q 'op = "add_node_property"' "$m5" || fail "0005 downgrade brings the property back"
run "$repo" lint
expect_out "[destructive]" "lint names the destructive step"
expect_out "[rollback-unsafe]" "lint names the unsafe rollback"
commit 06 "drop Human.nick"

# --- 6. rename a property with --rename ----------------------------------------------------------
person Human "email_address = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'WORKS_AT', model=WorksAt)"
run "$repo" create-migration "without the rename flag" --rename Human.nope=email_address
expect_status 1 "an unknown rename is refused"
expect_err "matches no proposed rename" "unknown rename"
[[ ! -e migrations/0006_without_the_rename_flag.toml ]] || fail "nothing written on a refusal"
# Without the flag the rename is written as a removal plus an addition, and the hint's one command
# takes back both files this wrote: the migration and its snapshot.
snapshots_before=$(ls migrations/snapshots)
run "$repo" create-migration "rename email"
expect_status 0 "a possible rename written without --rename"
expect_out "to move the values instead, run again with --rename Human.email=email_address" \
  "the hint names the flag"
unconfirmed=$(head -1 "$work/out")
unconfirmed_hash=$(sed -n 's/^schema_hash = "sha256:\(.*\)"$/\1/p' "$unconfirmed")
expect_file "migrations/snapshots/$unconfirmed_hash.json" "the unconfirmed migration's snapshot"
expect_out "hint: before running again, remove what this wrote: rm $unconfirmed migrations/snapshots/$unconfirmed_hash.json" \
  "the hint removes the migration and its snapshot"
eval "$(sed -n 's/^hint: before running again, remove what this wrote: //p' "$work/out")"
expect_no_file "$unconfirmed" "the hint's command removed the migration"
expect_eq "$(ls migrations/snapshots)" "$snapshots_before" "the hint's command left no snapshot behind"
# The hint's paths are the shell's: from a subdirectory, and with -C from outside the project.
hint_command() { sed -n 's/^hint: before running again, remove what this wrote: //p' "$work/out"; }
run "$repo/models" create-migration "rename email"
expect_status 0 "the unconfirmed migration, from a subdirectory"
expect_out "hint: before running again, remove what this wrote: rm ../$unconfirmed ../migrations/snapshots/$unconfirmed_hash.json" \
  "from a subdirectory the hint's paths lead up to the files"
(cd "$repo/models" && eval "$(hint_command)") || fail "the hint's command fails in the subdirectory"
expect_no_file "$unconfirmed" "the hint's command removed the migration from the subdirectory"
capture_in "$work" git crochet -C repo create-migration "rename email"
expect_status 0 "the unconfirmed migration, with -C"
expect_out "hint: before running again, remove what this wrote: rm repo/$unconfirmed repo/migrations/snapshots/$unconfirmed_hash.json" \
  "with -C the hint's paths start where the shell is"
(cd "$work" && eval "$(hint_command)") || fail "the hint's command fails where -C was given"
expect_no_file "$unconfirmed" "the hint's command removed the migration, given -C"
expect_eq "$(ls migrations/snapshots)" "$snapshots_before" "the hints' commands left no snapshot behind"
# Removing only the migration is enough as well: the rerun finds its snapshot already written.
# Run from the parent folder, the hint's paths start where that shell is.
capture_in "$repo/.." git crochet -C "$(basename "$repo")" create-migration "rename email"
expect_status 0 "the unconfirmed migration again"
expect_out "remove what this wrote: rm $(basename "$repo")/$unconfirmed" \
  "the removal hint's paths are typed from the current folder"
rm "$unconfirmed"
new_migration "rename email" --rename Human.email=email_address
expect_out "rename_node_property label=Human from=email to=email_address" "property rename"
expect_no_out "remove_node_property" "a confirmed rename is no removal"
expect_no_out "hint:" "a confirmed rename has no hint"
m6=$file
grep -q '^rollback_safe = true' "$m6" || fail "a rename is rollback safe"
expect_eq "$(ls migrations/snapshots | wc -l)" "$(($(wc -l <<<"$snapshots_before") + 1))" \
  "one snapshot more after the confirmed rename"
expect_file "migrations/snapshots/$unconfirmed_hash.json" "the confirmed migration records the same schema"
commit 07 "rename Human.email to email_address"
# Back to the old name: the schema is the one 0005 records, whose snapshot the hint must keep.
person Human "email = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'WORKS_AT', model=WorksAt)"
run "$repo" create-migration "rename back"
expect_status 0 "a rename back to the old name, unconfirmed"
back=$(head -1 "$work/out")
expect_out "hint: before running again, remove what this wrote: rm $back" "the hint removes the migration"
expect_no_out "rm $back migrations/snapshots/" "a snapshot an earlier migration records stays"
rm "$back"
person Human "email_address = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'WORKS_AT', model=WorksAt)"
[[ -z $(git status --porcelain) ]] || fail "the rename back left nothing behind: $(git status --porcelain)"

# --- 7. retype a relationship --------------------------------------------------------------------
person Human "email_address = EmailProperty(unique_index=True)" \
  "employer = RelationshipTo(Company, 'EMPLOYED_BY', model=WorksAt)"
new_migration "retype employer"
expect_out "rename_relationship_type from=WORKS_AT to=EMPLOYED_BY" "relationship retype"
expect_out "add_index name=index_EMPLOYED_BY_since" "relationship index follows the type"
m7=$file
commit 08 "WORKS_AT becomes EMPLOYED_BY"
c_covered=$(git rev-parse HEAD)

# --- nothing changed ------------------------------------------------------------------------------
run "$repo" create-migration "nothing"
expect_status 1 "create-migration with nothing changed"
expect_err "nothing changed" "create-migration with nothing changed"
run "$repo" check
expect_status 0 "check HEAD covered"
expect_out "are covered" "check HEAD covered"
for c in "$c1" HEAD~3 HEAD~1; do
  run "$repo" check "$c"
  expect_status 0 "check $c covered"
done

# --- upgrade --sql and --dry-run -----------------------------------------------------------------
run "$repo" upgrade --sql
expect_status 0 "upgrade --sql"
cp "$work/out" "$work/script5"
expect_out "// git crochet upgrade --sql: 7 migrations for Neo4j 5.x" "script header"
expect_out "// Runs from the start." "a script without a ledger starts from the start"
expect_out "CREATE INDEX \`index_Person_name\` IF NOT EXISTS FOR (n:\`Person\`) ON (n.\`name\`);" \
  "script: index"
expect_out "CREATE CONSTRAINT \`constraint_unique_Person_email\` IF NOT EXISTS FOR (n:\`Person\`) REQUIRE n.\`email\` IS UNIQUE;" \
  "script: unique constraint"
expect_out "DROP CONSTRAINT \`constraint_unique_Person_email\` IF EXISTS;" "script: drop"
expect_out "// === 0003_rename_person_to_human" "script names migrations"
expect_out ":begin" "script: data steps in a transaction"
expect_out ":commit" "script: data steps committed"
expect_out "git crochet stamp $(sed -n 's/^revision = "\(.*\)"$/\1/p' "$m7")" "script: stamp hint"
# Statements appear in chain order.
python3 - "$work/out" <<'PY' || fail "upgrade --sql runs the migrations in order"
import re, sys
text = open(sys.argv[1]).read()
numbers = [int(n) for n in re.findall(r"^// === (\d{4})_", text, re.M)]
assert numbers == sorted(numbers) == list(range(1, 8)), numbers
PY
run "$repo" upgrade --sql --dialect 3.x --target 0002
expect_status 0 "upgrade --sql --dialect 3.x --target 0002"
expect_out "2 migrations for Neo4j 3.x" "3.x script header"
expect_out "CREATE CONSTRAINT ON (n:\`Person\`) ASSERT n.\`email\` IS UNIQUE;" "3.x unique constraint"
expect_no_out "0003_rename" "--target stops the script"
run "$repo" upgrade --sql --dialect 2025 --target "$rev1"
expect_status 0 "upgrade --sql --target REV"
expect_out "1 migration for Neo4j 2025" "target by revision"
run "$repo" upgrade --sql --dialect 9.9
expect_status 1 "unknown dialect"
expect_err "unknown dialect '9.9'" "unknown dialect"
run "$repo" upgrade --sql --target 0042
expect_status 1 "unknown target"
expect_err "no migration matches '0042'" "unknown target"
# Lock and chunk flags out of range are refused before anything connects.
run "$repo" upgrade --lease 0
expect_status 129 "a lease under a second"
expect_err "--lease: must be 1 to 86400 seconds, not 0" "names the lease's range"
run "$repo" downgrade --lease 90000
expect_status 129 "a lease over a day"
expect_err "--lease: must be 1 to 86400 seconds, not 90000" "downgrade checks it too"
run "$repo" upgrade --wait -1
expect_status 129 "a negative wait"
expect_err "--wait: must be at least 0 seconds, not -1" "names the wait's range"
run "$repo" upgrade --rows-per-transaction 0
expect_status 129 "no rows per transaction"
expect_err "--rows-per-transaction: must be at least 1 row, not 0" "names the chunk's range"
# Usage errors read like every other error, and point to the help of the command they are about.
run "$repo" upgrade --rows-per-transaction 0
expect_err "git-crochet: error: --rows-per-transaction: must be at least 1 row" "usage error prefix"
expect_err 'hint: see `git crochet upgrade --help`' "usage error names the command's help"
run "$repo" create-migration
expect_status 129 "create-migration without its description"
expect_err "git-crochet: error: DESC is required" "a missing argument is an error"
expect_err 'hint: see `git crochet create-migration --help`' "missing argument hint"
run "$repo" upgrdae
expect_status 129 "a misspelt command"
expect_err "git-crochet: error: 'upgrdae' is not a git-crochet command" "names the unknown command"
expect_err 'hint: see `git crochet --help`' "unknown command hint"
expect_no_err "Run with --help" "no CLI11 boilerplate"
run "$repo"
expect_status 129 "no command"
expect_err "Subcommands:" "no command lists the commands"
expect_err "create-migration" "no command lists create-migration"
expect_no_err "A subcommand is required" "no command: no CLI11 message"
run "$repo" hooks
expect_status 129 "hooks without its command"
expect_err "Usage: git crochet hooks" "hooks alone shows hooks' usage"
expect_err "install" "hooks alone lists install"
run "$repo" hooks instal
expect_status 129 "a misspelt hooks command"
expect_err "git-crochet: error: 'instal' is not a \`git crochet hooks\` command" \
  "names the unknown hooks command"
run "$repo" data validate
expect_status 129 "data validate without its file"
expect_err 'hint: see `git crochet data validate --help`' "the hint names the whole command"
run "$repo" --colour
expect_status 129 "an option git-crochet does not have"
expect_err "git-crochet: error: unknown option '--colour'" "names the unknown option"
run "$repo" upgrade --dry-run
expect_status 0 "upgrade --dry-run"
expect_out "7 migrations to run from the start" "dry run"
expect_out "[schema] add_index name=index_Person_name" "dry run step classes"
expect_out "[data] rename_label from=Person to=Human" "dry run data step"
run "$repo" upgrade --dry-run --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["migrations"]) == 7 and d["runnable"], d' \
  "$work/out" || fail "upgrade --dry-run --json"
# Offline plans start after what the ledger records as applied: a script for that database must
# not rerun its migrations (a load run twice duplicates nodes). --from-start plans the whole chain.
run "$repo" stamp 0003
expect_status 0 "stamp 0003"
run "$repo" upgrade --sql
expect_status 0 "upgrade --sql after a stamp"
expect_out "// git crochet upgrade --sql: 4 migrations for Neo4j 5.x" "script skips applied migrations"
expect_out "// Runs after migrations/0003_rename_person_to_human.toml, the last migration .crochet/ledger.db records as applied." \
  "script says where it starts"
expect_no_out "// === 0003_" "applied migrations are not in the script"
expect_out "// === 0004_" "the first pending migration is"
run "$repo" upgrade --sql --from-start
cmp -s "$work/out" "$work/script5" || fail "--from-start renders the whole chain as before"
run "$repo" upgrade --dry-run
expect_out "4 migrations to run after migrations/0003_rename_person_to_human.toml" "dry run starts after the ledger"
run "$repo" upgrade --dry-run --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["applied_from"] == "ledger" and len(d["migrations"]) == 4 and len(d["already_applied"]) == 3, d' \
  "$work/out" || fail "upgrade --dry-run --json after a stamp"
run "$repo" upgrade --dry-run --from-start
expect_out "7 migrations to run from the start" "--from-start dry run"
run "$repo" upgrade --sql --target 0002
expect_status 0 "a target the ledger has applied"
expect_out "// git crochet upgrade --sql: 0 migrations" "nothing to run up to an applied target"
run "$repo" upgrade --dry-run --target 0002
expect_out "nothing to upgrade: the ledger records the target as applied" "dry run: target applied"
run "$repo" upgrade --from-start
expect_status 1 "--from-start alone"
expect_err "--from-start goes with --sql or --dry-run" "--from-start needs an offline plan"
rm -r "$repo/.crochet"
CROCHET_NEO4J_URI=http://127.0.0.1:9 run "$repo" upgrade
expect_status 1 "live upgrade without a server"
expect_err "Cannot reach Neo4j at http://127.0.0.1:9/" "live upgrade names the unreachable server"
[[ ! -e "$repo/.crochet/ledger.db" ]] || ! sqlite3 "$repo/.crochet/ledger.db" \
  'select revision from applied_migrations' | grep -q . || fail "nothing may be recorded as applied"

# --- lint per dialect and edition -----------------------------------------------------------------
run "$repo" lint --dialect 3.x
expect_status 1 "lint for 3.x: relationship indexes cannot run there"
expect_out "0004_add_employer.toml:15: error [unsupported] upgrade step add_index cannot run on Neo4j 3.5.35" \
  "lint names the step 3.x cannot run"
expect_out "relationship property indexes need Neo4j 4.3" "lint says why"
run "$repo" lint --dialect 4.4
expect_status 0 "lint for 4.4"
run "$repo" upgrade --sql --dialect 3.x
expect_status 1 "upgrade --sql for 3.x refuses what 3.x cannot run"
expect_err "0004_add_employer.toml step 2" "upgrade --sql names the step"
run "$repo" lint --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"] == 0 and d["migrations"] == 7, d' \
  "$work/out" || fail "lint --json"
run "$repo" lint --edition oracle
expect_status 1 "lint unknown edition"

# --- a fresh clone regenerates nothing and renders the same script --------------------------------
git clone -q "file://$repo" "$work/clone"
[[ ! -d $work/clone/.crochet ]] || fail "a fresh clone has no local state"
run "$work/clone" create-migration "spurious"
expect_status 1 "fresh clone: nothing changed"
expect_err "nothing changed" "fresh clone: nothing changed"
[[ -z $(git -C "$work/clone" status --porcelain) ]] || fail "fresh clone: nothing written"
run "$work/clone" upgrade --sql
cmp -s "$work/out" "$work/script5" || fail "fresh clone renders the same script"
run "$work/clone" check
expect_status 0 "fresh clone: check"

# --- bisect: the commit that changed the models without a migration --------------------------------
echo "# notes" >>README.md
commit 09 "docs"
person Human "email_address = EmailProperty(unique_index=True)" "age = StringProperty()" \
  "employer = RelationshipTo(Company, 'EMPLOYED_BY', model=WorksAt)"
commit 10 "add Human.age, forgetting the migration"
c_forgot=$(git rev-parse HEAD)
echo "# more notes" >>README.md
commit 11 "more docs"
run "$repo" check
expect_status 1 "check HEAD not covered"
expect_out "Human.age: added" "check names the uncovered change"
git bisect start HEAD "$c1" >/dev/null
git bisect run git crochet check >"$work/bisect" 2>&1 || true
grep -q "$c_forgot is the first bad commit" "$work/bisect" || {
  cat "$work/bisect" >&2
  fail "bisect lands on the commit that forgot the migration"
}
git bisect reset >/dev/null 2>&1

# --- broken and forked migrations at a commit -------------------------------------------------------
git checkout -q -b broken "$c_covered"
printf '\n[[upgrade]]\nop = "frobnicate"\n' >>"$m7"
commit 12 "break a migration file"
run "$repo" check
expect_status 125 "check with a migration that does not load"
expect_err "unknown op \"frobnicate\"" "check names the bad op"
run "$repo" upgrade --sql
expect_status 1 "upgrade --sql with a bad migration"
expect_err "$(basename "$m7"):" "upgrade --sql names the file"
run "$repo" create-migration "anything"
expect_status 1 "create-migration with a bad migration"

git checkout -q -b feature-a "$c_covered"
person Human "email_address = EmailProperty(unique_index=True)" "score = StringProperty(index=True)" \
  "employer = RelationshipTo(Company, 'EMPLOYED_BY', model=WorksAt)"
new_migration "add score"
rev_a=$(sed -n 's/^revision = "\(.*\)"$/\1/p' "$file")
commit 13 "feature a"
git checkout -q -b feature-b "$c_covered"
person Human "email_address = EmailProperty(unique_index=True)" "rank = StringProperty(index=True)" \
  "employer = RelationshipTo(Company, 'EMPLOYED_BY', model=WorksAt)"
new_migration "add rank"
expect_out "migrations/0008_add_rank.toml" "both branches number their migration 0008"
rev_b=$(sed -n 's/^revision = "\(.*\)"$/\1/p' "$file")
commit 14 "feature b"
[[ $rev_a != "$rev_b" ]] || fail "revision ids differ across branches"
git merge -q --no-edit feature-a >/dev/null 2>&1 || true
person Human "email_address = EmailProperty(unique_index=True)" "score = StringProperty(index=True)" \
  "rank = StringProperty(index=True)" \
  "employer = RelationshipTo(Company, 'EMPLOYED_BY', model=WorksAt)"
commit 15 "merge feature a"
run "$repo" check
expect_status 1 "check with two migration heads"
expect_out "2 heads" "check names the heads"
expect_out "git crochet merge" "check gives the fix"
run "$repo" create-migration "after merge"
expect_status 1 "create-migration refuses several heads"
expect_err "0008_add_rank.toml ($rev_b)" "several heads are named"
expect_err "git crochet merge" "several heads: the fix"

finish "test_migrations"
