/**
 * What a worker process runs (issue 22): the Temporal worker (workflows and activities), the projection
 * runner (read models, process managers and the monthly rollups), the webhook dispatcher, the applicant
 * notice dispatcher, the early warning, the national portal's status push, the postal shipments. All by default; `--role a,b` or `LIEN_THONG_WORKER_ROLES=a,b` for
 * some, so each scales apart (the projections in one process, Temporal workers in several).
 */
export const WORKER_ROLES = [
  'temporal',
  'projections',
  'webhooks',
  'applicant-notices',
  'early-warning',
  'portal',
  'postal',
] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

/** The roles asked for, from `--role` (or `--role=`) first, else the environment; every role by default. */
export function workerRolesFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ReadonlySet<WorkerRole> {
  let raw: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--role') raw = argv[i + 1] ?? '';
    else if (arg.startsWith('--role=')) raw = arg.slice('--role='.length);
  });
  raw ??= env.LIEN_THONG_WORKER_ROLES;
  if (raw === undefined || raw.trim() === '') return new Set(WORKER_ROLES);
  const asked = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = asked.filter((r) => !(WORKER_ROLES as readonly string[]).includes(r));
  if (unknown.length > 0 || asked.length === 0)
    throw new Error(
      `--role (or LIEN_THONG_WORKER_ROLES) takes roles among ${WORKER_ROLES.join(', ')}, separated by commas; not ${unknown.join(', ') || raw}`,
    );
  return new Set(asked as WorkerRole[]);
}
