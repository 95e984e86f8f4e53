/**
 * For integration specs only: real dossier histories, produced by the real decider through
 * `handleCommand` and appended to a real event store. Not exported from the barrel.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand, type Actor, type EventStore, type GlobalPosition } from '@lien-thong/event-store';
import type { DossierCommand, ReceiveDossier } from '@lien-thong/dossiers';
import { lookupKeyFrom } from '@lien-thong/dossiers';
import { dossierDecider } from '@lien-thong/dossiers';
import { COMMUNE, DESK, INSURANCE, POLICE, receiveCommand, snapshot } from '@lien-thong/dossiers/testing';
import { DOSSIER_EVENT_SCHEMA_VERSION, dossierStream, intakeStream } from '@lien-thong/dossier-model';

export { COMMUNE, DESK, INSURANCE, POLICE };
export const OTHER_DESK = '000.00.06.H54';

/** `2025-<mm>-<dd>T<hh:mm>:00+07:00` */
export const vn = (month: number, day: number, time = '09:00'): string =>
  `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}:00+07:00`;
export const nov = (day: number, time = '09:00'): string => vn(11, day, time);

export const CODES = {
  /** Received 24/11, every step done, result returned 27/11. */
  done: `${DESK}-251124-0001`,
  /** Received 25/11; police-check and insurance held in parallel; police-check overdue. */
  parallelOverdue: `${DESK}-251125-0001`,
  /** Received 26/11; supplement, a return from sign to police-check, an apology; sign held by the commune. */
  reworked: `${DESK}-251126-0001`,
  /** Received 27/11, stopped at the applicant's request. */
  stopped: `${DESK}-251127-0001`,
  /** Received 24/11 at another desk for another procedure; still at the desk. */
  otherDesk: `${OTHER_DESK}-251124-0001`,
} as const;
export const REFUSED_INTAKE_REF = 'counter-99';

const desk: Actor = { agencyCode: DESK, personId: 'officer-17' };
const actorOf = (agencyCode: string): Actor => ({ agencyCode, personId: `staff-${agencyCode.slice(7, 9)}` });
const system: Actor = { system: 'workflow' };

export interface Written {
  /** The last position written, whatever the category. */
  readonly last: GlobalPosition;
  /** The last position in a `dossier-*` stream. */
  readonly lastDossier: GlobalPosition;
}

/** Applies commands to one stream with the real decider; each event's occurredAt is the command's instant. */
export class DossierWriter {
  private lastPosition: GlobalPosition = 0n;
  constructor(
    private readonly store: EventStore,
    readonly stream: string,
  ) {}

  async run(command: DossierCommand, actor: Actor): Promise<this> {
    const handled = await handleCommand(this.store, this.stream, dossierDecider, command, {
      schemaVersion: DOSSIER_EVENT_SCHEMA_VERSION,
      metadata: { occurredAt: instantOf(command), actor, correlationId: randomUUID() },
      newId: randomUUID,
    });
    if (handled.position !== null) this.lastPosition = handled.position;
    return this;
  }

  get position(): GlobalPosition {
    return this.lastPosition;
  }
}

function instantOf(command: DossierCommand): string {
  switch (command.type) {
    case 'ReceiveDossier':
      return command.receivedAt;
    case 'MarkStepOverdue':
      return command.detectedAt;
    case 'RecordApplicantNotice':
      return command.notice.type === 'ApplicantNotified'
        ? command.notice.data.sentAt
        : command.notice.data.at;
    case 'RecordPostalShipment':
      return command.data.at;
    default:
      return command.at;
  }
}

function receive(code: string, receivedAt: string, appointmentAt: string, unit = DESK): ReceiveDossier {
  return {
    ...receiveCommand,
    dossierCode: code,
    intakeRef: `intake-of-${code}`,
    applicantRef: `vault:${code}`,
    receivedAt,
    appointmentAt,
    receivingUnitCode: unit,
    lookupKey: lookupKeyFrom(code),
  };
}

