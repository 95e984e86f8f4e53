import type { CommandBus } from '@nestjs/cqrs';
import { WrongExpectedRevisionError, type EventStore } from '@lien-thong/event-store';
import type { RuntimeConfig } from '@lien-thong/config';
import { ImportAgencies } from '@lien-thong/agencies';
import { ProcedureCatalogueSeeder } from './procedure-catalogue.seeder';

describe('seeding the sample catalogue', () => {
  it('imports the agencies again when another process wrote one of them at the same moment, instead of failing the start', async () => {
    let imports = 0;
    const commands = {
      execute: (command: unknown) => {
        if (command instanceof ImportAgencies) {
          imports += 1;
          if (imports === 1) throw new WrongExpectedRevisionError('agency-000.00.71.H29', 'no_stream', 0);
          return Promise.resolve({ registered: 0, updated: 0, unchanged: 12 });
        }
        return Promise.resolve(undefined);
      },
    } as unknown as CommandBus;
    // Every procedure is already there: only the agencies are imported.
    const store = { streamRevision: () => Promise.resolve(0) } as unknown as EventStore;
    const seeder = new ProcedureCatalogueSeeder(commands, store, { seed: 'sample' } as RuntimeConfig);
    await expect(seeder.onApplicationBootstrap()).resolves.toBeUndefined();
    expect(imports).toBe(2);
  });

  it('still fails on anything but a concurrent write', async () => {
    const commands = {
      execute: () => Promise.reject(new Error('the directory is broken')),
    } as unknown as CommandBus;
    const store = { streamRevision: () => Promise.resolve(0) } as unknown as EventStore;
    const seeder = new ProcedureCatalogueSeeder(commands, store, { seed: 'sample' } as RuntimeConfig);
    await expect(seeder.onApplicationBootstrap()).rejects.toThrow('the directory is broken');
  });
});
