#!/usr/bin/env bash
# Runs a command against the throwaway Neo4j that `neodb.sh start STATE_DIR` started:
#   with_neodb.sh STATE_DIR command...
# exports CROCHET_TEST_NEO4J_URI (and _USER/_PASSWORD when it runs with authentication).
# Exits 77 (skip) when the server could not be started outside CI; fails under CI=true.
set -euo pipefail
state=$1
shift
if [ ! -f "$state/uri" ]; then
  echo "with_neodb: no Neo4j running for $state (did neodb.sh start fail or skip?)" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 77
fi
CROCHET_TEST_NEO4J_URI=$(cat "$state/uri")
export CROCHET_TEST_NEO4J_URI
if [ -f "$state/password" ]; then
  CROCHET_TEST_NEO4J_USER=neo4j
  CROCHET_TEST_NEO4J_PASSWORD=$(cat "$state/password")
  export CROCHET_TEST_NEO4J_USER CROCHET_TEST_NEO4J_PASSWORD
fi
exec "$@"
