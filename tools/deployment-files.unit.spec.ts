import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Metrics } from '@lien-thong/platform';
import { SETTINGS_SCHEMA } from '@lien-thong/config';

/**
 * The deployment files and the operations guide against the code (issue 22): every setting the API, the
 * worker and the launcher read is documented in docs/operations.md, every documented setting is read,
 * and the compose file and the image start what the build makes, with settings that exist. (No Docker
 * daemon runs here: this is what can be checked without one.)
 */
const root = path.resolve(__dirname, '..');
const operations = readFileSync(path.join(root, 'docs/operations.md'), 'utf8');

/** Ours (the system's own, such as XDG_CACHE_HOME, are not listed). */
const OURS = /^(LIEN_THONG_|TEMPORAL_)|^(DATABASE_URL|EVENTSTORE_URL|API_PORT|API_HOST|PORT)$/;
/** Names that look like settings but are not environment variables. */
const NOT_SETTINGS = new Set(['TEMPORAL_CLIENT', 'TEMPORAL_CONNECTION', 'TEMPORAL_NAMESPACE_DEFAULT']);

function runtimeSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'bench', 'testing', 'dist', 'console', 'agency-simulator'].includes(entry.name)
        ? []
        : runtimeSources(full);
    // The settings schema names the tools' settings too, to tell them from typos: not a reader of them.
    if (full.endsWith('libs/config/src/settings.ts')) return [];
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Settings read from the environment: `env.NAME`, `env['NAME']`, or a setting helper given 'NAME'. */
function settingsReadByCode(): Set<string> {
  const found = new Set<string>();
  for (const file of ['apps/api/src', 'apps/worker/src', 'apps/launcher/src', 'libs'].flatMap((d) =>
    runtimeSources(path.join(root, d)),
  )) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) found.add(m[1]!);
    for (const m of text.matchAll(/['`](LIEN_THONG_[A-Z0-9_]+|TEMPORAL_[A-Z0-9_]+)['`]/g)) found.add(m[1]!);
  }
  // The test database of the jest setup is not an operator's setting.
  found.delete('LIEN_THONG_TEST_DATABASE_URL');
  return new Set([...found].filter((name) => OURS.test(name) && !NOT_SETTINGS.has(name)));
}

/** The settings in the tables of docs/operations.md (first column, in backquotes). */
function documentedSettings(): Set<string> {
  const found = new Set<string>();
  for (const line of operations.split('\n')) {
    const first = /^\|\s*`([A-Z][A-Z0-9_]+)`/.exec(line);
    if (first) found.add(first[1]!);
    const alias = /^\|\s*`PORT` \(or `(API_PORT)`\)/.exec(line);
    if (alias) found.add('PORT').add(alias[1]!);
  }
  return found;
}

describe('deployment files and docs/operations.md', () => {
  it('documents every setting the API, the worker and the launcher read, and no other', () => {
    const read = settingsReadByCode();
    const documented = documentedSettings();
    expect(read.size).toBeGreaterThan(40);
    expect([...read].filter((s) => !documented.has(s)).sort()).toEqual([]);
    expect([...documented].filter((s) => !read.has(s)).sort()).toEqual([]);
  });

  it('declares in the settings schema every setting of the API and the worker, and only those', () => {
    const schema = new Set(Object.keys(SETTINGS_SCHEMA.shape));
    const processes = new Set<string>();
    for (const line of operations.split('\n')) {
      const row = /^\|\s*`([A-Z][A-Z0-9_]+)`(?: \(or `([A-Z_]+)`\))?\s*\|[^|]*\|\s*([ALW ]+)\s*\|/.exec(line);
      if (row && /[AW]/.test(row[3]!)) {
        processes.add(row[1]!);
        if (row[2]) processes.add(row[2]);
      }
    }
    // The rate limits' table has no process column: they are the API's.
    for (const line of operations.split('\n')) {
      const rate = /^\|\s*`(LIEN_THONG_[A-Z_]+(?:RATE_PER_SECOND|BURST|MISSES_PER_MINUTE|PER_HOUR))`/.exec(
        line,
      );
      if (rate) processes.add(rate[1]!);
    }
    expect([...processes].filter((s) => !schema.has(s)).sort()).toEqual([]);
    expect([...schema].filter((s) => !processes.has(s)).sort()).toEqual([]);
  });

  it('runs, in the compose file, the services of a whole system with settings that exist', () => {
    const compose = parse(readFileSync(path.join(root, 'deploy/compose.yaml'), 'utf8'), {
      merge: true,
    }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, unknown>; image?: string }>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'postgres', 'temporal', 'temporal-db', 'temporal-ui', 'worker'].sort(),
    );
    const { api, worker } = compose.services;
    expect(api!.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(worker!.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(api!.image).toBe(worker!.image);
    const documented = documentedSettings();
    for (const service of [api!, worker!]) {
      const names = Object.keys(service.environment ?? {});
      expect(names).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'LIEN_THONG_VAULT_KEY']),
      );
      expect(names.filter((n) => !documented.has(n))).toEqual([]);
    }
    // Every secret the compose file needs is in the example environment file.
    const example = readFileSync(path.join(root, 'deploy/compose.env.example'), 'utf8');
    const required = [
      ...readFileSync(path.join(root, 'deploy/compose.yaml'), 'utf8').matchAll(/\$\{([A-Z_]+):\?/g),
    ].map((m) => m[1]!);
    for (const name of new Set(required))
      expect({ name, listed: example.includes(`${name}=`) }).toEqual({ name, listed: true });
  });

  it('builds an image that starts the compiled API on the Node of package.json', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
      scripts: Record<string, string>;
    };
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toContain('CMD ["node", "dist/apps/api/src/main.js"]');
    const image = /ARG NODE_IMAGE=node:(\d+)/.exec(dockerfile)?.[1];
    expect(pkg.engines.node).toContain(`>=${image}.`);
    expect(pkg.scripts.build).toBe('node tools/run-ts.cjs tools/build.ts');
  });
});

describe('Grafana dashboard and alert rules (docs/observability)', () => {
  /** Every series name a Liên Thông process exports (histograms with their _bucket, _count, _sum). */
  async function exported(): Promise<Set<string>> {
    const metrics = new Metrics('test');
    const names = new Set<string>();
    for (const m of await metrics.registry.getMetricsAsJSON()) {
      names.add(m.name);
      if (String(m.type) === 'histogram')
        for (const s of ['_bucket', '_count', '_sum']) names.add(`${m.name}${s}`);
    }
    // The gauges read from PostgreSQL are registered by watchDatabase.
    const watched = new Metrics('test');
    watched.watchDatabase({ query: () => Promise.reject(new Error('no database here')) } as never);
    for (const m of await watched.registry.getMetricsAsJSON()) names.add(m.name);
    return names;
  }
  /** Temporal's runtime metrics the dashboard uses (seen on its exporter; the SDK documents them). */
  const TEMPORAL = new Set([
    'temporal_workflow_task_schedule_to_start_latency_bucket',
    'temporal_worker_task_slots_available',
    'temporal_request',
  ]);
  const namesIn = (expr: string) =>
    [...expr.matchAll(/\b((?:lien_thong|process|nodejs|temporal)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);

  it('alerts on a lagging projection, a stuck outbox, portal pushes given up, a stranded dossier and an error rate over 1 %, with metrics that exist', async () => {
    const rules = parse(readFileSync(path.join(root, 'docs/observability/alert-rules.yaml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.map((r) => r.alert).sort()).toEqual(
      [
        'LienThongHighErrorRate',
        'LienThongOutboxStuck',
        'LienThongPortalPushesFailed',
        'LienThongProjectionLagging',
        'LienThongStrandedDossier',
      ].sort(),
    );
    const byName = Object.fromEntries(all.map((r) => [r.alert, r.expr]));
    expect(byName.LienThongProjectionLagging).toMatch(/lien_thong_projection_lag_seconds\) > 60$/);
    expect(byName.LienThongOutboxStuck).toMatch(/lien_thong_outbox_oldest_age_seconds\) > 300$/);
    expect(byName.LienThongStrandedDossier).toMatch(/lien_thong_stranded_dossiers\) > 0$/);
    expect(byName.LienThongHighErrorRate).toMatch(/> 0\.01$/);
    const names = await exported();
    for (const rule of all)
      for (const name of namesIn(rule.expr))
        expect({ rule: rule.alert, name, exists: names.has(name) }).toEqual({
          rule: rule.alert,
          name,
          exists: true,
        });
  });

  it('charts only metrics that exist, with one query per panel at least', async () => {
    const dashboard = JSON.parse(
      readFileSync(path.join(root, 'docs/observability/grafana-dashboard.json'), 'utf8'),
    ) as {
      uid: string;
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe('lien-thong');
    expect(dashboard.panels.length).toBeGreaterThan(10);
    const names = await exported();
    const charted = new Set<string>();
    for (const panel of dashboard.panels) {
      expect({ panel: panel.title, queries: panel.targets.length > 0 }).toEqual({
        panel: panel.title,
        queries: true,
      });
      for (const target of panel.targets)
        for (const name of namesIn(target.expr)) {
          charted.add(name);
          expect({ panel: panel.title, name, exists: names.has(name) || TEMPORAL.has(name) }).toEqual({
            panel: panel.title,
            name,
            exists: true,
          });
        }
    }
    // Every metric of ours is on the dashboard.
    const ours = [...names].filter((n) => n.startsWith('lien_thong_') && !/_(sum)$/.test(n));
    const base = (n: string) => n.replace(/_(bucket|count)$/, '');
    expect(ours.filter((n) => ![...charted].some((c) => base(c) === base(n))).sort()).toEqual([]);
  });
});
