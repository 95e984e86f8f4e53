import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL, runtimeConfigFromEnv } from '@lien-thong/infrastructure';
import { ProjectionRunner } from '@lien-thong/projections';
import { allProjections } from './projections';
import { WorkerModule } from './worker.module';

/**
 * `npm run projections:rebuild -- <name>`: empties a read model and sets its checkpoint to zero. A
 * running worker notices and replays the projection from the first event.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const projections = allProjections();
  if (!name) {
    console.error(
      `usage: npm run projections:rebuild -- <name>\nprojections: ${projections.map((p) => p.name).join(', ') || '(none)'}`,
    );
    process.exit(2);
  }
  const config = runtimeConfigFromEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  const runner = new ProjectionRunner(app.get<EventStore>(EVENT_STORE), app.get<Pool>(PG_POOL), projections);
  await runner.rebuild(name);
  console.log(`projection ${name} reset to zero; the worker rebuilds it from the first event`);
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
