import { DomainError } from '@lien-thong/contracts';
import { DossierCodeIssuer } from './dossier-code-issuer';
import { defaultDossierCodeFormat, type DossierCodeFormat } from './dossier-code-format';
import type { DossierSequence } from './dossier-sequence.port';
import { InMemoryDossierSequence } from './in-memory-dossier-sequence';
import { registerNumberOf } from './register-number';

describe('default dossier code format', () => {
  const format = defaultDossierCodeFormat;

  it('writes <unit>-<YYMMDD>-<NNNN> and reads it back', () => {
    const code = format.format({ unitCode: '000.00.05.H54', localDate: '2025-11-24', sequence: 7 });
    expect(code).toBe('000.00.05.H54-251124-0007');
    expect(format.parse(code)).toEqual({ unitCode: '000.00.05.H54', localDate: '2025-11-24', sequence: 7 });
  });

  it('widens the number past 9999 instead of refusing, and reads it back unambiguously', () => {
    const code = format.format({ unitCode: '000.00.05.H54', localDate: '2025-11-24', sequence: 10000 });
    expect(code).toBe('000.00.05.H54-251124-10000');
    expect(format.parse(code)?.sequence).toBe(10000);
    expect(format.parse('000.00.05.H54-251124-09999')).toBeNull();
  });

  it('reads nothing from a text that is not a code', () => {
    for (const text of [
      '',
      '000.00.05.H54-251124-001',
      '000.00.05.H54-251324-0001',
      'x y-251124-0001',
      '000.00.05.H54-250230-0001',
    ])
      expect(format.parse(text)).toBeNull();
  });

  it('refuses a unit code that cannot start a code', () => {
    for (const unitCode of ['', '000 00', 'a-b', '.H54', 'H54.'])
      expect(() => format.validateUnitCode(unitCode)).toThrow(DomainError);
  });
});

describe('dossier code issuer', () => {
  it('numbers a unit’s dossiers per day in Vietnam time', async () => {
    const issuer = new DossierCodeIssuer(new InMemoryDossierSequence());
    // 17:30 UTC on the 23rd is 00:30 on the 24th in Vietnam.
    expect(await issuer.issue('000.00.05.H54', '2025-11-23T17:30:00Z')).toBe('000.00.05.H54-251124-0001');
    expect(await issuer.issue('000.00.05.H54', new Date('2025-11-24T09:00:00+07:00'))).toBe(
      '000.00.05.H54-251124-0002',
    );
    expect(await issuer.issue('000.00.05.H54', Date.parse('2025-11-25T09:00:00+07:00'))).toBe(
      '000.00.05.H54-251125-0001',
    );
    expect(await issuer.issue('000.00.06.H54', '2025-11-24T09:00:00+07:00')).toBe(
      '000.00.06.H54-251124-0001',
    );
  });

  it('checks the unit code before spending a number', async () => {
    let allocated = 0;
    const counting: DossierSequence = { next: () => Promise.resolve(++allocated) };
    const issuer = new DossierCodeIssuer(counting);
    await expect(issuer.issue('bad unit', '2025-11-24T09:00:00+07:00')).rejects.toMatchObject({
      code: 'DOSSIER_CODE_UNIT_INVALID',
    });
    await expect(issuer.issue('000.00.05.H54', 'not a time')).rejects.toMatchObject({
      code: 'DOSSIER_CODE_INSTANT_INVALID',
    });
    expect(allocated).toBe(0);
  });

  it('writes codes in whatever format it is given', async () => {
    const slashes: DossierCodeFormat = {
      validateUnitCode: () => undefined,
      format: (p) => `${p.unitCode}/${p.localDate}/${p.sequence}`,
      parse: () => null,
    };
    const issuer = new DossierCodeIssuer(new InMemoryDossierSequence(), slashes);
    expect(await issuer.issue('H54', '2025-11-24T09:00:00+07:00')).toBe('H54/2025-11-24/1');
  });
});

describe('register number (số vào sổ, issue 18, item 8)', () => {
  // Circular 01/2018/TT-VPCP form 01 (kept by Circular 03/2025): "Vào Sổ theo dõi hồ sơ, Quyển số: …
  // Số thứ tự …". The register is kept per unit and per day, like the code's sequence.
  it("reads the book (the unit's register of the day) and the entry (the day's sequence) from the code", () => {
    expect(registerNumberOf('000.00.71.H29-260212-0007')).toEqual({
      unitCode: '000.00.71.H29',
      book: '2026-02-12',
      entry: 7,
    });
    expect(registerNumberOf('000.00.71.H29-260212-10001')?.entry).toBe(10001);
  });

  it('has none for a code in another format', () => {
    expect(registerNumberOf('HS-2026-7')).toBeNull();
  });
});
