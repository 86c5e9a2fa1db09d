#!/usr/bin/env bash
# End-to-end: new-project, create-node, create-relationship and kgid, run through the built
# binary in throwaway folders, checking files, output and exit codes (success and error paths).
source "$(dirname "$0")/lib.sh" e2e-scaffold

# run DIR ARGS...: runs the binary in DIR, keeping stdout, stderr and the exit status.
run() {
  local dir=$1
  shift
  capture_in "$dir" "$CROCHET_BIN" "$@"
}
expect_in_file() { grep -qF -- "$2" "$1" || fail "$3: $1 lacks '$2'"; }
expect_regex_in_file() { grep -qE -- "$2" "$1" || fail "$3: $1 lacks /$2/"; }
checksum() { find "$1" -type f -print0 | sort -z | xargs -0 sha256sum; }

# --- new-project ---------------------------------------------------------------------------
run "$work" new-project --name my-graph
expect_status 0 "new-project --name"
proj="$work/my-graph"
expect_file "$proj/crochet.toml" "new-project"
expect_file "$proj/models/__init__.py" "new-project"
expect_file "$proj/migrations/.gitkeep" "new-project"
expect_in_file "$proj/.gitignore" ".crochet/" "new-project"
expect_in_file "$proj/crochet.toml" 'name = "my-graph"' "new-project"
expect_in_file "$proj/crochet.toml" 'uri = "http://localhost:7474"' "new-project"
expect_out "my-graph" "new-project"

before=$(checksum "$proj")
run "$work" new-project --name my-graph
expect_status 1 "new-project twice"
expect_err "already a crochet project" "new-project twice"
[[ "$(checksum "$proj")" == "$before" ]] || fail "new-project twice changed files"

run "$work" new-project --name "bad/name"
expect_status 1 "new-project bad name"
expect_err "invalid project name" "new-project bad name"

# No --name and no --path: the current folder, named after it; an existing .gitignore gains the
# ledger entry. Inside a git work tree that is fine.
mkdir -p "$work/existing-repo"
if command -v git >/dev/null; then git -C "$work/existing-repo" init -q; fi
printf 'build/\n' >"$work/existing-repo/.gitignore"
run "$work/existing-repo" new-project
expect_status 0 "new-project in cwd"
expect_in_file "$work/existing-repo/crochet.toml" 'name = "existing-repo"' "new-project in cwd"
[[ "$(cat "$work/existing-repo/.gitignore")" == $'build/\n# git-crochet: local ledger and caches\n.crochet/' ]] ||
  fail "new-project in cwd: .gitignore not appended as expected"

run "$work" new-project --path nested/place
expect_status 0 "new-project --path"
expect_in_file "$work/nested/place/crochet.toml" 'name = "place"' "new-project --path"

# --- create-node / create-relationship -----------------------------------------------------
run "$proj" create-node Person
expect_status 0 "create-node"
expect_file "$proj/models/person.py" "create-node"
expect_in_file "$proj/models/person.py" "class Person(StructuredNode):" "create-node"
expect_regex_in_file "$proj/models/person.py" '^    __kgid__ = "person_[0-9a-f]{12}"$' "create-node"
expect_out "models/person.py" "create-node"

run "$work" -C my-graph create-node PurchaseOrder --kgid order_v1
expect_status 0 "create-node -C --kgid"
expect_out 'then run git crochet -C my-graph create-migration "add PurchaseOrder"' \
  "create-node -C: the next command works from the current folder"
expect_in_file "$proj/models/purchase_order.py" '__kgid__ = "order_v1"' "create-node --kgid"

run "$proj/models" create-relationship Friendship --rel-type FRIENDS_WITH
expect_status 0 "create-relationship from a subfolder"
expect_in_file "$proj/models/friendship.py" "class Friendship(StructuredRel):" "create-relationship"
expect_in_file "$proj/models/friendship.py" 'RelationshipTo(..., "FRIENDS_WITH", model=Friendship)' \
  "create-relationship"

