#!/usr/bin/env node
// Runs a TypeScript entry point straight from source: swc transpiles (with decorator metadata,
// which Nest's dependency injection needs) and tsconfig paths resolve the @lien-thong/* libraries.
// Type checking is the job of `npm run typecheck`, not of start-up.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || path.join(root, 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.TS_NODE_SWC = 'true';
require('ts-node/register');
require('tsconfig-paths/register');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run-ts.cjs <entry.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(process.cwd(), entry));
