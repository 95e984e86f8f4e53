import path from 'node:path';
import {
  defaultDataRoot,
  ensureDatabase,
  redact,
  startPostgres,
  type PostgresHandle,
} from '@lien-thong/postgres';
import { startTemporal } from '@lien-thong/temporal-bootstrap';

export interface StartedInfrastructure {
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly temporalNamespace: string;
  readonly temporalUiUrl: string | null;
  readonly eventStoreUrl: string | undefined;
  describe(): string[];
  stop(): Promise<void>;
}

/**
 * The one bootstrap used by `npm start`: PostgreSQL (DATABASE_URL or embedded), Temporal
 * (TEMPORAL_ADDRESS or the cached CLI's dev server), and the event store choice (EVENTSTORE_URL).
 * A second start reuses what already runs.
 */
export async function startInfrastructure(log: (m: string) => void): Promise<StartedInfrastructure> {
  const dataRoot = defaultDataRoot();
  const stops: (() => Promise<void>)[] = [];
  try {
    const pg: PostgresHandle = await startPostgres({ dataDir: path.join(dataRoot, 'postgres'), log });
    stops.push(() => pg.stop());
    // An external DATABASE_URL names its own database; the embedded server gets a `lien_thong` one.
    const databaseUrl = pg.embedded ? await ensureDatabase(pg.url, 'lien_thong') : pg.url;

    const temporal = await startTemporal({ dataDir: path.join(dataRoot, 'temporal'), log });
    stops.push(() => temporal.stop());

    const eventStoreUrl = process.env.EVENTSTORE_URL || undefined;
    return {
      databaseUrl,
      temporalAddress: temporal.address,
      temporalNamespace: temporal.namespace,
      temporalUiUrl: temporal.uiUrl,
      eventStoreUrl,
      describe: () => [
        `PostgreSQL   ${pg.embedded ? `embedded${pg.reused ? ' (reused)' : ''}` : 'DATABASE_URL'}  ${redact(databaseUrl)}`,
        `Temporal     ${temporal.reused ? 'reused/external' : 'dev server'}  ${temporal.address} (namespace ${temporal.namespace})`,
        `Event store  ${eventStoreUrl ? `EventStoreDB ${redact(eventStoreUrl)}` : 'PostgreSQL'}`,
      ],
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}