before=$(checksum "$proj")
run "$proj" create-node Person
expect_status 1 "create-node existing"
expect_err "models/person.py already exists" "create-node existing"
run "$proj" create-node 1Bad
expect_status 1 "create-node invalid name"
expect_err "invalid class name" "create-node invalid name"
run "$proj" create-node class
expect_status 1 "create-node keyword"
expect_err "Python keyword" "create-node keyword"
run "$proj" create-node StructuredNode
expect_status 1 "create-node neomodel name"
expect_err "neomodel already defines" "create-node neomodel name"
run "$proj" create-node Other --kgid 'a"b'
expect_status 1 "create-node bad kgid"
expect_err "invalid kgid" "create-node bad kgid"
run "$proj" create-node Twin --kgid order_v1
expect_status 1 "create-node used kgid"
expect_err "already used" "create-node used kgid"
run "$proj" create-relationship Knows --rel-type KNOWS-WELL
expect_status 1 "create-relationship bad type"
expect_err "invalid relationship type" "create-relationship bad type"
run "$proj" create-relationship Knows
expect_failure "create-relationship without --rel-type"
expect_err "rel-type" "create-relationship without --rel-type"
run "$proj" create-node
expect_failure "create-node without NAME"
[[ "$(checksum "$proj")" == "$before" ]] || fail "refused scaffolding changed files"

# --- kgid ------------------------------------------------------------------------------------
run "$proj" kgid
expect_status 0 "kgid on scaffolded models"
expect_out "Every model class has a __kgid__" "kgid on scaffolded models"

printf 'from neomodel import StructuredNode, StringProperty\r\n\r\n\r\nclass Legacy(StructuredNode):\r\n    """An old model."""\r\n\r\n    title = StringProperty()\r\n' \
  >"$proj/models/legacy.py"
printf 'from neomodel import StructuredNode, IntegerProperty\n\nclass Counter(StructuredNode):\n    count = IntegerProperty()' \
  >"$proj/models/counter.py"
cp "$proj/models/legacy.py" "$work/legacy.before"

run "$proj" kgid
expect_status 1 "kgid lists missing"
expect_out "models/legacy.py:4: class Legacy has no __kgid__" "kgid lists missing"
expect_out "models/counter.py:3: class Counter has no __kgid__" "kgid lists missing"
expect_out "kgid --write" "kgid lists missing"

run "$proj" kgid --json
expect_status 1 "kgid --json"
expect_out '"class": "Legacy"' "kgid --json"
expect_out '"missing"' "kgid --json"

