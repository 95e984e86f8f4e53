import {
  COMMUNE,
  DUE_AT,
  INSURANCE,
  POLICE,
  allStepsDone,
  appraising,
  at,
  parallel,
  supplementRequested,
} from '@lien-thong/dossiers/testing';
import { agencyInboxRows } from './agency-inbox.rows';
import { foldDossier } from '@lien-thong/dossier-model';

describe('agency inbox rows', () => {
  it('puts each active step in its holder’s inbox, parallel branches separately', () => {
    const rows = agencyInboxRows(foldDossier(parallel));
    expect(rows.map((r) => [r.stepId, r.agencyCode, r.deadline])).toEqual([
      ['police-check', POLICE, at(26, '17:00')],
      ['insurance', INSURANCE, at(26, '17:00')],
    ]);
    expect(rows.every((r) => r.acceptedAt !== null && !r.clockPaused)).toBe(true);
  });

  it('shows a standing clock, the supplement awaited, the reminder and the apology asked of the holder', () => {
    const state = foldDossier([
      ...appraising,
      {
        type: 'StepReminderSent',
        data: {
          stepId: 'appraise',
          agencyCode: COMMUNE,
          deadline: at(25, '17:00'),
          budgetShare: 0.8,
          remindedAt: at(25, '15:00'),
        },
      },
      {
        type: 'ApologyRequested',
        data: {
          agencyCodes: [COMMUNE],
          reason: 'due-date-approaching',
          dueAt: DUE_AT,
          appointmentAt: DUE_AT,
          respondBy: at(27, '17:00'),
          requestedAt: at(25, '16:00'),
        },
      },
      supplementRequested,
    ]);
    expect(agencyInboxRows(state)).toEqual([
      expect.objectContaining({
        stepId: 'appraise',
        agencyCode: COMMUNE,
        remindedAt: at(25, '15:00'),
        apologyRequestedAt: at(25, '16:00'),
        clockPaused: true,
        awaitingSupplement: true,
      }),
    ]);
  });

  it('is empty once no step is held (all done, or the dossier closed)', () => {
    expect(agencyInboxRows(foldDossier(allStepsDone))).toEqual([]);
  });
});
