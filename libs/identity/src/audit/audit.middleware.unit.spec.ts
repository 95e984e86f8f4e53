import type { Request } from 'express';
import { claimedIdentity } from './audit.middleware';

const req = (body: unknown, authorization?: string) =>
  ({ body, headers: authorization ? { authorization } : {} }) as unknown as Request;

describe('the identity a refused credential request claimed', () => {
  it('is the person id of a login and the client id of a token request (body, form or Basic), never a secret', () => {
    expect(claimedIdentity(req({ personId: 'can-bo-1', password: 'bi-mat' }), '/auth/login')).toBe(
      'can-bo-1',
    );
    expect(claimedIdentity(req({ client_id: 'ltc_abc', client_secret: 'lts_x' }), '/auth/token')).toBe(
      'ltc_abc',
    );
    const basic = `Basic ${Buffer.from('ltc_basic:lts_secret').toString('base64')}`;
    expect(claimedIdentity(req({}, basic), '/auth/token')).toBe('ltc_basic');
  });

  it('is nothing for other paths, missing or non-text values, and a malformed Basic header', () => {
    expect(claimedIdentity(req({ personId: 'x' }), '/agencies')).toBeNull();
    expect(claimedIdentity(req({ personId: 42 }), '/auth/login')).toBeNull();
    expect(claimedIdentity(req(undefined), '/auth/login')).toBeNull();
    expect(claimedIdentity(req({}, 'Basic !!!'), '/auth/token')).toBeNull();
    expect(claimedIdentity(req({ personId: 'a'.repeat(500) }), '/auth/login')).toHaveLength(200);
  });
});
