import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { renderEventCatalogueMarkdown } from '@lien-thong/dossier-model';

/** `npm run docs:events`: writes docs/events.md from the dossier event catalogue. */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, '../docs/events.md');
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(renderEventCatalogueMarkdown(), { ...options, filepath: file }));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

void main();
