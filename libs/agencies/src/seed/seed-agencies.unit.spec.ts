import { agencyCodeProblems } from '../domain/agency-code';
import { StaticAgencyDirectory } from '../domain/agency-directory';
import { HCMC_SEED_AGENCIES } from './seed-agencies';

describe('the Ho Chi Minh City seed catalogue', () => {
  it('has well-formed, unique codes and parents that exist', () => {
    const codes = HCMC_SEED_AGENCIES.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const agency of HCMC_SEED_AGENCIES) {
      expect(agencyCodeProblems(agency.code)).toEqual([]);
      if (agency.parent) expect(codes).toContain(agency.parent);
      expect(agency.name.vi).toMatch(/\S/);
    }
  });

  it('resolves the roles the seed procedures use', () => {
    const directory = new StaticAgencyDirectory(HCMC_SEED_AGENCIES);
    for (const role of [
      'commune-people-committee',
      'commune-police',
      'social-insurance',
      'land-registry',
      'tax',
      'provincial-people-committee',
    ]) {
      expect(directory.hasRole(role)).toBe(true);
    }
    expect(directory.hasRole('ministry-of-magic')).toBe(false);
  });
});
