/**
 * RFC 6749 §2.3.1: a client may send its id and secret as HTTP Basic credentials, each form-encoded.
 * `undefined` when the header is not Basic at all; `'malformed'` when it is Basic but not
 * `base64(client_id:client_secret)` with valid encodings.
 */
export function parseBasicCredentials(
  header: string | undefined,
): { readonly clientId: string; readonly clientSecret: string } | 'malformed' | undefined {
  if (header === undefined || !/^basic\b/i.test(header)) return undefined;
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'malformed';
  const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return 'malformed';
  }
}
