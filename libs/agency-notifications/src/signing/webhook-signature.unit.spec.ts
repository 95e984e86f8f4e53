import { createHmac } from 'node:crypto';
import {
  computeWebhookSignature,
  newWebhookSecret,
  signatureHeader,
  verifyWebhookSignature,
} from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = JSON.stringify({
    version: 1,
    type: 'step.handed-off',
    dossierCode: '000.00.71.H29-251122-0001',
  });
  const now = new Date('2025-11-22T03:00:00Z');
  const timestamp = String(now.getTime() / 1000);

  it('signs "<timestamp>.<body>" with HMAC-SHA256 under the secret, as hex', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(computeWebhookSignature(secret, timestamp, body)).toBe(expected);
    expect(signatureHeader([secret], timestamp, body)).toBe(`v1=${expected}`);
  });

  it('signs the same bytes whether the body is a string or a Buffer (non-ASCII included)', () => {
    const vietnamese = JSON.stringify({ reason: 'Quá hạn xử lý' });
    expect(computeWebhookSignature(secret, timestamp, Buffer.from(vietnamese, 'utf8'))).toBe(
      computeWebhookSignature(secret, timestamp, vietnamese),
    );
  });

  it('accepts a delivery signed with the secret, within the tolerance', () => {
    const signature = signatureHeader([secret], timestamp, body);
    expect(verifyWebhookSignature({ body, timestamp, signature, secret, now })).toEqual({ ok: true });
    expect(
      verifyWebhookSignature({
        body: Buffer.from(body),
        timestamp,
        signature,
        secret,
        now: new Date(now.getTime() + 299_000),
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a changed timestamp or a missing header', () => {
    const signature = signatureHeader([secret], timestamp, body);
    expect(
      verifyWebhookSignature({ body: body.replace('0001', '0002'), timestamp, signature, secret, now }),
    ).toEqual({ ok: false, reason: 'no-match' });
    expect(verifyWebhookSignature({ body, timestamp, signature, secret: 'whsec_other', now })).toEqual({
      ok: false,
      reason: 'no-match',
    });
    expect(
      verifyWebhookSignature({ body, timestamp: String(Number(timestamp) + 1), signature, secret, now }),
    ).toEqual({ ok: false, reason: 'no-match' });
    expect(verifyWebhookSignature({ body, timestamp: undefined, signature, secret, now })).toEqual({
      ok: false,
      reason: 'missing-header',
    });
    expect(verifyWebhookSignature({ body, timestamp: 'yesterday', signature, secret, now })).toEqual({
      ok: false,
      reason: 'malformed-timestamp',
    });
    expect(verifyWebhookSignature({ body, timestamp, signature: 'v0=abc, sha256=zz', secret, now })).toEqual({
      ok: false,
      reason: 'no-match',
    });
  });

  it('refuses a replay outside the tolerance (default five minutes), either way', () => {
    const signature = signatureHeader([secret], timestamp, body);
    for (const offset of [301_000, -301_000])
      expect(
        verifyWebhookSignature({ body, timestamp, signature, secret, now: new Date(now.getTime() + offset) }),
      ).toEqual({ ok: false, reason: 'timestamp-out-of-tolerance' });
    expect(
      verifyWebhookSignature({
        body,
        timestamp,
        signature,
        secret,
        now: new Date(now.getTime() + 3_600_000),
        toleranceSeconds: 7200,
      }),
    ).toEqual({ ok: true });
  });

  it('accepts either secret while a rotated one is in grace (one v1= value each)', () => {
    const next = newWebhookSecret();
    const signature = signatureHeader([next, secret], timestamp, body);
    expect(signature.split(',')).toHaveLength(2);
    expect(verifyWebhookSignature({ body, timestamp, signature, secret, now })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ body, timestamp, signature, secret: next, now })).toEqual({ ok: true });
  });

  it('makes a fresh 32-byte secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
