import { agencyCodeProblems, isAgencyCode } from './agency-code';

describe('agency codes (QCVN 102:2016 style)', () => {
  it.each(['000.00.05.H54', '000.00.00.H29', '123.45.67.G01'])('accepts %s', (code) => {
    expect(agencyCodeProblems(code)).toEqual([]);
    expect(isAgencyCode(code)).toBe(true);
  });

  it('names each malformed group', () => {
    expect(agencyCodeProblems('00.0a.05.h54').map((p) => p.code)).toEqual([
      'AGENCY_CODE_LEVEL4',
      'AGENCY_CODE_LEVEL3',
      'AGENCY_CODE_LEVEL1',
    ]);
  });

  it('refuses a code with the wrong number of groups, or none', () => {
    expect(agencyCodeProblems('000.00.H54')[0]?.code).toBe('AGENCY_CODE_FORMAT');
    expect(agencyCodeProblems('')[0]?.code).toBe('AGENCY_CODE_MISSING');
    expect(isAgencyCode('000.00.05.H5')).toBe(false);
  });
});
