#!/usr/bin/env bash
# Pipes every statement rendered for the 4.4, 5.x and 2025 dialects (cypher_dump: 5.x both as
# written offline and for a 5.23+ server), and those git-crochet writes itself around the steps,
# through Neo4j's Cypher front end (lint.mjs). The front
# end knows Cypher 5 and 25 only, so the 3.x forms are checked against a real 3.1.1 instead
# (check_neo4j3.sh). Under CI=true a missing Node.js or front-end package fails the
# test; elsewhere it is reported as skipped (exit 77) with the command that installs it.
set -euo pipefail
dump=$1
here=$(cd "$(dirname "$0")" && pwd)
package="$here/node_modules/@neo4j-cypher/language-support/package.json"

missing=""
command -v node >/dev/null 2>&1 || missing="Node.js (node)"
[ -n "$missing" ] || [ -f "$package" ] || missing="the npm package @neo4j-cypher/language-support"
if [ -n "$missing" ]; then
  echo "cypher lint: $missing is not installed; run contrib/setup.sh (npm ci in tests/cypher)"
  if [ "${CI:-}" = "true" ]; then
    exit 1
  fi
  exit 77
fi

version=$(node -p "require('$package').version")
pinned=$(node -p "require('$here/package.json').dependencies['@neo4j-cypher/language-support']")
if [ "$version" != "$pinned" ]; then
  echo "cypher lint: installed front end is $version, package.json pins $pinned; run npm ci in tests/cypher"
  exit 1
fi

# The check itself must catch what it is for: Cypher the front end rejects, and a parameter the
# statement uses but does not send.
for bad in '"text":"CREATE CONSTRAINT ON (n:`A`) ASSERT n.`p` IS UNIQUE","params":{}' \
  '"text":"MATCH (n:`A`) SET n.`p` = $value","params":{"other":1}'; do
  if echo "{\"variant\":\"2025\",\"sample\":\"self-check\",$bad}" | node "$here/lint.mjs" >/dev/null; then
    echo "cypher lint: the self-check statement {$bad} was not reported"
    exit 1
  fi
done

"$dump" 4.4 5.x 5.23 2025 | node "$here/lint.mjs"
