// Closing: stop (form 05) and withdrawal, the result ready at the desk and returned to the applicant.
import type { MarkResultReady, ReturnResult, StopProcessing, Withdraw } from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { RESULT_CHANNELS } from '@lien-thong/dossier-model';
import type { DossierState } from '@lien-thong/dossier-model';
import { classifyTimeliness } from '@lien-thong/dossier-model';
import { dueDates, requireStatus, routing } from './guards';

export function stopProcessing(c: StopProcessing, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  if (c.requester.kind === 'agency') {
    p.text(c.requester.agencyCode, 'requester.agencyCode');
    p.text(c.legalGround, 'legalGround');
  } else if (c.requester.kind !== 'applicant') {
    p.add('requester.kind', 'UNKNOWN', 'the requester is the applicant or an agency');
  }
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'stop the processing');
  return [
    {
      type: 'ProcessingStopped',
      data: {
        reason: c.reason,
        requester: c.requester.kind,
        requestingAgencyCode: c.requester.kind === 'agency' ? c.requester.agencyCode : null,
        legalGround: c.legalGround ?? null,
        stoppedAt: c.at,
      },
    },
  ];
}

export function withdraw(c: Withdraw, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'withdraw the dossier');
  return [{ type: 'DossierWithdrawn', data: { reason: c.reason?.trim() || null, withdrawnAt: c.at } }];
}

export function markResultReady(c: MarkResultReady, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.deskUnitCode, 'deskUnitCode');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'mark the result ready');
  if (state.openExcludedPhase) {
    throw dossierError(
      'DOSSIER_EXCLUDED_PHASE_OPEN',
      `Excluded phase ${state.openExcludedPhase.phaseId} has not ended`,
      `Giai đoạn không tính thời gian ${state.openExcludedPhase.phaseId} chưa kết thúc`,
    );
  }
  const unfinished = routing(state)
    .steps.map((s) => s.id)
    .filter((id) => !state.completedSteps[id]);
  if (unfinished.length > 0) {
    throw dossierError(
      'DOSSIER_STEPS_UNFINISHED',
      `Steps not completed: ${unfinished.join(', ')}`,
      `Các bước chưa hoàn thành: ${unfinished.join(', ')}`,
    );
  }
  const { dueAt, appointmentAt } = dueDates(state);
  return [
    {
      type: 'ResultReady',
      data: {
        readyAt: c.at,
        deskUnitCode: c.deskUnitCode,
        dueAt,
        appointmentAt,
        outcome: classifyTimeliness(c.at, dueAt),
        outcomeAgainstAppointment: classifyTimeliness(c.at, appointmentAt),
      },
    },
  ];
}

export function returnResult(c: ReturnResult, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (!RESULT_CHANNELS.includes(c.channel)) p.add('channel', 'UNKNOWN', 'counter, post or online');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['result-ready'], 'return the result');
  return [{ type: 'ResultReturned', data: { channel: c.channel, returnedAt: c.at } }];
}
