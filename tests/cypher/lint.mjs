// Reads rendered statements as JSONL on stdin ({"variant","sample","text","params"}) and checks
// each with Neo4j's own Cypher front end (@neo4j-cypher/language-support, lintCypherQuery).
// Any error fails the run, and so does any warning but the two named in toleratedWarning.
// The front end reports every `$name` as undefined unless the schema declares it, so each
// statement is linted twice: with an empty schema (lintCypherQuery(text, {})), where the only
// errors allowed are undefined parameters the statement actually sends, and with exactly its
// parameters declared. Statements for the 2025 dialect are checked as Cypher 5 and Cypher 25.
import { createInterface } from 'node:readline';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const ERROR = 1;
let statements = 0;
let errors = 0;
let warnings = 0;
let failedStatements = 0;

function report(kind, record, language, diagnostic) {
  console.log(`${kind} [${record.variant} ${language}] ${record.sample}: ${diagnostic.message}`);
  console.log(`  ${record.text}`);
}

// Tolerated warnings: the 4.4 and 5.x dialects keep the importing `CALL { WITH x }` form that
// every 4.4 and 5.x server runs (5.23+ servers warn that it is deprecated; the renderer gives
// them `CALL (x) { }` when it knows the version), and free `cypher` steps are the user's text.
function toleratedWarning(record, diagnostic) {
  if (record.sample === 'cypher' || record.sample.startsWith('cypher/')) return true;
  return (
    (record.variant === '5.x' || record.variant === '4.4') &&
    diagnostic.message.startsWith('CALL subquery without a variable scope clause is deprecated')
  );
}

// Variants often render the same text; the front end's answer depends only on the text, the
// declared parameters and the language, so each distinct question is asked once.
const answers = new Map();
function lint(text, schema) {
  const key = JSON.stringify([text, schema]);
  if (!answers.has(key)) answers.set(key, lintCypherQuery(text, schema).diagnostics);
  return answers.get(key);
}

function check(record) {
  const params = record.params ?? {};
  const languages = record.variant === '2025' ? ['CYPHER 5', 'CYPHER 25'] : ['CYPHER 5'];
  const bare = lint(record.text, {});
  for (const diagnostic of bare) {
    const undeclared = /^Parameter \$`?([^`]+)`? is not defined\.$/.exec(diagnostic.message);
    if (diagnostic.severity === ERROR && !(undeclared && undeclared[1] in params)) {
      errors += 1;
      report('ERROR', record, 'empty schema', diagnostic);
    }
  }
  for (const language of languages) {
    const diagnostics = lint(record.text, { parameters: params, defaultLanguage: language });
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === ERROR) {
        errors += 1;
        report('ERROR', record, language, diagnostic);
      } else if (toleratedWarning(record, diagnostic)) {
        warnings += 1;
        report('warning', record, language, diagnostic);
      } else {
        errors += 1;
        report('ERROR (warning not allowed)', record, language, diagnostic);
      }
    }
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  statements += 1;
  const before = errors;
  check(JSON.parse(line));
  if (errors > before) failedStatements += 1;
}

console.log(`cypher lint: ${statements} statements, ${errors} errors, ${warnings} warnings`);
if (statements === 0) {
  console.log('cypher lint: no statements on stdin');
  process.exit(1);
}
console.log(`${statements - failedStatements} passed, ${failedStatements} failed`);
process.exit(errors === 0 ? 0 : 1);
