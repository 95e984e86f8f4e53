import { WORKER_ROLES, workerRolesFrom } from './worker-roles';

describe('worker roles', () => {
  it('runs every role by default, and only those asked for otherwise', () => {
    expect([...workerRolesFrom([], {})]).toEqual([...WORKER_ROLES]);
    expect([...workerRolesFrom(['--role', 'projections,webhooks'], {})]).toEqual(['projections', 'webhooks']);
    expect([...workerRolesFrom(['--role=temporal'], { LIEN_THONG_WORKER_ROLES: 'projections' })]).toEqual([
      'temporal',
    ]);
    expect([...workerRolesFrom([], { LIEN_THONG_WORKER_ROLES: ' early-warning ' })]).toEqual([
      'early-warning',
    ]);
  });

  it('refuses a role it does not know, naming the roles it knows', () => {
    expect(() => workerRolesFrom(['--role', 'temporal,reports'], {})).toThrow(
      '--role (or LIEN_THONG_WORKER_ROLES) takes roles among temporal, projections, webhooks, applicant-notices, early-warning, portal, postal, separated by commas; not reports',
    );
    expect(() => workerRolesFrom(['--role', ','], {})).toThrow('--role');
  });
});
