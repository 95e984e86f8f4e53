import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@lien-thong/event-store';
import { AgencyRetirements, type AgencyCodeRetired } from './agency-retirements';
import {
  DeactivateAgency,
  DeactivateAgencyHandler,
  ReissueAgencyCode,
  ReissueAgencyCodeHandler,
} from './commands/agency-lifecycle.commands';
import { ImportAgencies, ImportAgenciesHandler } from './commands/import-agencies.command';
import type { AgencySummary } from './domain/agency-directory';
import { EventSourcedAgencyDirectory } from './event-sourced-agency-directory';

const agency = (code: string, roles: string[]): AgencySummary => ({
  code,
  name: { vi: `Cơ quan ${code}` },
  level: 'commune',
  roles,
});
const DESK = agency('000.00.71.H29', ['commune-people-committee']);
const POLICE = agency('000.00.72.H29', ['commune-police']);

describe('retiring an agency code (deactivation, reissue)', () => {
  let now = Date.parse('2026-11-23T02:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const ids = { newId: () => randomUUID() };
  const store = new InMemoryEventStore();
  const directory = new EventSourcedAgencyDirectory(store);
  const retirements = new AgencyRetirements();
  const told: AgencyCodeRetired[] = [];
  retirements.subscribe((retired) => {
    told.push(retired);
    return Promise.resolve();
  });
  const importing = new ImportAgenciesHandler(store, clock, ids, directory);
  const deactivate = new DeactivateAgencyHandler(store, clock, ids, retirements);
  const reissue = new ReissueAgencyCodeHandler(store, clock, ids, retirements);
  const by = { by: 'admin', correlationId: 'c' } as const;

  beforeAll(async () => {
    await importing.execute(new ImportAgencies({ agencies: [DESK, POLICE] }, 'test', by.by, 'c'));
  });

  it('the directory knows when and how each code was retired, and the listeners are told in the request', async () => {
    expect((await directory.snapshot()).retirement(POLICE.code)).toBeUndefined();

    now += 60_000;
    await deactivate.execute(new DeactivateAgency(POLICE.code, 'Giải thể', by.by, by.correlationId));
    now += 60_000;
    await reissue.execute(
      new ReissueAgencyCode(DESK.code, '000.00.71.H79', 'Sáp nhập tỉnh', by.by, by.correlationId),
    );
    expect(told).toEqual([
      { code: POLICE.code, successor: null },
      { code: DESK.code, successor: '000.00.71.H79' },
    ]);
    const snapshot = await directory.snapshot();
    expect(snapshot.retirement(POLICE.code)).toEqual({
      code: POLICE.code,
      at: '2026-11-23T02:01:00.000Z',
      successor: null,
    });
    expect(snapshot.retirement(DESK.code)).toEqual({
      code: DESK.code,
      at: '2026-11-23T02:02:00.000Z',
      successor: '000.00.71.H79',
    });
    expect(snapshot.get(DESK.code)).toBeUndefined();
    expect(snapshot.retirement('000.00.71.H79')).toBeUndefined();
  });

  it('a repeated reissue tells the listeners again (it finishes what a crash interrupted); a refused deactivation tells no one', async () => {
    told.length = 0;
    await reissue.execute(
      new ReissueAgencyCode(DESK.code, '000.00.71.H79', 'again', by.by, by.correlationId),
    );
    await expect(
      deactivate.execute(new DeactivateAgency(POLICE.code, 'again', by.by, by.correlationId)),
    ).rejects.toMatchObject({ code: 'AGENCY_INACTIVE' });
    expect(told).toEqual([{ code: DESK.code, successor: '000.00.71.H79' }]);
  });

  it('a code imported again is active, and keeps the time of its retirement', async () => {
    now += 60_000;
    await importing.execute(new ImportAgencies({ agencies: [POLICE] }, 'test', by.by, 'c'));
    const snapshot = await directory.snapshot();
    expect(snapshot.get(POLICE.code)).toMatchObject({ code: POLICE.code });
    expect(snapshot.retirement(POLICE.code)?.at).toBe('2026-11-23T02:01:00.000Z');
  });
});
