import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { dossierNotFound } from '../shared/query-errors';
import { checkAsOf, dossierAsOf } from './dossier-as-of';
import type { DossierAsOfView } from './dossier-as-of.response.dto';
import { GetDossierAsOf } from './get-dossier-as-of.query';
import { dossierStream } from '@lien-thong/dossier-model';

/** Reads the stream itself: exact at any revision, and never behind a projection. */
@QueryHandler(GetDossierAsOf)
export class GetDossierAsOfHandler implements IQueryHandler<GetDossierAsOf> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetDossierAsOf): Promise<DossierAsOfView> {
    const at = checkAsOf(query.at);
    const events = await this.store.readStream(dossierStream(query.code));
    const latest = events[events.length - 1];
    if (!latest) throw dossierNotFound(query.code);
    const { state, revision } = dossierAsOf(events, at);
    return { code: query.code, revision, latestRevision: latest.revision, state };
  }
}
