import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GRAPH_END, GRAPH_START, architectureGraph, renderMermaid } from './architecture-graph';

const ROOT = path.resolve(__dirname, '..');

describe('docs/architecture.md library diagram', () => {
  it('is the graph of the code as it is (run `npm run docs:architecture` when this fails)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const shown = doc.slice(doc.indexOf(GRAPH_START) + GRAPH_START.length, doc.indexOf(GRAPH_END)).trim();
    expect(shown).toBe(renderMermaid(architectureGraph(ROOT)));
  });

  it('sees the libraries and who imports them, and no library imports an app', () => {
    const graph = architectureGraph(ROOT);
    expect(graph.nodes).toEqual(
      expect.arrayContaining(['apps/api', 'apps/worker', 'libs/contracts', 'libs/dossiers']),
    );
    expect(graph.edges).toContainEqual(['apps/api', 'libs/dossiers']);
    expect(graph.edges.filter(([from, to]) => from.startsWith('libs/') && to.startsWith('apps/'))).toEqual(
      [],
    );
  });
});
