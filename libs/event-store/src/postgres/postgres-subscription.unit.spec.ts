import { PendingChanges, mayConcern } from './change-payload';
import { PostgresSubscription, type SafePage } from './postgres-subscription';

/** Lets the subscription's loop run as far as it can without time passing. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

const EMPTY: SafePage = { events: [], blocked: false, full: false };
const BLOCKED: SafePage = { events: [], blocked: true, full: false };

/**
 * A subscription against a scripted source: counts its page reads, and notifications are sent by hand.
 * The poll interval is an hour, so that only notifications (and the blocked retry's timer, which the
 * fake clock never advances here) make it read.
 */
function harness(filter: { categories?: string[]; eventTypes?: string[] } | undefined, pages: SafePage[]) {
  let notify: (payload: string | undefined) => void = () => undefined;
  const reads: { resolve: (page: SafePage) => void }[] = [];
  let manual = false;
  const source = {
    readSafePage: () => {
      if (manual) return new Promise<SafePage>((resolve) => reads.push({ resolve }));
      reads.push({ resolve: () => undefined });
      return Promise.resolve(pages.shift() ?? EMPTY);
    },
  };
  const subscription = new PostgresSubscription(
    source,
    filter ? { filter } : {},
    { pollIntervalMs: 3_600_000, batchSize: 10 },
    (onChange) => {
      notify = onChange;
      return () => undefined;
    },
    () => undefined,
  );
  void subscription[Symbol.asyncIterator]().next();
  return {
    reads: () => reads.length,
    notify: (payload: string | undefined) => notify(payload),
    /** From now on each read waits until `finishRead` answers it. */
    holdReads: () => (manual = true),
    finishRead: (page: SafePage) => reads[reads.length - 1]!.resolve(page),
    close: () => subscription.close(),
  };
}

describe('notifications that name what was appended (issue 22)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes a subscription only for appends its filter wants, or when it cannot tell', async () => {
    const s = harness({ categories: ['dossier'], eventTypes: ['StepCompleted'] }, []);
    await settle();
    expect(s.reads()).toBe(1);
    s.notify('calendar:CalendarDecisionLoaded');
    s.notify('dossier:StepReceived');
    await settle();
    expect(s.reads()).toBe(1);
    s.notify('dossier:StepReceived,dossier:StepCompleted');
    await settle();
    expect(s.reads()).toBe(2);
    // A missed notification (reconnected), an earlier version's empty payload, "anything".
    for (const payload of [undefined, '', '*']) {
      s.notify(payload);
      await settle();
    }
    expect(s.reads()).toBe(5);
    await s.close();
  });

  it('reads on every notification when it follows everything', async () => {
    const s = harness(undefined, []);
    await settle();
    s.notify('calendar:CalendarDecisionLoaded');
    await settle();
    expect(s.reads()).toBe(2);
    await s.close();
  });

  it('reads again on any commit while a page is held back by an older appender', async () => {
    const s = harness({ categories: ['dossier'] }, [BLOCKED]);
    await settle();
    expect(s.reads()).toBe(1);
    // The commit of the appender that held the page back, of another category: read again at once
    // (the retry's timer, 2 ms, never fires: the fake clock does not move).
    s.notify('agency:AgencyImported');
    await settle();
    expect(s.reads()).toBe(2);
    s.notify('agency:AgencyImported');
    await settle();
    expect(s.reads()).toBe(2);
    await s.close();
  });

  it('reads again at once when another commit came while the held-back page was being read', async () => {
    const s = harness({ categories: ['dossier'] }, []);
    await settle();
    s.holdReads();
    s.notify('dossier:StepCompleted');
    await settle();
    expect(s.reads()).toBe(2);
    s.notify('agency:AgencyImported');
    s.finishRead(BLOCKED);
    await settle();
    expect(s.reads()).toBe(3);
    s.finishRead(EMPTY);
    await s.close();
  });
});

describe('the payload of a notification', () => {
  it('lists each category and type appended once, encoded, and takes them', () => {
    const pending = new PendingChanges();
    pending.add([
      { category: 'dossier', type: 'StepCompleted' },
      { category: 'dossier', type: 'StepCompleted' },
      { category: 'a,b:c', type: 'X' },
    ]);
    const payload = pending.take();
    expect(payload).toBe('a%2Cb%3Ac:X,dossier:StepCompleted');
    expect(mayConcern(payload, { categories: ['a,b:c'] })).toBe(true);
    expect(mayConcern(payload, { categories: ['a'] })).toBe(false);
    expect(pending.take()).toBe('*');
  });

  it('says anything for a bulk import and for a list PostgreSQL could not carry', () => {
    const pending = new PendingChanges();
    pending.add('*');
    pending.add([{ category: 'dossier', type: 'StepCompleted' }]);
    expect(pending.take()).toBe('*');
    pending.add(
      Array.from({ length: 500 }, (_, i) => ({ category: 'dossier', type: `Type${i}WithALongName` })),
    );
    expect(pending.take()).toBe('*');
  });

  it('takes what it cannot read as anything', () => {
    expect(mayConcern('garbage', { categories: ['dossier'] })).toBe(true);
    expect(mayConcern('%E0:X', { categories: ['dossier'] })).toBe(true);
    expect(mayConcern('dossier:X', { categories: [] })).toBe(false);
  });
});
