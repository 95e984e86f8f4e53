import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { matchesLookupKey } from '@lien-thong/dossiers';
import { STATUS_LABELS } from '../shared/labels';
import { dossierError } from '@lien-thong/dossiers';
import type { PublicDossierDoc } from './public-dossier.doc';
import { PublicDossierLookup } from './public-dossier-lookup.query';
import type { PublicDossierStatus } from './public-dossier-lookup.response.dto';

@QueryHandler(PublicDossierLookup)
export class PublicDossierLookupHandler implements IQueryHandler<PublicDossierLookup> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: PublicDossierLookup): Promise<PublicDossierStatus> {
    const result = await this.pool.query<{ doc: PublicDossierDoc }>(
      'SELECT doc FROM dossier_public_lookup WHERE code = $1',
      [query.code],
    );
    const doc = result.rows[0]?.doc;
    // An unknown code and a wrong key answer alike: the lookup tells nothing to someone guessing.
    if (!doc || !matchesLookupKey(query.key, doc.lookupKeyDigest))
      throw dossierError(
        'DOSSIER_NOT_FOUND',
        `No dossier ${query.code} with this lookup key: check the code and the key printed on the receipt`,
        `Không tìm thấy hồ sơ ${query.code} với mã tra cứu này: hãy kiểm tra mã hồ sơ và mã tra cứu in trên giấy tiếp nhận`,
      );
    return toPublicStatus(doc);
  }
}

/** Field by field, so nothing stored by mistake could ever be served. */
export function toPublicStatus(doc: PublicDossierDoc): PublicDossierStatus {
  return {
    code: doc.code,
    status: doc.status,
    statusLabel: STATUS_LABELS[doc.status],
    procedureCode: doc.procedureCode,
    receivedAt: doc.receivedAt,
    stepsDone: doc.stepsDone.map((s) => ({ stepId: s.stepId, completedAt: s.completedAt })),
    currentHolders: doc.currentHolders.map((h) => ({ stepId: h.stepId, agencyCode: h.agencyCode })),
    dueAt: doc.dueAt,
    appointmentAt: doc.appointmentAt,
    resultReadyAt: doc.resultReadyAt,
    returnedAt: doc.returnedAt,
  };
}
