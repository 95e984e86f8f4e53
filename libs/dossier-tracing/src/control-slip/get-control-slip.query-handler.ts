import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { dossierNotFound } from '../shared/query-errors';
import type { ControlSlip } from './control-slip.response.dto';
import { GetControlSlip } from './get-control-slip.query';

@QueryHandler(GetControlSlip)
export class GetControlSlipHandler implements IQueryHandler<GetControlSlip> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: GetControlSlip): Promise<ControlSlip> {
    const result = await this.pool.query<{ doc: ControlSlip }>(
      'SELECT doc FROM dossier_control_slips WHERE code = $1',
      [query.code],
    );
    const slip = result.rows[0]?.doc;
    if (!slip) throw dossierNotFound(query.code);
    return slip;
  }
}
