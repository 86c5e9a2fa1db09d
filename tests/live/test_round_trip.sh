#!/usr/bin/env bash
# Model edits committed in git, each scaffolded by create-migration, upgraded, downgraded and
# upgraded again on a real Neo4j: the graph's constraints, indexes and data are read back after
# each run. The edits are the ones that move data: a class renamed with its label while an
# inherited, indexed property is renamed and made unique in the same commit (one confirmation
# must carry the subclass), a db_property change of an indexed property, a relationship type
# renamed, and a base class and its subclass each renaming their own `age` to a different name.
source "$(dirname "$0")/lib.sh"
wipe_graph

constraints() { cypher "CALL db.constraints() YIELD description RETURN description" | grep -v __Crochet | sort | tr '\n' '|'; }
indexes() { cypher "CALL db.indexes() YIELD description RETURN description" | grep -v __Crochet | sort | tr '\n' '|'; }
people() { cypher "MATCH (n) WHERE n.uid IS NOT NULL RETURN n.uid + ' ' + reduce(s = '', l IN labels(n) | s + ':' + l) + ' handle=' + coalesce(n.handle, '-') + ' nick=' + coalesce(n.nick, '-') + ' name=' + coalesce(n.name, '-') + ' pet_name=' + coalesce(n.pet_name, '-') ORDER BY n.uid" | tr '\n' '|'; }
relationships() { cypher "MATCH (a)-[r]->(b) WHERE a.uid IS NOT NULL RETURN a.uid + '-' + type(r) + '->' + b.uid + ' ' + coalesce(r.since, '-') ORDER BY a.uid, b.uid" | tr '\n' '|'; }

# verified REPO WHAT: verify --live passes (graph schema as the last applied migration records).
verified() {
  run "$1" verify --live
  expect_status 0 "verify --live $2"
}

repo=$(new_project round)
cat >"$repo/models/people.py" <<'PY'
from neomodel import StructuredNode, StructuredRel, StringProperty, RelationshipTo


class Since(StructuredRel):
    __kgid__ = "k_since"
    since = StringProperty()


class Person(StructuredNode):
    __kgid__ = "k_person"
    uid = StringProperty(unique_index=True)
    handle = StringProperty(index=True)
    pets = RelationshipTo("Pet", "OWNS", model=Since)


class Staff(Person):
    __kgid__ = "k_staff"


class Pet(StructuredNode):
    __kgid__ = "k_pet"
    uid = StringProperty(unique_index=True)
    name = StringProperty(index=True)
PY
(cd "$repo" && git crochet create-migration "people and pets" >/dev/null)
commit_all "$repo" "people and pets"
run "$repo" upgrade
expect_status 0 "first upgrade"
cypher "CREATE (a:Person {uid: 'p1', handle: 'ada'}), (b:Person:Staff {uid: 's1', handle: 'bob'}), (c:Pet {uid: 'x1', name: 'Rex'}), (a)-[:OWNS {since: '2020'}]->(c), (b)-[:OWNS {since: '2021'}]->(c)" >/dev/null
start_constraints=$(constraints)
start_indexes=$(indexes)
start_people=$(people)
start_relationships=$(relationships)
expect_eq "$start_constraints" "CONSTRAINT ON ( person:Person ) ASSERT person.uid IS UNIQUE|CONSTRAINT ON ( pet:Pet ) ASSERT pet.uid IS UNIQUE|CONSTRAINT ON ( staff:Staff ) ASSERT staff.uid IS UNIQUE|" "constraints of the first migration"
expect_eq "$start_indexes" "INDEX ON :Person(handle)|INDEX ON :Person(uid)|INDEX ON :Pet(name)|INDEX ON :Pet(uid)|INDEX ON :Staff(handle)|INDEX ON :Staff(uid)|" "indexes of the first migration"

# --- one commit: Person -> Member (label), handle -> nick made unique, Staff inherits it --------
sed -i 's/class Person(StructuredNode)/class Member(StructuredNode)/; s/class Staff(Person)/class Staff(Member)/; s/    handle = StringProperty(index=True)/    nick = StringProperty(unique_index=True)/' "$repo/models/people.py"
run "$repo" create-migration "members" --rename Member.handle=nick
expect_status 0 "create-migration with a label rename and a confirmed rename"
expect_no_out "hint: possible rename" "the subclass's rename is confirmed with its base class's"
members=$(ls "$repo"/migrations/0002_*.toml)
grep -q 'op = "remove_node_property"' "$members" && fail "the inherited property is removed from Staff nodes: $(cat "$members")"
grep -q '^rollback_safe = true' "$members" || fail "renames only, yet not rollback_safe: $(cat "$members")"
commit_all "$repo" "members"
run "$repo" upgrade
expect_status 0 "upgrade: members"
expect_eq "$(people)" "p1 :Member handle=- nick=ada name=- pet_name=-|s1 :Staff:Member handle=- nick=bob name=- pet_name=-|x1 :Pet handle=- nick=- name=Rex pet_name=-|" "labels renamed, values moved on base and subclass nodes"
expect_eq "$(constraints)" "CONSTRAINT ON ( member:Member ) ASSERT member.nick IS UNIQUE|CONSTRAINT ON ( member:Member ) ASSERT member.uid IS UNIQUE|CONSTRAINT ON ( pet:Pet ) ASSERT pet.uid IS UNIQUE|CONSTRAINT ON ( staff:Staff ) ASSERT staff.nick IS UNIQUE|CONSTRAINT ON ( staff:Staff ) ASSERT staff.uid IS UNIQUE|" "constraints after members"
verified "$repo" "after members"

