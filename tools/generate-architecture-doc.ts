import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { architectureGraph, renderMermaid, withDiagram } from './architecture-graph';

/** `npm run docs:architecture`: writes the library diagram of docs/architecture.md from the code. */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const file = path.join(root, 'docs/architecture.md');
  const next = withDiagram(readFileSync(file, 'utf8'), renderMermaid(architectureGraph(root)));
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(next, { ...options, filepath: file }));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

void main();
