import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@lien-thong/contracts';
import { DossierCommandService } from '@lien-thong/dossiers';
import { type DeadlinesRecomputedCause } from '@lien-thong/dossier-model';

/** The actor of the DeadlinesRecomputed events the calendar process manager records. */
export const CALENDAR_ACTOR = 'calendar';

/**
 * Deadlines counted again after a holiday decision (the calendar process manager): through the same
 * command service, so the same computation as at handoff; a dossier that cannot be recomputed now (closed
 * meanwhile, clock paused: its deadlines are counted again when it resumes) is skipped.
 */
@Injectable()
export class DeadlineRecomputer {
  private readonly logger = new Logger('Coordination');

  constructor(private readonly dossiers: DossierCommandService) {}

  /**
   * Counts a running dossier's deadlines again on the calendar as it is now and records what changed
   * (DeadlinesRecomputed), idempotently under `idempotencyKey`. Refusals (a closed or paused dossier)
   * are absorbed; a race or an infrastructure failure is thrown (the process manager retries).
   */
  async recompute(
    dossierCode: string,
    cause: DeadlinesRecomputedCause,
    idempotencyKey: string,
  ): Promise<void> {
    try {
      const result = await this.dossiers.execute(
        dossierCode,
        { type: 'RecomputeDeadlines', cause },
        { actor: { system: CALENDAR_ACTOR }, idempotencyKey },
      );
      if (result.recorded.length > 0 && result.alreadyApplied !== true)
        this.logger.log(`deadlines of ${dossierCode} counted again after ${cause.document}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'DOSSIER_CHANGED') throw error; // retried
      this.logger.log(`deadlines of ${dossierCode} not recomputed: ${error.message}`);
    }
  }
}