async function startProcessing(w: DossierWriter, day: number): Promise<void> {
  await w.run(
    {
      type: 'Transfer',
      fromUnitCode: DESK,
      toAgencyCode: COMMUNE,
      at: nov(day, '08:30'),
      dueBy: nov(day, '17:00'),
    },
    desk,
  );
  await w.run(
    {
      type: 'HandOffStep',
      stepId: 'appraise',
      fromAgencyCode: COMMUNE,
      toAgencyCode: COMMUNE,
      at: nov(day, '09:00'),
      deadline: nov(day, '17:00'),
    },
    actorOf(COMMUNE),
  );
  await w.run(
    { type: 'ReceiveStep', stepId: 'appraise', agencyCode: COMMUNE, at: nov(day, '09:10') },
    actorOf(COMMUNE),
  );
  await w.run(
    {
      type: 'CompleteStep',
      stepId: 'appraise',
      agencyCode: COMMUNE,
      at: nov(day, '11:00'),
      resultSummary: 'Đã thẩm định',
    },
    actorOf(COMMUNE),
  );
  for (const [stepId, agency] of [
    ['police-check', POLICE],
    ['insurance', INSURANCE],
  ] as const) {
    await w.run(
      {
        type: 'HandOffStep',
        stepId,
        fromAgencyCode: COMMUNE,
        toAgencyCode: agency,
        at: nov(day, '13:00'),
        deadline: nov(day + 1, '17:00'),
      },
      actorOf(COMMUNE),
    );
    await w.run({ type: 'ReceiveStep', stepId, agencyCode: agency, at: nov(day, '13:30') }, actorOf(agency));
  }
}

