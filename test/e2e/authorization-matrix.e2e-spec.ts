import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AccessTokens } from '@lien-thong/identity';
import { ACCESS_METADATA, ROLES, type AccessRule, type Role } from '@lien-thong/infrastructure';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Every endpoint against every role: the routes are discovered from the running application (not a
 * hand-written list), so an endpoint added without `@Allow(...)` or `@Public()` fails this test. Each
 * route is called with a token of each role (403 ROLE_NOT_ALLOWED exactly when the role is not
 * declared, and never a 401 or 403 when it is), without a token and with a forged and an expired token
 * (401 unless the endpoint is public). None of these calls writes an event.
 */
const POLICE = '000.00.72.H29';

interface Route {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly rule: AccessRule | undefined;
  readonly name: string;
}

const VERBS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

function discoverRoutes(t: ApiTestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = proto[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (sub === undefined || verb === undefined) continue;
        const path = `/${[base, sub].filter((p) => p !== '' && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, type)) as AccessRule | undefined;
        routes.push({ method: verb, path, rule, name: `${type.name}.${key}` });
      }
    }
  }
  return routes;
}

describe('authorization matrix (every endpoint, every role)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_authorization_matrix', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      projections: true,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every endpoint declared, and answers each role as declared; forged and expired tokens are 401; nothing is written', async () => {
    const routes = discoverRoutes(t);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.rule === undefined).map((r) => r.name)).toEqual([]);

    const tokens = t.app.get(AccessTokens);
    const tokenOf = (role: Role) =>
      tokens.issue({ sub: `matrix-${role}`, kind: 'staff', agency: POLICE, roles: [role] }).token;
    const forged = `${tokenOf('administrator').slice(0, -4)}AAAA`;
    const expired = tokens.issue(
      { sub: 'matrix-old', kind: 'staff', agency: POLICE, roles: ['administrator'] },
      -1,
    ).token;
    // Events, API clients and staff users: none of these calls may write one (only audit lines).
    const count = async () =>
      (
        await t.db.pool.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM api_clients)
                  || '/' || (SELECT count(*) FROM staff_users) AS n`,
        )
      ).rows[0]!.n;
    const before = await count();

    const wrong: string[] = [];
    for (const route of routes) {
      // Agency parameters name the caller's own agency, so only the role decides.
      const url = route.path.replace(/:(\w+)/g, (_, name: string) =>
        name === 'code' || name === 'agencyCode' ? POLICE : 'khong-ton-tai',
      );
      const call = (token: string | null) => {
        const anonymous = t.anonymous()[route.method](url);
        const req = token === null ? anonymous : anonymous.set('authorization', `Bearer ${token}`);
        return route.method === 'get' || route.method === 'delete' ? req : req.send({});
      };
      const isPublic = route.rule !== undefined && 'public' in route.rule;
      for (const role of ROLES) {
        const res = await call(tokenOf(role));
        const refused = res.status === 403 && res.body?.code === 'ROLE_NOT_ALLOWED';
        const allowed =
          route.rule !== undefined && ('public' in route.rule || route.rule.roles.includes(role));
        if (allowed === refused || res.status === 401 || (allowed && res.status === 403) || res.status >= 500)
          wrong.push(
            `${route.method.toUpperCase()} ${route.path} as ${role}: ${res.status} ${res.body?.code ?? ''}`,
          );
      }
      for (const [what, token] of [
        ['no', null],
        ['forged', forged],
        ['expired', expired],
      ] as const) {
        const res = await call(token);
        // A public endpoint serves callers without a token, but a bad token is refused everywhere.
        const expected = isPublic && token === null ? res.status !== 401 : res.status === 401;
        if (!expected)
          wrong.push(`${route.method.toUpperCase()} ${route.path} with ${what} token: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await count()).toBe(before);
  }, 120_000);
});
