import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Who depends on whom, read from the code: every `@lien-thong/<library>` import of the non-test
 * sources of apps, libraries and workflows. `docs/architecture.md` shows it as a Mermaid diagram
 * between two markers, written by `npm run docs:architecture` and checked by a unit test, so the
 * diagram cannot drift from the code.
 */
export interface ArchitectureGraph {
  /** `libs/<name>`, `apps/<name>`, `workflows`, sorted. */
  readonly nodes: readonly string[];
  /** `[from, to]`, sorted, one per pair. */
  readonly edges: readonly (readonly [string, string])[];
}

export const GRAPH_START = '<!-- library-graph:start (npm run docs:architecture) -->';
export const GRAPH_END = '<!-- library-graph:end -->';

const TEST_FILE =
  /\.(unit|int|workflow|e2e)[-.]spec\.ts$|\.spec\.ts$|\.test-kit\.ts$|\.fixtures\.ts$|\/testing\//;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (full.endsWith('.ts') && !TEST_FILE.test(full.replace(/\\/g, '/'))) out.push(full);
  }
  return out;
}

/** The graph of the repository at `root` (aliases from tsconfig.json `paths`). */
export function architectureGraph(root: string): ArchitectureGraph {
  const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const libraryOf = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    const match = /^(libs\/[^/]+)\//.exec(target ?? '');
    if (match) libraryOf.set(alias, match[1]!);
  }
  const units: string[] = [];
  for (const group of ['libs', 'apps']) {
    for (const name of readdirSync(path.join(root, group))) {
      if (statSync(path.join(root, group, name)).isDirectory()) units.push(`${group}/${name}`);
    }
  }
  units.push('workflows');
  const edges = new Set<string>();
  const present = new Set<string>();
  for (const unit of units) {
    const files = sources(path.join(root, unit));
    if (files.length === 0) continue;
    present.add(unit);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(@lien-thong\/[^']+)'/g)) {
        const target = libraryOf.get(match[1]!);
        if (target !== undefined && target !== unit) edges.add(`${unit}>${target}`);
      }
    }
  }
  return {
    nodes: [...present].sort(),
    edges: [...edges]
      .sort()
      .map((e) => e.split('>') as [string, string])
      .filter(([, to]) => present.has(to)),
  };
}

/** The graph as a Mermaid flowchart (dependencies point down to what they use). */
export function renderMermaid(graph: ArchitectureGraph): string {
  const id = (unit: string) => unit.replace(/[/-]/g, '_');
  const lines = ['```mermaid', 'flowchart TD'];
  for (const node of graph.nodes) lines.push(`  ${id(node)}["${node}"]`);
  for (const [from, to] of graph.edges) lines.push(`  ${id(from)} --> ${id(to)}`);
  lines.push('```');
  return lines.join('\n');
}

/** `doc` with the text between the markers replaced by the current diagram. */
export function withDiagram(doc: string, diagram: string): string {
  const start = doc.indexOf(GRAPH_START);
  const end = doc.indexOf(GRAPH_END);
  if (start < 0 || end < start)
    throw new Error(`docs/architecture.md lacks the markers ${GRAPH_START} … ${GRAPH_END}`);
  return `${doc.slice(0, start + GRAPH_START.length)}\n\n${diagram}\n\n${doc.slice(end)}`;
}