run "$proj" kgid --write
expect_status 0 "kgid --write"
expect_out "Stamped models/legacy.py: class Legacy" "kgid --write"
kgid_line=$(grep -a '__kgid__' "$proj/models/legacy.py" | tr -d '\r')
[[ $kgid_line =~ ^\ \ \ \ __kgid__\ =\ \"legacy_[0-9a-f]{12}\"$ ]] || fail "kgid --write: bad line '$kgid_line'"
# Exactly one line was added, after the docstring, with CRLF kept.
grep -av '__kgid__' "$proj/models/legacy.py" | cmp -s - "$work/legacy.before" ||
  fail "kgid --write changed more than one line of legacy.py"
[[ "$(sed -n 6p "$proj/models/legacy.py")" == *$'\r' ]] || fail "kgid --write lost CRLF"
[[ "$(sed -n 6p "$proj/models/legacy.py" | tr -d '\r')" == "$kgid_line" ]] ||
  fail "kgid --write: kgid not right after the docstring"
[[ "$(tail -c 1 "$proj/models/counter.py")" != "" ]] || fail "kgid --write added a final newline"
expect_in_file "$proj/models/counter.py" '__kgid__ = "counter_' "kgid --write"

run "$proj" kgid
expect_status 0 "kgid after --write"
run "$proj" kgid --write --json
expect_status 0 "kgid --write with nothing to do"
expect_out '"stamped": []' "kgid --write with nothing to do"

# A one-line class body moves to a line of its own, and the kgid goes below it.
printf 'from neomodel import StructuredNode\n\nclass Tiny(StructuredNode): pass\n' >"$proj/models/tiny.py"
run "$proj" kgid --write
expect_status 0 "kgid --write one-line body"
expect_out "Stamped models/tiny.py: class Tiny __kgid__" "kgid --write one-line body"
expect_eq "$(sed -n 3,4p "$proj/models/tiny.py")" "$(printf 'class Tiny(StructuredNode):\n    pass')" \
  "kgid --write one-line body"
expect_regex_in_file "$proj/models/tiny.py" '^    __kgid__ = "tiny_[0-9a-f]{12}"$' "kgid --write one-line body"
run "$proj" kgid
expect_status 0 "kgid after stamping a one-line body"
rm "$proj/models/tiny.py"

# Missing kgids are listed in line order within a file (a relationship model above the nodes
# included), and a warning about a definition two classes inherit is printed once.
cat >"$proj/models/zoo.py" <<'PY'
from neomodel import StructuredNode, StructuredRel, RelationshipTo
class Since(StructuredRel):
    pass
class Animal(StructuredNode):
    __abstract_node__ = True
    friend = RelationshipTo("Animal", "KNOWS", model=Since)
class Dog(Animal): __kgid__ = "dog"
class Cat(Animal): __kgid__ = "cat"
class Zebra(StructuredNode):
    pass
PY
run "$proj" kgid
expect_status 1 "kgid lists in line order"
expect_eq "$(grep -F 'models/zoo.py' "$work/out")" \
  "$(printf 'models/zoo.py:2: class Since has no __kgid__\nmodels/zoo.py:9: class Zebra has no __kgid__')" \
  "kgid lists in line order"
expect_eq "$(grep -c "targets abstract class 'Animal'" "$work/err")" 1 "kgid warns once"
run "$proj" kgid --write
expect_status 0 "kgid --write warns once"
expect_eq "$(grep -c "targets abstract class 'Animal'" "$work/err")" 1 "kgid --write warns once"
expect_eq "$(grep -F 'Stamped models/zoo.py' "$work/out" | cut -d' ' -f3-4)" \
  "$(printf 'class Since\nclass Zebra')" "kgid --write stamps in line order"
rm "$proj/models/zoo.py"

# Other errors are reported and block --write.
printf 'from neomodel import StructuredNode\n\nclass Broken(StructuredNode):\n    x = (\n' \
  >"$proj/models/broken.py"
printf 'from neomodel import StructuredNode, StringProperty\n\nclass Fresh(StructuredNode):\n    a = StringProperty()\n' \
  >"$proj/models/fresh.py"
before=$(checksum "$proj")
run "$proj" kgid --write
expect_status 1 "kgid --write with a syntax error"
expect_err "models/broken.py" "kgid --write with a syntax error"
expect_err "nothing was stamped" "kgid --write with a syntax error"
[[ "$(checksum "$proj")" == "$before" ]] || fail "kgid --write with errors changed files"
run "$proj" kgid
expect_status 1 "kgid with a syntax error"
expect_err "models/broken.py" "kgid with a syntax error"
rm "$proj/models/broken.py" "$proj/models/fresh.py"

# --- project discovery and configuration errors ---------------------------------------------
mkdir -p "$work/empty"
run "$work/empty" kgid
expect_status 1 "kgid outside a project"
expect_err "not a crochet project" "kgid outside a project"
expect_err "git crochet new-project" "kgid outside a project"

run "$work" -C does-not-exist kgid
expect_status 1 "-C to a missing folder"

mkdir -p "$work/badconf"
printf '[neo4j]\nusername = "neo4j"\npassword = "secret"\n' >"$work/badconf/crochet.toml"
run "$work/badconf" create-node Person
expect_status 1 "password in crochet.toml"
expect_err "crochet.toml:3:1: error:" "password in crochet.toml"
expect_err "CROCHET_NEO4J_PASSWORD" "password in crochet.toml"
expect_no_file "$work/badconf/models/person.py" "password in crochet.toml"

printf '[neo4j]\nusrname = "x"\n' >"$work/badconf/crochet.toml"
run "$work/badconf" kgid
expect_status 1 "unknown key"
expect_err "neo4j.usrname" "unknown key"

printf '[project]\nmodels_path = "../elsewhere"\n' >"$work/badconf/crochet.toml"
run "$work/badconf" create-node Person
expect_status 1 "escaping models_path"
expect_err "project.models_path" "escaping models_path"
expect_no_file "$work/elsewhere" "escaping models_path"

# --- schema: the text listing of the realistic fixture, line for line ----------------------
fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)
mkdir -p "$work/listing"
cp -r "$fixtures/models/realistic" "$work/listing/models"
printf '[project]\nname = "listing"\n' >"$work/listing/crochet.toml"
run "$work/listing" schema
expect_status 0 "schema listing"
diff -u "$fixtures/models/realistic.schema.txt" "$work/out" >&2 || fail "schema listing differs"
listed_hash=$(sed -n 's/^schema hash: //p' "$work/out")

# --- schema: what cannot be read statically is shown as unresolved, never as a value ---------
mkdir -p "$work/unresolved/models"
printf '[project]\nname = "unresolved"\n' >"$work/unresolved/crochet.toml"
cat >"$work/unresolved/models/a.py" <<'PY'
from neomodel import StructuredNode, StringProperty, RelationshipTo
from .settings import flag, kind
class A(StructuredNode):
    __kgid__ = "a"
    name = StringProperty(index=flag())
    link = RelationshipTo("A", kind())
PY
printf 'def flag():\n    return True\ndef kind():\n    return "LINKS"\n' >"$work/unresolved/models/settings.py"
run "$work/unresolved" schema
expect_status 0 "schema with unresolved values"
expect_out "  name: StringProperty (index unresolved: flag())" "an unresolved option is listed"
expect_out "  link: -[:? unresolved: kind()]->A (ZeroOrMore)" "an unresolved type is not a type"

# --- schema --hash: the hash alone, the same as the listing's and the JSON's ----------------
run "$work/listing" schema --hash
expect_status 0 "schema --hash"
expect_eq "$(cat "$work/out")" "$listed_hash" "schema --hash prints the listing's hash alone"
[[ $listed_hash == sha256:* ]] || fail "the listing ends with its hash"
run "$work/listing" schema --json
expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schema_hash"])' \
  "$work/out")" "$listed_hash" "schema --json has the same hash"
# --- CROCHET_TRACE_PERFORMANCE: each stage of the read timed on stderr, stdout untouched -----
CROCHET_TRACE_PERFORMANCE=1 run "$work/listing" schema --hash
expect_status 0 "schema --hash with performance tracing"
expect_eq "$(cat "$work/out")" "$listed_hash" "tracing leaves stdout alone"
for stage in "read models folder: read " "read models: parse " "read models: classify " \
  "read models: read members" "read models: derive objects"; do
  expect_err "$stage" "performance trace"
done
grep -qE '^performance: [0-9]+\.[0-9]{3} ms: ' "$work/err" || fail "performance lines carry times"
for off in 0 false OFF No ""; do
  CROCHET_TRACE_PERFORMANCE=$off run "$work/listing" schema --hash
  [[ ! -s "$work/err" ]] || fail "CROCHET_TRACE_PERFORMANCE='$off' traces nothing"
done
run "$work/listing" schema --json --hash
expect_failure "schema --json --hash"
expect_err "excludes" "schema --json --hash"
printf 'class Broken(:\n' >"$work/listing/models/broken.py"
run "$work/listing" schema --hash
expect_status 1 "schema --hash of models that do not parse"
expect_err "broken.py:1" "schema --hash of models that do not parse"
[[ ! -s "$work/out" ]] || fail "schema --hash prints no hash for models that do not parse"

finish "test_scaffold"
