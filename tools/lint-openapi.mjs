// `node tools/lint-openapi.mjs FILE.json`: lints an OpenAPI document with Redocly's recommended rules
// (@redocly/openapi-core, the linter behind the Redocly CLI) and prints its problems as JSON lines
// ({ severity, ruleId, message, location }). Exit status 1 when any problem is an error. A script of
// its own because the library is an ES module, which the tests' CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/lint-openapi.mjs FILE.json');
  process.exit(2);
}
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: file, config });
for (const p of problems)
  console.log(
    JSON.stringify({
      severity: p.severity,
      ruleId: p.ruleId,
      message: p.message,
      location: p.location.map((l) => l.pointer),
    }),
  );
process.exit(problems.some((p) => p.severity === 'error') ? 1 : 0);
