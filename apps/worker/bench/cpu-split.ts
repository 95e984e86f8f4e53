import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** CPU time used so far, in milliseconds: this process, and every process on the machine named `postgres` or `temporal`. */
export interface CpuSnapshot {
  readonly node: number;
  /**
   * This process's main thread alone (activities, command handlers, projections, pg), undefined where
   * /proc cannot be read; the rest of `node` is its other threads (the workflow sandbox's worker
   * threads, the Temporal core's runtime, V8's garbage collector and compiler).
   */
  readonly mainThread: number | undefined;
  /** Undefined where /proc cannot be read (not Linux). */
  readonly postgres: number | undefined;
  readonly temporal: number | undefined;
}

/** /proc/<pid>/stat counts in USER_HZ, which Linux fixes at 100 per second for user space. */
const MS_PER_TICK = 10;

function procCpu(): { postgres: number; temporal: number } | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const totals = { postgres: 0, temporal: 0 };
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid ..." where comm may hold spaces: the fields follow the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const name = comm === 'postgres' ? 'postgres' : comm === 'temporal' ? 'temporal' : undefined;
    if (!name) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm)".
    totals[name] += (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  }
  return totals;
}

/** The CPU time of this process's main thread (its task id is the process id), in milliseconds. */
function mainThreadCpu(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** `remoteTemporal`: the Temporal server is elsewhere (TEMPORAL_ADDRESS), so its CPU is not on this machine. */
export function cpuSnapshot(options: { remoteTemporal?: boolean } = {}): CpuSnapshot {
  const usage = process.cpuUsage();
  const proc = procCpu();
  return {
    node: (usage.user + usage.system) / 1000,
    mainThread: mainThreadCpu(),
    postgres: proc?.postgres,
    temporal: options.remoteTemporal ? undefined : proc?.temporal,
  };
}

/**
 * CPU per unit between two snapshots, e.g. "Node 104 ms, PostgreSQL 66 ms, Temporal 58 ms". A server
 * process that ended between them (a closed connection's backend) is missing from the later one, so
 * the PostgreSQL figure can only be low, never high.
 */
export function cpuPer(before: CpuSnapshot, after: CpuSnapshot, units: number): string {
  const per = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? 'n/a' : `${Math.round((b - a) / units)} ms`;
  const main =
    before.mainThread === undefined || after.mainThread === undefined
      ? ''
      : ` (main thread ${per(before.mainThread, after.mainThread)})`;
  return `Node ${per(before.node, after.node)}${main}, PostgreSQL ${per(before.postgres, after.postgres)}, Temporal ${per(before.temporal, after.temporal)}`;
}

/** CPU per unit in ms by process kind (undefined where not measured), and their sum (negatives as 0). */
export function cpuPerUnit(
  before: CpuSnapshot,
  after: CpuSnapshot,
  units: number,
): { node?: number; postgres?: number; temporal?: number; total: number } {
  const per = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : (b - a) / units;
  const node = per(before.node, after.node);
  const postgres = per(before.postgres, after.postgres);
  const temporal = per(before.temporal, after.temporal);
  const total = [node, postgres, temporal].reduce<number>((sum, v) => sum + Math.max(0, v ?? 0), 0);
  return { node, postgres, temporal, total };
}

/**
 * BENCH_CPU_PROFILE=<file>: a V8 CPU profile of this process over the measured run only (not start-up
 * or the baseline), for Chrome DevTools or speedscope.
 */
export async function startProfile(file: string | undefined): Promise<{ stop(): Promise<void> } | undefined> {
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  CPU profile of the run: ${file}`);
    },
  };
}
