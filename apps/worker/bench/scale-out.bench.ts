/**
 * Scale-out benchmark: `npm run bench:scale-out`. Prints figures; it does not pass or fail.
 *
 * Issue 22: "throughput not lower than one of each". The same load (BENCH_DOSSIERS dossiers, default
 * 60, driven through the four steps of 9.000001 by BENCH_LANES clients at once, default 12, over HTTP
 * like agencies and desks) runs first against 1 API and 1 worker process, then against 2 API and 3 worker
 * processes sharing the work (projection leases, the Temporal task queue), on one PostgreSQL and one
 * Temporal dev server, in the same run. Printed: dossiers per second for each, and the ratio [>= 1.0].
 * On this 2-core machine every process shares the same two cores: the ratio says what sharing costs
 * here, not what more machines would give.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RuntimeConfig } from '@lien-thong/config';
import { AccessTokens } from '@lien-thong/identity';
import { startPostgres, withDatabase } from '@lien-thong/postgres';
import { CreateProcedureDraft, PublishProcedureVersion, TEST_PROCEDURES } from '@lien-thong/procedures';
import { startTemporal } from '@lien-thong/temporal-bootstrap';
import { createApiApp } from '../../api/src/create-api-app';
import { freePort } from './free-port';

const root = path.resolve(__dirname, '../../..');
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 60);
const LANES = Number(process.env.BENCH_LANES ?? 12);
const DATABASE = 'lien_thong_bench_scale_out';
const DESK = '000.00.71.H29';
const STEPS = [
  { id: 'a', agency: DESK },
  { id: 'b', agency: '000.00.72.H29' },
  { id: 'c', agency: '000.00.61.H29' },
  { id: 'return-result', agency: DESK },
] as const;

interface Proc {
  child: ChildProcess;
  url?: string;
}

function start(entry: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'tools/run-ts.cjs'), path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never left behind holding the database
      reject(new Error(`${entry} did not start:\n${output}`));
    }, 120_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${output}`)));
  });
}

async function stop(procs: readonly Proc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          p.child.removeAllListeners('exit');
          p.child.once('exit', () => resolve());
          p.child.kill('SIGTERM');
        }),
    ),
  );
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const log = (m: string) => console.log(`  ${m}`);
  const pg = await startPostgres({ log });
  const admin = new PgClient({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const temporalDir = mkdtempSync(path.join(os.tmpdir(), 'lien-thong-bench-scale-'));
  const temporal = await startTemporal({
    dataDir: temporalDir,
    port: await freePort(),
    uiPort: await freePort(),
    log,
  });
  const tokenKey = randomBytes(32).toString('base64');
  const config: RuntimeConfig = {
    databaseUrl: withDatabase(pg.url, DATABASE),
    temporalAddress: temporal.address,
    temporalNamespace: 'default',
    eventStoreUrl: undefined,
    apiPort: 0,
    apiHost: '127.0.0.1',
    temporalUiUrl: undefined,
    seed: 'sample',
    calendar: 'always-open',
    vaultMasterKey: randomBytes(32).toString('base64'),
    tokenKey,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    TEMPORAL_ADDRESS: config.temporalAddress,
    LIEN_THONG_CALENDAR: 'always-open',
    LIEN_THONG_VAULT_KEY: config.vaultMasterKey,
    LIEN_THONG_TOKEN_KEY: tokenKey,
    LIEN_THONG_SEED: 'none',
    // The load comes from one address and a few principals: no rate limit in the way.
    LIEN_THONG_CLIENT_RATE_PER_SECOND: '100000',
    LIEN_THONG_CLIENT_BURST: '100000',
    EVENTSTORE_URL: '',
  };
  let app: INestApplication | undefined;
  const pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
  try {
    // The sample catalogue and the procedure, in this process; the load goes to the processes below.
    app = await createApiApp(config, { logger: false });
    await app.init();
    const procedure = TEST_PROCEDURES.find((p) => p.code === '9.000001')!;
    const roomy = {
      ...procedure,
      statutoryLimit: { unit: 'workingSeconds', amount: 36_000 } as const,
      steps: procedure.steps.map((s) => ({
        ...s,
        budget: { unit: 'workingSeconds', amount: 3_600 } as const,
      })),
    };
    const commands = app.get(CommandBus);
    await commands.execute(new CreateProcedureDraft(roomy, 'bench', 'bench'));
    await commands.execute(new PublishProcedureVersion(roomy.code, 'bench', 'bench'));
    const tokens = app.get(AccessTokens);
    const token = (roles: string[], agency: string | null, sub: string) =>
      tokens.issue({ sub, kind: 'staff', agency, roles: roles }).token;
    const desk = token(['reception-officer'], DESK, 'bench-desk');
    const staff = new Map(
      STEPS.map((s) => [
        s.agency,
        token(['reception-officer', 'agency-officer', 'agency-head'], s.agency, `bench-${s.agency}`),
      ]),
    );

    const handedOff = async (code: string, step: string) => {
      for (;;) {
        const { rows } = await pool.query(
          "SELECT 1 FROM events WHERE stream_name = $1 AND type = $2 AND ($3::text IS NULL OR data->>'stepId' = $3)",
          [
            `dossier-${code}`,
            step === 'result' ? 'ResultReady' : 'StepHandedOff',
            step === 'result' ? null : step,
          ],
        );
        if (rows.length > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const post = async (
      urls: readonly string[],
      n: number,
      bearer: string,
      p: string,
      body: object,
      key?: string,
    ) => {
      const res = await fetch(`${urls[n % urls.length]}${p}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const load = async (label: string, apis: number, workers: number): Promise<number> => {
      const procs: Proc[] = [];
      const urls: string[] = [];
      for (let i = 0; i < workers; i++)
        procs.push({ child: await start('apps/worker/src/main.ts', env, /"state":"RUNNING"/) });
      for (let i = 0; i < apis; i++) {
        const port = await freePort();
        procs.push({
          child: await start('apps/api/src/main.ts', { ...env, PORT: String(port) }, /listening on http/),
        });
        urls.push(`http://127.0.0.1:${port}`);
      }
      try {
        let next = 0;
        const started = performance.now();
        const lane = async () => {
          while (next < DOSSIERS) {
            const n = next++;
            const { dossierCode } = await post(urls, n, desk, '/dossiers', {
              intakeRef: `${label}-${n}`,
              procedureCode: '9.000001',
              channel: 'online',
              receivingUnitCode: DESK,
              applicantCommuneCode: DESK,
              stepOwners: { b: '000.00.72.H29' },
              applicant: {
                fullName: `Tải ${n}`,
                address: '1 Lê Lợi',
                idNumber: `0790${String(n).padStart(8, '0')}`,
              },
              documents: [],
            });
            const code = dossierCode as string;
            for (const step of STEPS) {
              await handedOff(code, step.id);
              const bearer = staff.get(step.agency)!;
              await post(urls, n, bearer, `/dossiers/${code}/steps/${step.id}/receive`, {
                agencyCode: step.agency,
              });
              await post(urls, n, bearer, `/dossiers/${code}/steps/${step.id}/complete`, {
                agencyCode: step.agency,
                resultSummary: 'xong',
              });
            }
            await handedOff(code, 'result');
          }
        };
        await Promise.all(Array.from({ length: LANES }, lane));
        const rate = DOSSIERS / ((performance.now() - started) / 1000);
        console.log(`  ${label}: ${apis} API + ${workers} worker processes: ${rate.toFixed(2)} dossiers/s`);
        return rate;
      } finally {
        await stop(procs);
      }
    };

    console.log(`\nScale-out: ${DOSSIERS} dossiers, ${LANES} at once, intake to result (4 steps), over HTTP`);
    const one = await load('one-of-each', 1, 1);
    const many = await load('two-and-three', 2, 3);
    const ratio = many / one;
    console.log(
      `  ratio (2 + 3) / (1 + 1): ${ratio.toFixed(2)}   [>= 1.0, issue 22: ${ratio >= 1 ? 'met' : 'NOT met'}]`,
    );
  } finally {
    await pool.end();
    await app?.close();
    await temporal.stop();
    rmSync(temporalDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`).catch(() => undefined);
    await admin.end();
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
