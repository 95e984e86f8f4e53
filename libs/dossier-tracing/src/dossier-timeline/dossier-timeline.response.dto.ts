import type { Bilingual } from '../shared/labels';
import { type DossierEventType } from '@lien-thong/dossier-model';

export interface TimelineActor {
  readonly agencyCode: string | null;
  readonly personId: string | null;
  readonly system: string | null;
}

export interface DossierTimelineEntry {
  readonly revision: number;
  readonly type: DossierEventType;
  /** When it happened (metadata.occurredAt). */
  readonly occurredAt: string;
  /** When the store committed it. */
  readonly recordedAt: string;
  readonly actor: TimelineActor;
  readonly summary: Bilingual;
}

export interface DossierTimeline {
  readonly code: string;
  readonly entries: readonly DossierTimelineEntry[];
}
