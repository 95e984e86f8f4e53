import { assertActsFor, type Principal } from './access';

const officer = (agencyCode: string | null, ...roles: string[]): Principal => ({
  kind: 'staff',
  personId: 'cb-1',
  clientId: null,
  agencyCode,
  roles,
});

describe('acting for an agency', () => {
  it('lets a caller act for its own agency only', () => {
    expect(() => assertActsFor(officer('000.00.72.H29', 'agency-officer'), '000.00.72.H29')).not.toThrow();
    expect(() => assertActsFor(officer('000.00.72.H29', 'agency-officer'), '000.00.71.H29')).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'AGENCY_MISMATCH' }),
    );
  });

  it('refuses a caller without an agency unless it is an administrator, or an auditor reading', () => {
    expect(() => assertActsFor(officer(null, 'reception-officer'), '000.00.71.H29')).toThrow(
      expect.objectContaining({ code: 'AGENCY_MISMATCH' }),
    );
    expect(() => assertActsFor(officer(null, 'administrator'), '000.00.71.H29')).not.toThrow();
    expect(() => assertActsFor(officer('000.00.72.H29', 'administrator'), '000.00.71.H29')).not.toThrow();
    expect(() => assertActsFor(officer(null, 'auditor'), '000.00.71.H29')).not.toThrow();
    expect(() => assertActsFor(officer('000.00.72.H29', 'auditor'), '000.00.71.H29')).toThrow(
      expect.objectContaining({ code: 'AGENCY_MISMATCH' }),
    );
  });
});
