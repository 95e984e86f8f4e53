import { lookupKeyDigest, lookupKeyFrom, matchesLookupKey, normalizeLookupKey } from './lookup-key';

describe('lookup keys (mã tra cứu)', () => {
  it('are 10 characters of base 32 in two groups, different for different seeds and stable for one', () => {
    const keys = new Set(Array.from({ length: 1000 }, (_, i) => lookupKeyFrom(`seed-${i}`)));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(lookupKeyFrom('x')).toBe(lookupKeyFrom('x'));
  });

  it('survive being typed by hand: case, spaces, dashes, O for zero, I and L for one', () => {
    expect(normalizeLookupKey('7k3qd-9xhm2')).toBe('7K3QD9XHM2');
    expect(normalizeLookupKey(' 7K3QD 9XHM2 ')).toBe('7K3QD9XHM2');
    expect(normalizeLookupKey('O1ILO-00000')).toBe('0111000000');
    expect(normalizeLookupKey('7K3QD-9XHM')).toBeNull();
    expect(normalizeLookupKey('7K3QD-9XHMU')).toBeNull();
    expect(normalizeLookupKey('')).toBeNull();
  });

  it('match their digest only, and nothing matches a dossier that has no key', () => {
    const key = lookupKeyFrom('000.00.71.H29-261204-0001');
    const digest = lookupKeyDigest(key);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(matchesLookupKey(key.toLowerCase(), digest)).toBe(true);
    expect(matchesLookupKey(lookupKeyFrom('other'), digest)).toBe(false);
    expect(matchesLookupKey(key, undefined)).toBe(false);
    expect(matchesLookupKey(key, 'short')).toBe(false);
  });
});
