import { DomainError, type DomainErrorKind } from '@lien-thong/contracts';
import type { DossierCommand } from '../domain/dossier-commands';
import { decideDossier } from '../domain/decider/dossier.decider';
import type { DossierEvent, DossierEventType } from '@lien-thong/dossier-model';
import { foldDossier, type DossierState } from '@lien-thong/dossier-model';

/**
 * Given a history, when a command, then events or an error: the shape of every decider test.
 * Only for tests (it calls jest's `expect`); it lives here so the lead's handler tests can reuse it.
 */
export function given(...history: DossierEvent[]): {
  readonly state: DossierState;
  when(command: DossierCommand): Then;
} {
  const state = foldDossier(history);
  return {
    state,
    when(command) {
      let outcome: DossierEvent[] | DomainError;
      try {
        outcome = decideDossier(command, state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome = error;
      }
      return new Then(outcome, state);
    },
  };
}

export class Then {
  constructor(
    private readonly outcome: DossierEvent[] | DomainError,
    private readonly before: DossierState,
  ) {}

  /** Exactly these events. */
  then(expected: DossierEvent[]): DossierState {
    expect(this.outcome).toEqual(expected);
    return this.stateAfter();
  }

  /** One event of this type whose data contains `data`. */
  thenEmits<T extends DossierEventType>(
    type: T,
    data: Partial<Extract<DossierEvent, { type: T }>['data']> = {},
  ): DossierState {
    expect(this.outcome).toEqual([{ type, data: expect.objectContaining(data) as unknown }]);
    return this.stateAfter();
  }

  /** Nothing to record (the command was already applied). */
  thenNothing(): void {
    expect(this.outcome).toEqual([]);
  }

  /** Refused with this code (and kind, when given). Returns the error for further checks. */
  thenFails(code: string, kind?: DomainErrorKind): DomainError {
    if (!(this.outcome instanceof DomainError)) {
      throw new Error(
        `expected ${code} but the decider emitted ${JSON.stringify(this.outcome.map((e) => e.type))}`,
      );
    }
    expect(this.outcome.code).toBe(code);
    if (kind) expect(this.outcome.kind).toBe(kind);
    return this.outcome;
  }

  /** The state after applying the emitted events. */
  stateAfter(): DossierState {
    if (this.outcome instanceof DomainError) throw this.outcome;
    return foldDossier(this.outcome, this.before);
  }

  events(): DossierEvent[] {
    if (this.outcome instanceof DomainError) throw this.outcome;
    return this.outcome;
  }
}
