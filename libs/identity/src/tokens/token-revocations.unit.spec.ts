import { StaticAgencyDirectory, type AgencyDirectory, type AgencySummary } from '@lien-thong/agencies';
import type { Pool } from 'pg';
import type { VerifiedToken } from './access-tokens';
import { REVOCATION_CACHE_MS, TokenRevocations } from './token-revocations';

const agency = (code: string): AgencySummary => ({ code, name: { vi: code }, level: 'commune', roles: [] });
const POLICE = '000.00.72.H29';
const DESK = '000.00.71.H29';
const T0 = Date.parse('2026-11-23T02:00:00.000Z');
/** Staff without an account, so that only the agency decides. */
const noAccounts = { query: () => Promise.resolve({ rows: [] }) } as unknown as Pool;
const token = (agencyCode: string | null, issuedAt: number): VerifiedToken => ({
  sub: 'can-bo-1',
  kind: 'staff',
  agency: agencyCode,
  roles: ['agency-officer'],
  iat: issuedAt / 1000,
  exp: issuedAt / 1000 + 900,
  jti: 'j',
});

/** A directory the test changes, as deactivations and reissues change the real one. */
class ChangingDirectory implements AgencyDirectory {
  current = new StaticAgencyDirectory([agency(POLICE), agency(DESK)]);
  reads = 0;
  snapshot() {
    this.reads += 1;
    return Promise.resolve(this.current);
  }
}

describe('token revocations by agency', () => {
  let now = T0;
  const directory = new ChangingDirectory();
  const revocations = new TokenRevocations(noAccounts, () => now, directory);

  it('refuses at once, in the process that retired the agency, every token naming it; other tokens go on', async () => {
    const early = token(POLICE, T0);
    expect(await revocations.refusal(early)).toBeNull();
    now += 1_000;
    directory.current = new StaticAgencyDirectory(
      [agency(DESK)],
      [{ code: POLICE, at: new Date(now).toISOString(), successor: null }],
    );
    // Another process sees it when its snapshot is older than REVOCATION_CACHE_MS...
    expect(await revocations.refusal(early)).toBeNull();
    // ...this one at once.
    revocations.forgetAgencies();
    expect(await revocations.refusal(early)).toMatchObject({
      message: expect.stringMatching(/agency 000\.00\.72\.H29, which has been deactivated/),
      messageVi: 'Cơ quan 000.00.72.H29 đã ngừng hoạt động; mã truy cập đã bị thu hồi',
    });
    expect(await revocations.refusal(token(DESK, T0))).toBeNull();
    expect(await revocations.refusal(token(null, T0))).toBeNull();
  });

  it('re-reads the directory after REVOCATION_CACHE_MS at most', async () => {
    const reads = directory.reads;
    await revocations.refusal(token(DESK, T0));
    expect(directory.reads).toBe(reads);
    now += REVOCATION_CACHE_MS;
    await revocations.refusal(token(DESK, T0));
    expect(directory.reads).toBe(reads + 1);
  });

  it('a re-coded agency: tokens with the old code are refused, naming the new one; after the code comes back, only older tokens', async () => {
    const reissuedAt = now;
    directory.current = new StaticAgencyDirectory(
      [agency('000.00.71.H79')],
      [{ code: DESK, at: new Date(reissuedAt).toISOString(), successor: '000.00.71.H79' }],
    );
    revocations.forgetAgencies();
    expect(await revocations.refusal(token(DESK, reissuedAt - 1))).toMatchObject({
      message: expect.stringMatching(/re-coded as 000\.00\.71\.H79/),
    });
    expect(await revocations.refusal(token('000.00.71.H79', reissuedAt))).toBeNull();
    // The old code given to an agency again: tokens issued since are honoured, older ones never.
    directory.current = new StaticAgencyDirectory(
      [agency(DESK)],
      [{ code: DESK, at: new Date(reissuedAt).toISOString(), successor: '000.00.71.H79' }],
    );
    revocations.forgetAgencies();
    expect(await revocations.refusal(token(DESK, reissuedAt - 1))).not.toBeNull();
    expect(await revocations.refusal(token(DESK, reissuedAt + 1))).toBeNull();
  });
});
