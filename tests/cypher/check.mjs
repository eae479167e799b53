// Parses and lints Cypher scripts with Neo4j's own Cypher front end (the ANTLR grammar and the
// semantic analysis of @neo4j-cypher/language-support), as Cypher 5 and as Cypher 25, and prints
// one JSON report for them all:
//   [{"file", "statements", "diagnostics": [{version, severity, message, line}], "strings": [...]}]
// `strings` are the string literals of the parse tree, as written (quotes included), in order.
// Run from tests/neo4j.rs: node tests/cypher/check.mjs FILE...
import { readFileSync } from 'node:fs';
import {
  allCypherVersions,
  getDebugTree,
  lintCypherQuery,
  parseStatementsStrs,
} from '@neo4j-cypher/language-support';

/** The text of every `stringLiteral` node under `node`, in document order. */
function literals(node, out = []) {
  if (node.name === 'stringLiteral') {
    out.push(node.children.map((c) => c.name).join(''));
  } else {
    node.children.forEach((c) => literals(c, out));
  }
  return out;
}

const reports = process.argv.slice(2).map((file) => {
  const script = readFileSync(file, 'utf8');
  const diagnostics = allCypherVersions.flatMap((version) =>
    lintCypherQuery(script, { defaultLanguage: version }, { consoleCommandsEnabled: true })
      .diagnostics.map((d) => ({
        version,
        severity: d.severity,
        message: d.message,
        line: d.range.start.line + 1,
      })),
  );
  return {
    file,
    statements: parseStatementsStrs(script).length,
    diagnostics,
    strings: literals(getDebugTree(script)),
  };
});
process.stdout.write(JSON.stringify(reports) + '\n');
