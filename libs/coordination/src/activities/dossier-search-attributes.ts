import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DOSSIER_SEARCH_ATTRIBUTES } from '@lien-thong/contracts';

const TYPES = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

/** `LIEN_THONG_TEMPORAL_SEARCH_ATTRIBUTES`: `auto` (default) registers what is missing; `off` indexes nothing. */
export function searchAttributesSetting(value: string | undefined): 'auto' | 'off' {
  const v = value?.trim() || 'auto';
  if (v === 'auto' || v === 'off') return v;
  throw new Error(`LIEN_THONG_TEMPORAL_SEARCH_ATTRIBUTES must be "auto" or "off", got "${value}"`);
}

/**
 * Makes sure the namespace has the dossiers' search attributes (DOSSIER_SEARCH_ATTRIBUTES), registering
 * the missing ones through the operator service. Resolves with whether they are all there with their
 * types: only then may workflows upsert them (an unknown attribute fails the workflow task). Where the
 * worker may not register them (Temporal Cloud: `tcld namespace search-attributes add`), an operator
 * does it once (docs/operations.md) and the next start finds them.
 */
export async function ensureDossierSearchAttributes(
  connection: Connection,
  namespace: string,
  log: (message: string) => void,
): Promise<boolean> {
  const wanted = Object.values(DOSSIER_SEARCH_ATTRIBUTES);
  const present = async () =>
    (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  let have: Record<string, unknown>;
  try {
    have = await present();
  } catch (error) {
    log(`cannot list the namespace's search attributes (${messageOf(error)}): dossiers are not indexed`);
    return false;
  }
  const missing = wanted.filter((a) => !(a.name in have));
  if (missing.length > 0) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((a) => [a.name, TYPES[a.type]])),
      });
    } catch (error) {
      // Another worker may have registered them meanwhile: look again before giving up.
      log(`registering search attributes ${missing.map((a) => a.name).join(', ')}: ${messageOf(error)}`);
    }
    have = await present().catch(() => ({}));
  }
  const wrong = wanted.filter((a) => have[a.name] !== TYPES[a.type]);
  if (wrong.length > 0) {
    log(
      `search attributes missing or of another type in namespace ${namespace}: ` +
        `${wrong.map((a) => `${a.name} (${a.type})`).join(', ')}; dossiers are not indexed until an operator ` +
        'registers them (docs/operations.md)',
    );
    return false;
  }
  return true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
