import { tracingError } from './tracing-errors';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@lien-thong/contracts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@lien-thong/event-store';
import { assertMayRead, isProvinceWide, type DossierCaller, type DossierRead } from '@lien-thong/dossiers';
import { dossierNotFound, foldRecorded, intakeNotFound } from '@lien-thong/dossiers';
import { type DossierState, dossierStream, intakeStream } from '@lien-thong/dossier-model';

/**
 * The read side of the access rules (domain/dossier-access.ts): loads the dossier (or the intake that
 * ended without a code) and checks the caller against it before a query handler runs. A dossier that
 * does not exist is a 404 for everyone: its code says nothing more than the 403 of another unit's.
 */
@Injectable()
export class DossierAccess {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The dossier's state, revision and events, once the caller may read it. */
  async assertMayReadDossier(
    code: string,
    caller: DossierCaller,
    read: DossierRead,
  ): Promise<{ state: DossierState; revision: number; events: readonly RecordedEvent[] }> {
    const events = await this.store.readStream(dossierStream(code));
    const state = foldRecorded(events);
    if (state.status === 'new') throw dossierNotFound(code);
    assertMayRead(caller, state, read);
    return { state, revision: events[events.length - 1]!.revision, events };
  }

  async assertMayReadIntake(ref: string, caller: DossierCaller): Promise<DossierState> {
    const state = await this.fold(intakeStream(ref));
    if (state.status === 'new') throw intakeNotFound(ref);
    assertMayRead(caller, state, 'personal-data');
    return state;
  }

  /**
   * The receiving unit a caller may list in the register (form 07) or the dossier list: every unit for
   * a province-wide caller (the unit asked for, or all), otherwise only its own (asked for or implied).
   */
  registerUnit(caller: DossierCaller, asked: string | undefined): string | undefined {
    if (isProvinceWide(caller)) return asked;
    if (caller.agencyCode !== null && (asked === undefined || asked === caller.agencyCode))
      return caller.agencyCode;
    throw unitMismatch(caller, asked ?? 'every unit');
  }

  private async fold(stream: string): Promise<DossierState> {
    return foldRecorded(await this.store.readStream(stream));
  }
}

export function unitMismatch(caller: DossierCaller, unit: string): DomainError {
  const who = caller.agencyCode ?? 'no unit';
  return tracingError(
    'UNIT_MISMATCH',
    `You act for ${who}; you may see only your own unit's dossiers, not ${unit}'s`,
    `Bạn thuộc ${caller.agencyCode ?? 'không đơn vị nào'}; chỉ được xem hồ sơ của đơn vị mình`,
  );
}
