import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { dossierNotFound } from '../shared/query-errors';
import type { DossierTimeline, TimelineActor } from './dossier-timeline.response.dto';
import { GetDossierTimeline } from './get-dossier-timeline.query';
import { type DossierEventType, dossierStream } from '@lien-thong/dossier-model';

@QueryHandler(GetDossierTimeline)
export class GetDossierTimelineHandler implements IQueryHandler<GetDossierTimeline> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute(query: GetDossierTimeline): Promise<DossierTimeline> {
    const result = await this.pool.query<{
      revision: number;
      type: DossierEventType;
      occurred_at: string;
      recorded_at: string;
      actor: TimelineActor;
      summary_vi: string;
      summary_en: string;
    }>(
      `SELECT revision, type, occurred_at, recorded_at, actor, summary_vi, summary_en
         FROM dossier_timeline WHERE stream = $1 ORDER BY revision`,
      [dossierStream(query.code)],
    );
    if (result.rows.length === 0) throw dossierNotFound(query.code);
    return {
      code: query.code,
      entries: result.rows.map((r) => ({
        revision: r.revision,
        type: r.type,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        actor: r.actor,
        summary: { vi: r.summary_vi, en: r.summary_en },
      })),
    };
  }
}
