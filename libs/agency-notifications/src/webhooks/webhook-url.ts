import type { ProblemDetail } from '@lien-thong/contracts';
import { WebhookAddressPolicy } from './webhook-address-policy';

const MAX_URL_LENGTH = 2000;

/**
 * Problems with a webhook URL (empty when it is acceptable): absolute http(s), no credentials, no
 * fragment, and a host the address policy lets the worker contact (by default only public addresses).
 */
export function webhookUrlProblems(
  url: unknown,
  path = 'url',
  policy: WebhookAddressPolicy = WebhookAddressPolicy.strict(),
): ProblemDetail[] {
  const problem = (code: string, message: string): ProblemDetail[] => [
    { path, code, message: `${path}: ${message}` },
  ];
  if (typeof url !== 'string' || url.trim() === '')
    return problem('REQUIRED', 'must be an http or https URL');
  if (url.length > MAX_URL_LENGTH) return problem('TOO_LONG', `must be at most ${MAX_URL_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return problem('INVALID_URL', 'must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return problem('UNSUPPORTED_SCHEME', `must use http or https, not ${parsed.protocol.replace(/:$/, '')}`);
  if (parsed.username || parsed.password)
    return problem('CREDENTIALS_IN_URL', 'must not contain a user name or password (deliveries are signed)');
  if (parsed.hash) return problem('FRAGMENT', 'must not contain a #fragment');
  const refusal = policy.hostRefusal(parsed);
  if (refusal) return problem('ADDRESS_NOT_ALLOWED', `must reach a public internet address: ${refusal}`);
  return [];
}
