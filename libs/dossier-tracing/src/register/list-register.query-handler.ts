import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { ProblemDetail } from '@lien-thong/contracts';
import { PG_POOL } from '@lien-thong/postgres';
import { invalidDossierQuery } from '../shared/query-errors';
import { isInstantText } from '../shared/vietnam-time';
import { ListRegister, type ListRegisterCriteria } from './list-register.query';
import type { RegisterEntry, RegisterPage } from './register.response.dto';

export const MAX_REGISTER_LIMIT = 1000;
const DEFAULT_REGISTER_LIMIT = 500;

@QueryHandler(ListRegister)
export class ListRegisterHandler implements IQueryHandler<ListRegister> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: ListRegister): Promise<RegisterPage> {
    const c = checkRegisterCriteria(query.criteria);
    const params: unknown[] = [c.from, c.to, c.limit + 1, c.offset];
    let unit = '';
    if (c.unitCode !== null) {
      params.push(c.unitCode);
      unit = 'AND receiving_unit_code = $5';
    }
    const result = await this.pool.query<{ doc: RegisterEntry }>(
      `SELECT doc FROM dossier_register
        WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz ${unit}
        ORDER BY received_at, code
        LIMIT $3 OFFSET $4`,
      params,
    );
    const items = result.rows.slice(0, c.limit).map((r) => r.doc);
    return { items, nextOffset: result.rows.length > c.limit ? c.offset + c.limit : null };
  }
}

export function checkRegisterCriteria(c: ListRegisterCriteria): {
  unitCode: string | null;
  from: string;
  to: string;
  limit: number;
  offset: number;
} {
  const problems: ProblemDetail[] = [];
  if (!isInstantText(c.from))
    problems.push({ path: 'from', code: 'INSTANT', message: 'an ISO 8601 instant with an offset' });
  if (!isInstantText(c.to))
    problems.push({ path: 'to', code: 'INSTANT', message: 'an ISO 8601 instant with an offset' });
  if (isInstantText(c.from) && isInstantText(c.to) && Date.parse(c.to) <= Date.parse(c.from))
    problems.push({ path: 'to', code: 'ORDER', message: 'the period ends after it starts' });
  const limit = c.limit ?? DEFAULT_REGISTER_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REGISTER_LIMIT)
    problems.push({
      path: 'limit',
      code: 'RANGE',
      message: `a whole number from 1 to ${MAX_REGISTER_LIMIT}`,
    });
  const offset = c.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0)
    problems.push({ path: 'offset', code: 'RANGE', message: 'a whole number of at least 0' });
  if (problems.length > 0) throw invalidDossierQuery(problems);
  return { unitCode: c.unitCode ?? null, from: c.from, to: c.to, limit, offset };
}