# --- one commit: Pet.name stored as pet_name (indexed), OWNS -> HAS_PET ---------------------------
sed -i 's/    name = StringProperty(index=True)/    name = StringProperty(index=True, db_property="pet_name")/; s/"OWNS"/"HAS_PET"/' "$repo/models/people.py"
run "$repo" create-migration "pet name and type"
expect_status 0 "create-migration: db_property and relationship type"
expect_out "rename_node_property label=Pet from=name to=pet_name" "the stored name moves"
expect_out "rename_relationship_type from=OWNS to=HAS_PET" "the relationship type is renamed"
commit_all "$repo" "pet name and type"
run "$repo" upgrade
expect_status 0 "upgrade: pet name and type"
expect_eq "$(relationships)" "p1-HAS_PET->x1 2020|s1-HAS_PET->x1 2021|" "relationships retyped with their properties"
[[ $(indexes) == *"INDEX ON :Pet(pet_name)"* && $(indexes) != *"INDEX ON :Pet(name)"* ]] || fail "Pet's index did not follow the stored name: $(indexes)"
verified "$repo" "after pet name and type"
run "$repo" status
expect_out "Database: at head" "status at head"

# --- all the way back, then forward again ----------------------------------------------------------
run "$repo" downgrade --steps 2
expect_status 0 "downgrade both"
expect_eq "$(constraints)" "$start_constraints" "constraints restored"
expect_eq "$(indexes)" "$start_indexes" "indexes restored"
expect_eq "$(people)" "$start_people" "labels and values restored"
expect_eq "$(relationships)" "$start_relationships" "relationship types restored"
verified "$repo" "after downgrade"
run "$repo" upgrade
expect_status 0 "upgrade again"
expect_eq "$(people)" "p1 :Member handle=- nick=ada name=- pet_name=-|s1 :Staff:Member handle=- nick=bob name=- pet_name=-|x1 :Pet handle=- nick=- name=- pet_name=Rex|" "upgraded again"
verified "$repo" "after the second upgrade"

# --- base class and subclass each rename their own `age`: every value lands under its class's name --
sed -i 's/^class Staff(Member):/class Staff(Member):\n    age = IntegerProperty()/; s/^    nick = StringProperty(unique_index=True)/&\n    age = IntegerProperty()/; s/^from neomodel import /from neomodel import IntegerProperty, /' "$repo/models/people.py"
(cd "$repo" && git crochet create-migration "ages" >/dev/null)
commit_all "$repo" "ages"
run "$repo" upgrade
expect_status 0 "upgrade: ages"
cypher "MATCH (n:Member) SET n.age = size(n.uid) * 10 + CASE WHEN n:Staff THEN 2 ELSE 1 END" >/dev/null
ages() { cypher "MATCH (n:Member) RETURN n.uid + ' age=' + coalesce(toString(n.age), '-') + ' years=' + coalesce(toString(n.years), '-') + ' staff_years=' + coalesce(toString(n.staff_years), '-') ORDER BY n.uid" | tr '\n' '|'; }
start_ages=$(ages)
sed -i '0,/^    age = IntegerProperty()/s//    years = IntegerProperty()/; s/^    age = IntegerProperty()/    staff_years = IntegerProperty()/' "$repo/models/people.py"
run "$repo" create-migration "years" --rename Member.age=years --rename Staff.age=staff_years
expect_status 0 "create-migration: two renames of one stored name"
commit_all "$repo" "years"
run "$repo" upgrade
expect_status 0 "upgrade: years"
expect_eq "$(ages)" "p1 age=- years=21 staff_years=-|s1 age=- years=- staff_years=22|" "each class's values under its own new name"
run "$repo" downgrade
expect_status 0 "downgrade: years"
expect_eq "$(ages)" "$start_ages" "ages restored"

finish "live round trip"
