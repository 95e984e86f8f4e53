import { PortalClient } from './portal-client';

export const PORTAL_CLIENT = Symbol.for('lien-thong.PortalClient');

/**
 * The portal connection from the settings: `LIEN_THONG_PORTAL_URL` (its API's base URL) and
 * `LIEN_THONG_PORTAL_TOKEN` (the bearer token it gave this system). Unset: no portal (null).
 */
export function portalClientFromSettings(
  settings: Readonly<Record<string, string | undefined>>,
): PortalClient | null {
  const url = settings['LIEN_THONG_PORTAL_URL']?.trim();
  if (!url) return null;
  const token = settings['LIEN_THONG_PORTAL_TOKEN']?.trim();
  if (!token)
    throw new Error(
      'LIEN_THONG_PORTAL_URL is set but LIEN_THONG_PORTAL_TOKEN is not: the portal needs its token',
    );
  return new PortalClient(url, token);
}