/** Writes every scenario of `CODES` and the refused intake. */
export async function writeScenarios(store: EventStore): Promise<Written> {
  const positions: GlobalPosition[] = [];

  // done
  const done = new DossierWriter(store, dossierStream(CODES.done));
  await done.run(receive(CODES.done, nov(24, '08:00'), nov(28, '17:00')), desk);
  await startProcessing(done, 24);
  for (const [stepId, agency] of [
    ['police-check', POLICE],
    ['insurance', INSURANCE],
  ] as const) {
    await done.run(
      { type: 'CompleteStep', stepId, agencyCode: agency, at: nov(25, '09:00'), resultSummary: 'Xong' },
      actorOf(agency),
    );
  }
  await done.run(
    {
      type: 'HandOffStep',
      stepId: 'sign',
      fromAgencyCode: POLICE,
      toAgencyCode: COMMUNE,
      at: nov(25, '10:00'),
      deadline: nov(26, '17:00'),
    },
    actorOf(POLICE),
  );
  await done.run(
    { type: 'ReceiveStep', stepId: 'sign', agencyCode: COMMUNE, at: nov(25, '10:30') },
    actorOf(COMMUNE),
  );
  await done.run(
    {
      type: 'CompleteStep',
      stepId: 'sign',
      agencyCode: COMMUNE,
      at: nov(26, '09:00'),
      resultSummary: 'Đã ký',
    },
    actorOf(COMMUNE),
  );
  await done.run(
    {
      type: 'HandOffStep',
      stepId: 'return-result',
      fromAgencyCode: COMMUNE,
      toAgencyCode: DESK,
      at: nov(26, '10:00'),
      deadline: nov(27, '17:00'),
    },
    actorOf(COMMUNE),
  );
  await done.run(
    { type: 'ReceiveStep', stepId: 'return-result', agencyCode: DESK, at: nov(26, '10:30') },
    desk,
  );
  await done.run(
    {
      type: 'CompleteStep',
      stepId: 'return-result',
      agencyCode: DESK,
      at: nov(26, '11:00'),
      resultSummary: 'Đã nhận',
    },
    desk,
  );
  await done.run({ type: 'MarkResultReady', deskUnitCode: DESK, at: nov(26, '11:00') }, desk);
  await done.run({ type: 'ReturnResult', channel: 'counter', at: nov(27, '15:00') }, desk);
  positions.push(done.position);

  // parallel branches, one overdue
  const par = new DossierWriter(store, dossierStream(CODES.parallelOverdue));
  await par.run(receive(CODES.parallelOverdue, nov(25, '08:00'), nov(28, '17:00')), desk);
  await startProcessing(par, 25);
  await par.run({ type: 'MarkStepOverdue', stepId: 'police-check', detectedAt: nov(26, '17:30') }, system);
  positions.push(par.position);

  // supplement, return, apology
  const rw = new DossierWriter(store, dossierStream(CODES.reworked));
  await rw.run(receive(CODES.reworked, nov(26, '08:00'), vn(12, 3, '17:00')), desk);
  await startProcessing(rw, 26);
  await rw.run(
    {
      type: 'RequestSupplement',
      stepId: 'police-check',
      agencyCode: POLICE,
      items: [{ documentCode: null, action: 'correct', description: 'Sửa ngày sinh' }],
      reason: 'Thông tin không khớp',
      at: nov(26, '14:00'),
      windowEndsAt: vn(12, 1, '13:30'),
    },
    actorOf(POLICE),
  );
  await rw.run(
    {
      type: 'ReceiveSupplement',
      at: nov(28, '09:00'),
      dueAt: vn(12, 5, '17:00'),
      stepDeadlines: [
        { stepId: 'police-check', deadline: vn(12, 1, '17:00') },
        { stepId: 'insurance', deadline: vn(12, 1, '17:00') },
      ],
    },
    desk,
  );
  await rw.run(
    {
      type: 'CompleteStep',
      stepId: 'insurance',
      agencyCode: INSURANCE,
      at: nov(28, '10:00'),
      resultSummary: 'Xong',
    },
    actorOf(INSURANCE),
  );
  await rw.run(
    {
      type: 'CompleteStep',
      stepId: 'police-check',
      agencyCode: POLICE,
      at: nov(28, '11:00'),
      resultSummary: 'Xong',
    },
    actorOf(POLICE),
  );
  await rw.run(
    {
      type: 'HandOffStep',
      stepId: 'sign',
      fromAgencyCode: POLICE,
      toAgencyCode: COMMUNE,
      at: nov(28, '13:00'),
      deadline: vn(12, 2, '17:00'),
    },
    actorOf(POLICE),
  );
  await rw.run(
    { type: 'ReceiveStep', stepId: 'sign', agencyCode: COMMUNE, at: nov(28, '13:30') },
    actorOf(COMMUNE),
  );
  await rw.run(
    {
      type: 'ReturnStep',
      stepId: 'sign',
      agencyCode: COMMUNE,
      toStepId: 'police-check',
      reason: 'Thiếu xác minh cư trú',
      at: nov(28, '15:00'),
      deadline: vn(12, 1, '17:00'),
    },
    actorOf(COMMUNE),
  );
  await rw.run(
    { type: 'ReceiveStep', stepId: 'police-check', agencyCode: POLICE, at: nov(28, '15:30') },
    actorOf(POLICE),
  );
  await rw.run(
    {
      type: 'CompleteStep',
      stepId: 'police-check',
      agencyCode: POLICE,
      at: vn(12, 2, '09:00'),
      resultSummary: 'Đã xác minh',
    },
    actorOf(POLICE),
  );
  await rw.run(
    {
      type: 'HandOffStep',
      stepId: 'sign',
      fromAgencyCode: POLICE,
      toAgencyCode: COMMUNE,
      at: vn(12, 2, '10:00'),
      deadline: vn(12, 3, '17:00'),
    },
    actorOf(POLICE),
  );
  await rw.run(
    { type: 'ReceiveStep', stepId: 'sign', agencyCode: COMMUNE, at: vn(12, 2, '10:30') },
    actorOf(COMMUNE),
  );
  await rw.run(
    {
      type: 'IssueApology',
      agencyCode: COMMUNE,
      reason: 'Xác minh kéo dài',
      newAppointmentAt: vn(12, 9, '17:00'),
      signedBy: 'head-71',
      signer: { name: 'Nguyễn Thị Thu Hà', title: 'Chủ tịch UBND phường Bến Thành' },
      newAppointmentOnWorkingDay: true,
      at: vn(12, 2, '11:00'),
      noticeDueBy: vn(12, 4, '17:00'),
    },
    actorOf(COMMUNE),
  );
  positions.push(rw.position);

  // stopped
  const st = new DossierWriter(store, dossierStream(CODES.stopped));
  await st.run(receive(CODES.stopped, nov(27, '08:00'), vn(12, 2, '17:00')), desk);
  await st.run(
    {
      type: 'Transfer',
      fromUnitCode: DESK,
      toAgencyCode: COMMUNE,
      at: nov(27, '08:30'),
      dueBy: nov(27, '17:00'),
    },
    desk,
  );
  await st.run(
    {
      type: 'StopProcessing',
      reason: 'Người nộp đề nghị dừng',
      requester: { kind: 'applicant' },
      at: nov(27, '10:00'),
    },
    desk,
  );
  positions.push(st.position);

  // another desk, another procedure
  const other = new DossierWriter(store, dossierStream(CODES.otherDesk));
  await other.run(
    {
      ...receive(CODES.otherDesk, nov(24, '10:00'), nov(26, '17:00'), OTHER_DESK),
      procedure: { ...snapshot, code: '2.000001', bundleOf: [] },
    },
    { agencyCode: OTHER_DESK, personId: 'officer-3' },
  );
  positions.push(other.position);

  // a refused intake (no code)
  const refused = new DossierWriter(store, intakeStream(REFUSED_INTAKE_REF));
  await refused.run(
    {
      type: 'RefuseAtIntake',
      intakeRef: REFUSED_INTAKE_REF,
      procedure: { code: '1.001193', version: 3 },
      channel: 'counter',
      applicantRef: 'vault:refused',
      receivingUnitCode: DESK,
      officer: 'officer-17',
      at: nov(25, '16:00'),
      reasons: ['Không thuộc thẩm quyền'],
    },
    desk,
  );

  const lastDossier = positions.reduce((a, b) => (b > a ? b : a), 0n);
  return { last: refused.position > lastDossier ? refused.position : lastDossier, lastDossier };
}
