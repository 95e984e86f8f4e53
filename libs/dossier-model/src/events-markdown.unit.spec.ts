import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DOSSIER_EVENT_TYPE_LIST } from './index';
import { EVENT_PHASES, renderEventCatalogueMarkdown } from './events-markdown';

const DOC = path.resolve(__dirname, '../../../docs/events.md');

/** Prettier is ESM inside: run its CLI (as `npm run docs:events` formats the file) rather than load it in jest. */
function formattedCatalogue(): string {
  const cli = require.resolve('prettier/bin/prettier.cjs');
  return execFileSync(process.execPath, [cli, '--stdin-filepath', DOC], {
    input: renderEventCatalogueMarkdown(),
    encoding: 'utf8',
  });
}

describe('docs/events.md', () => {
  it('puts every event type in exactly one phase', () => {
    const listed = EVENT_PHASES.flatMap((p) => p.types);
    expect([...listed].sort()).toEqual([...DOSSIER_EVENT_TYPE_LIST].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('documents every event type and every field', () => {
    const text = renderEventCatalogueMarkdown();
    for (const type of DOSSIER_EVENT_TYPE_LIST) expect(text).toContain(`### ${type}`);
    expect(text).toContain('| `appointmentAt` |');
    expect(text).toContain('| `responsibleAgencyCode` |');
  });

  it('is in step with the code (run `npm run docs:events` when this fails)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(formattedCatalogue());
  });
});
