import { randomBytes } from 'node:crypto';
import { vietnamIso } from '@lien-thong/dossiers';

/** Crockford's base 32, as the lookup keys: no I, L, O or U, so a reference read aloud survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A reference a channel gives before there is a dossier code: `<prefix>-<yymmdd>-<8 characters>`, the
 * day in Vietnam time and 40 random bits (`TT-` an online filing, `BC-` a postal pick-up).
 */
export function newChannelReference(prefix: 'TT' | 'BC', now: Date): string {
  const day = vietnamIso(now.getTime()).slice(2, 10).replace(/-/g, '');
  let bits = 0n;
  for (const byte of randomBytes(5)) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 8; i += 1) tail += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${prefix}-${day}-${tail}`;
}

/** Whether `text` has the shape `newChannelReference(prefix, …)` gives. */
export function isChannelReference(prefix: 'TT' | 'BC', text: string): boolean {
  return new RegExp(`^${prefix}-\\d{6}-[${ALPHABET}]{8}$`).test(text);
}
