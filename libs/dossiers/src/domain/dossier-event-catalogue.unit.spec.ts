import type { DossierCommand } from './dossier-commands';
import { dossierEventCatalogue } from '@lien-thong/dossier-model';
import {
  DOSSIER_EVENT_SCHEMA_VERSIONS,
  DOSSIER_EVENT_TYPE_LIST,
  DOSSIER_EVENT_TYPES,
  type DossierEvent,
} from '@lien-thong/dossier-model';
import {
  COMMUNE,
  DESK,
  allStepsDone,
  appraising,
  at,
  parallel,
  receiveCommand,
  receivedWith,
  refusedAtIntake,
  resultReady,
  resultReturned,
  routing,
  stopped,
  supplementRequested,
  supplementRequestedAtIntake,
  withdrawn,
} from '../testing/dossier-fixtures';
import { given } from '../testing/given-when-then';

/** At least one real event of every type, produced by the decider where a fixture is not enough. */
function sampleEvents(): DossierEvent[] {
  const returned = given(...parallel)
    .when({
      type: 'ReturnStep',
      stepId: 'police-check',
      agencyCode: '000.00.72.H29',
      toStepId: 'appraise',
      reason: 'x',
      at: at(26),
      deadline: at(27),
    })
    .events();
  const excludedCompleted = given(
    receivedWith({
      steps: routing.steps.map((s) => (s.id === 'appraise' ? { ...s, excludedFromLimit: true } : s)),
    }),
    ...appraising.slice(1),
  )
    .when({ type: 'CompleteStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(25), resultSummary: 'x' })
    .events();
  const phase = given(...appraising)
    .when({ type: 'StartExcludedPhase', phaseId: 'pay', reason: 'x', at: at(25) })
    .events();
  const phaseEnded = given(...appraising, ...phase)
    .when({
      type: 'EndExcludedPhase',
      phaseId: 'pay',
      at: at(26),
      dueAt: at(29),
      stepDeadlines: [{ stepId: 'appraise', deadline: at(27) }],
    })
    .events();
  const more: DossierCommand[] = [
    { type: 'MarkStepOverdue', stepId: 'appraise', detectedAt: at(26) },
    {
      type: 'IssueApology',
      agencyCode: COMMUNE,
      reason: 'x',
      newAppointmentAt: at(29),
      signedBy: 'h',
      signer: { name: 'Trần Văn Bình', title: 'Trưởng Công an phường' },
      newAppointmentOnWorkingDay: true,
      at: at(26),
      noticeDueBy: at(27),
    },
    { type: 'Escalate', to: 'head', fromAgencyCode: COMMUNE, reason: 'x', at: at(26) },
    { type: 'SendStepReminder', stepId: 'appraise', deadline: at(25, '17:00'), budgetShare: 0.8, at: at(25) },
    {
      type: 'WarnStepLateness',
      stepId: 'appraise',
      handedOffAt: at(24, '10:00'),
      probability: 0.8,
      threshold: 0.6,
      basis: { visits: 20, load: 1.2, pace: 1, usedShare: 0.3 },
      at: at(24, '13:00'),
    },
    { type: 'RequestApology', agencyCodes: [COMMUNE], at: at(25), respondBy: at(27) },
    {
      type: 'RecomputeDeadlines',
      cause: { kind: 'calendar-decision', year: 2025, document: 'x' },
      at: at(25),
      dueAt: at(29),
      stepDeadlines: [{ stepId: 'appraise', deadline: at(27) }],
    },
    {
      type: 'ReceiveSupplement',
      at: at(26),
      dueAt: at(29),
      stepDeadlines: [{ stepId: 'appraise', deadline: at(27) }],
    },
  ];
  const late = more.flatMap((command) =>
    given(...appraising, ...(command.type === 'ReceiveSupplement' ? [supplementRequested] : []))
      .when(command)
      .events(),
  );
  const erased = given(...allStepsDone, resultReady, resultReturned)
    .when({ type: 'EraseApplicantData', reason: 'x', at: at(29) })
    .events();
  const rated = given(...allStepsDone, resultReady, resultReturned)
    .when({ type: 'RateSatisfaction', score: 3, at: at(29) })
    .events();
  const ready = given(...allStepsDone)
    .when({ type: 'MarkResultReady', deskUnitCode: DESK, at: at(28) })
    .events();
  const cause = { eventId: 'ev-1', eventType: 'DossierReceived' };
  const notified = given(...allStepsDone)
    .when({
      type: 'RecordApplicantNotice',
      notice: {
        type: 'ApplicantNotified',
        data: {
          noticeId: 'n-1',
          kind: 'intake-acknowledged',
          channel: 'email',
          cause,
          sentAt: at(28),
          providerMessageId: null,
        },
      },
    })
    .events();
  const notSent = given(...allStepsDone)
    .when({
      type: 'RecordApplicantNotice',
      notice: {
        type: 'ApplicantNoticeNotSent',
        data: {
          noticeId: 'n-1',
          kind: 'intake-acknowledged',
          channel: null,
          cause,
          reason: 'no-contact',
          detail: 'the applicant gave no email',
          at: at(28),
        },
      },
    })
    .events();
  const byPost: DossierEvent = {
    type: 'ResultReturned',
    data: { ...(resultReturned.data as object), channel: 'post' } as never,
  };
  const mailed = given(...allStepsDone, resultReady, byPost)
    .when({
      type: 'RecordPostalShipment',
      data: { shipment: 'result', trackingNumber: 'EB123456789VN', status: 'mailed', at: at(29) },
    })
    .events();
  return [
    ...given().when(receiveCommand).events(),
    ...given()
      .when({ ...receiveCommand, lookupKey: '7K3QD-9XHM2', sets: 2 })
      .events(),
    ...given()
      .when({
        ...receiveCommand,
        procedure: { ...receiveCommand.procedure, allowedChannels: ['counter', 'post'] },
        channel: 'post',
        postalPickup: { trackingNumber: 'RR000000001VN', requestedAt: at(21), handedOverAt: at(24, '07:30') },
      })
      .events(),
    ...given()
      .when({
        ...receiveCommand,
        procedure: { ...receiveCommand.procedure, statutoryLimit: { unit: 'immediate' } },
      })
      .events(),
    supplementRequestedAtIntake,
    refusedAtIntake,
    ...allStepsDone.slice(1),
    ...excludedCompleted,
    supplementRequested,
    ...returned,
    ...phase,
    ...phaseEnded,
    ...late,
    stopped,
    withdrawn,
    ...ready,
    resultReturned,
    ...rated,
    ...erased,
    ...notified,
    ...notSent,
    ...mailed,
  ];
}

describe('dossier event catalogue', () => {
  it('has one entry per registered event type, and no other', () => {
    expect(dossierEventCatalogue.map((e) => e.type)).toEqual([...DOSSIER_EVENT_TYPE_LIST]);
    expect(new Set(dossierEventCatalogue.map((e) => e.type)).size).toBe(dossierEventCatalogue.length);
    expect(Object.values(DOSSIER_EVENT_TYPES).sort()).toEqual(
      dossierEventCatalogue.map((e) => e.type).sort(),
    );
  });

  it('gives every entry its schema version, a description and described fields', () => {
    for (const entry of dossierEventCatalogue) {
      expect(entry.schemaVersion).toBe(DOSSIER_EVENT_SCHEMA_VERSIONS[entry.type]);
      expect(entry.schemaVersion).toBe(1);
      expect(entry.description.length).toBeGreaterThan(20);
      expect(entry.fields.length).toBeGreaterThan(0);
      for (const field of entry.fields) {
        expect(field.type).not.toBe('');
        expect(field.description).not.toBe('');
      }
    }
  });

  it('lists exactly the fields that real events carry (optional ones where present)', () => {
    const samples = sampleEvents();
    expect(new Set(samples.map((e) => e.type))).toEqual(new Set(DOSSIER_EVENT_TYPE_LIST));
    const seen = new Set<string>();
    for (const event of samples) {
      const entry = dossierEventCatalogue.find((e) => e.type === event.type);
      const carried = Object.keys(event.data);
      carried.forEach((name) => seen.add(`${event.type}.${name}`));
      expect({ type: event.type, fields: carried.sort() }).toEqual({
        type: event.type,
        fields: entry?.fields
          .filter((f) => !f.optional || carried.includes(f.name))
          .map((f) => f.name)
          .sort(),
      });
    }
    // Every optional field shows up in at least one real event.
    const optional = dossierEventCatalogue.flatMap((e) =>
      e.fields.filter((f) => f.optional).map((f) => `${e.type}.${f.name}`),
    );
    expect(optional).toEqual([
      'DossierReceived.statutoryLimit',
      'DossierReceived.sets',
      'DossierReceived.receiptIssued',
      'DossierReceived.lookupKey',
      'DossierReceived.postalPickup',
      'StepCompleted.excludedFromLimit',
      'ApologyIssued.signer',
      'DossierEscalated.fromAgencyCode',
    ]);
    for (const name of optional) expect(seen).toContain(name);
  });
});
