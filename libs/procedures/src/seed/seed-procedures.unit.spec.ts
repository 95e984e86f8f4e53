import { HCMC_SEED_AGENCIES, StaticAgencyDirectory } from '@lien-thong/agencies';
import { validateProcedureDefinition } from '../domain/procedure-validation';
import { SEED_PROCEDURES, TEST_PROCEDURES } from './seed-procedures';

const directory = new StaticAgencyDirectory(HCMC_SEED_AGENCIES);
const ctx = {
  agencyExists: (c: string) => directory.exists(c),
  roleResolvable: (r: string) => directory.hasRole(r),
};

describe('seed catalogue', () => {
  it.each([...SEED_PROCEDURES, ...TEST_PROCEDURES].map((p) => [p.code, p.name.vi, p] as const))(
    '%s %s validates',
    (_code, _name, procedure) => {
      const result = validateProcedureDefinition(procedure, ctx);
      expect(result.ok ? [] : result.problems).toEqual([]);
    },
  );

  it('has at least four real inter-agency procedures, each involving several agencies', () => {
    expect(SEED_PROCEDURES.length).toBeGreaterThanOrEqual(4);
    for (const p of SEED_PROCEDURES) {
      const owners = new Set(p.steps.map((s) => JSON.stringify(s.owner)));
      expect(owners.size).toBeGreaterThanOrEqual(2);
    }
  });

  it('has unique codes', () => {
    const codes = [...SEED_PROCEDURES, ...TEST_PROCEDURES].map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
