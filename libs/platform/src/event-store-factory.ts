import type { Pool } from 'pg';
import {
  EventStoreDbEventStore,
  migrateEventStore,
  PostgresEventStore,
  type EventStore,
} from '@lien-thong/event-store';
import type { RuntimeConfig } from '@lien-thong/config';

/** EVENTSTORE_URL selects EventStoreDB; otherwise PostgreSQL stores the events. */
export function createEventStore(
  config: Pick<RuntimeConfig, 'eventStoreUrl' | 'databaseUrl'>,
  pool: Pool,
): EventStore {
  if (config.eventStoreUrl) return new EventStoreDbEventStore(config.eventStoreUrl);
  return new PostgresEventStore(pool, { connectionString: config.databaseUrl });
}

export async function prepareEventStore(
  config: Pick<RuntimeConfig, 'eventStoreUrl'>,
  pool: Pool,
): Promise<void> {
  if (!config.eventStoreUrl) await migrateEventStore(pool);
}
