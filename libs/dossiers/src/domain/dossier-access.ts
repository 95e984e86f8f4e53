import { dossierError } from './dossier-errors';
import type { DossierActionType, DossierCaller } from './dossier-actions';
import type { DossierState } from '@lien-thong/dossier-model';

export type { DossierCaller } from './dossier-actions';

/*
 * Who may act on or read one dossier (issue 16): the caller is checked against the dossier itself, not
 * only against its role. The HTTP layer already refused a role the endpoint does not allow; here the
 * caller's unit or agency must stand in the right relation to the loaded dossier. Deny by default: an
 * action or a read not listed below is refused to everyone but administrators.
 *
 * Relations:
 * - **desk** (bộ phận một cửa): the unit that received the dossier, or the unit where the result is to
 *   be collected (`collectAtUnitCode`);
 * - **lead** (cơ quan chủ trì): the agency the desk transferred it to;
 * - **holder**: an agency holding the step named by the action (or, for actions on the whole dossier,
 *   any step) right now;
 * - **participant**: the lead, and every agency that was ever handed a step, asked for an apology or
 *   found late; they follow the dossier they worked on (timeline, control slip), never its personal data.
 *
 * Administrators act on any dossier. An auditor without an agency (a provincial inspector) reads any
 * dossier; an auditor of an agency reads the dossiers its agency received or took part in.
 */

/** The relation of one agency to a dossier (pure, from the folded state). */
export interface DossierRelation {
  readonly desk: boolean;
  /** The receiving unit itself (the desk that may transfer, withdraw, take a supplement). */
  readonly receivingUnit: boolean;
  readonly lead: boolean;
  /** Holds any step now. */
  readonly holder: boolean;
  readonly participant: boolean;
}

export function relationOf(state: DossierState, agencyCode: string | null): DossierRelation {
  if (agencyCode === null)
    return { desk: false, receivingUnit: false, lead: false, holder: false, participant: false };
  const receivingUnit = state.receivingUnitCode === agencyCode;
  const lead = state.processingAgencyCode === agencyCode;
  const holder = Object.values(state.activeSteps).some((s) => s.holderAgencyCode === agencyCode);
  return {
    desk: receivingUnit || state.collectAtUnitCode === agencyCode,
    receivingUnit,
    lead,
    holder,
    participant: lead || holder || state.participantAgencyCodes.includes(agencyCode),
  };
}

type Grant = {
  readonly role: 'reception-officer' | 'agency-officer' | 'agency-head' | 'auditor';
  /** Whether the caller's relation to this dossier (and the step named, if any) is enough. */
  readonly when: (r: DossierRelation, holdsNamedStep: boolean) => boolean;
  /** Which refusal names the problem: the unit (desk work) or the agency. */
  readonly mismatch: 'UNIT_MISMATCH' | 'AGENCY_MISMATCH';
};

const desk = (when: (r: DossierRelation) => boolean = (r) => r.receivingUnit): Grant => ({
  role: 'reception-officer',
  when,
  mismatch: 'UNIT_MISMATCH',
});
const agencies = (when: (r: DossierRelation, holdsNamedStep: boolean) => boolean): Grant[] =>
  (['agency-officer', 'agency-head'] as const).map((role) => ({ role, when, mismatch: 'AGENCY_MISMATCH' }));
const head = (when: (r: DossierRelation) => boolean): Grant => ({
  role: 'agency-head',
  when,
  mismatch: 'AGENCY_MISMATCH',
});

/** The step's holder, or the lead agency, which answers for the whole routing. */
const holderOrLead = (r: DossierRelation, holdsNamedStep: boolean) => holdsNamedStep || r.lead;

/**
 * Per action, who besides administrators may take it. Actions only the coordinator takes (reminders,
 * apology requests, recomputed deadlines) have no grant: no person takes them through this check.
 */
const ACTION_GRANTS: Readonly<Record<DossierActionType, readonly Grant[]>> = {
  Transfer: [desk()],
  // The decider then checks that the agency completed a predecessor (or is the lead, for a first step).
  HandOffStep: agencies((r) => r.lead || r.participant),
  ReceiveStep: agencies(holderOrLead),
  CompleteStep: agencies(holderOrLead),
  ReturnStep: agencies(holderOrLead),
  RequestSupplement: agencies(holderOrLead),
  ReceiveSupplement: [desk()],
  StartExcludedPhase: [desk(), ...agencies((r) => r.holder || r.lead)],
  EndExcludedPhase: [desk(), ...agencies((r) => r.holder || r.lead)],
  MarkStepOverdue: [],
  SendStepReminder: [],
  WarnStepLateness: [],
  RequestApology: [],
  RecomputeDeadlines: [],
  // Form 04 is signed by the head of the agency responsible (Decree 61/2018 art. 19; Circular 03/2025).
  IssueApology: [head((r) => r.participant)],
  Escalate: [head((r) => r.participant)],
  StopProcessing: [desk(), head((r) => r.holder || r.lead)],
  Withdraw: [desk()],
  MarkResultReady: [desk((r) => r.desk), ...agencies((r) => r.lead || r.participant)],
  ReturnResult: [desk((r) => r.desk)],
  RateSatisfaction: [desk((r) => r.desk)],
  EraseApplicantData: [],
};

/** What a caller reads of one dossier. */
export type DossierRead =
  /** State, timeline, control slip: no personal data. */
  | 'follow'
  /** Forms, the as-of view and the integrity check: the applicant's personal data or the raw record. */
  | 'personal-data';

const auditorReads = (r: DossierRelation) => r.desk || r.participant;
const READ_GRANTS: Readonly<Record<DossierRead, readonly Grant[]>> = {
  follow: [
    desk((r) => r.desk),
    ...agencies((r) => r.participant),
    { role: 'auditor', when: auditorReads, mismatch: 'AGENCY_MISMATCH' },
  ],
  'personal-data': [
    desk((r) => r.desk),
    { role: 'auditor', when: auditorReads, mismatch: 'AGENCY_MISMATCH' },
  ],
};

/** Actions that are a signature of an agency's head: no administrator takes them for it. */
const SIGNED_BY_HEAD: readonly DossierActionType[] = ['IssueApology'];

/** Refuses (403) a caller whose unit or agency has no part in this action on this dossier. */
export function assertMayAct(
  caller: DossierCaller,
  state: DossierState,
  action: { readonly type: DossierActionType; readonly stepId?: string },
): void {
  const holdsNamedStep =
    action.stepId !== undefined &&
    caller.agencyCode !== null &&
    state.activeSteps[action.stepId]?.holderAgencyCode === caller.agencyCode;
  // An administrator may act for any unit, but signs for no agency: form 04 is its head's.
  if (caller.roles.includes('administrator') && !SIGNED_BY_HEAD.includes(action.type)) return;
  check(caller, state, ACTION_GRANTS[action.type], holdsNamedStep, { en: 'act on', vi: 'thao tác trên' });
}

/** Refuses (403) a caller who may not read this dossier (or not its personal data). */
export function assertMayRead(caller: DossierCaller, state: DossierState, read: DossierRead): void {
  if (isProvinceWide(caller)) return;
  check(
    caller,
    state,
    READ_GRANTS[read],
    false,
    read === 'follow'
      ? { en: 'read', vi: 'xem' }
      : { en: 'read the personal data of', vi: 'xem dữ liệu cá nhân của' },
  );
}

/**
 * A caller who sees every unit's dossiers: an administrator, or an auditor without an agency (a
 * provincial inspector).
 */
export function isProvinceWide(caller: DossierCaller): boolean {
  return (
    caller.roles.includes('administrator') || (caller.agencyCode === null && caller.roles.includes('auditor'))
  );
}

function check(
  caller: DossierCaller,
  state: DossierState,
  grants: readonly Grant[],
  holdsNamedStep: boolean,
  what: { readonly en: string; readonly vi: string },
): void {
  const relation = relationOf(state, caller.agencyCode);
  const mine = grants.filter((g) => caller.roles.includes(g.role));
  if (mine.some((g) => g.when(relation, holdsNamedStep))) return;
  const dossier = state.dossierCode ?? state.intakeRef ?? 'this dossier';
  const byUnit = mine.length > 0 && mine.every((g) => g.mismatch === 'UNIT_MISMATCH');
  const who = caller.agencyCode ?? 'no unit or agency';
  const whoVi = caller.agencyCode ?? 'không thuộc đơn vị nào';
  throw dossierError(
    byUnit ? 'UNIT_MISMATCH' : 'AGENCY_MISMATCH',
    byUnit
      ? `You act for ${who}; dossier ${dossier} was received by ${state.receivingUnitCode ?? 'another unit'}, so you cannot ${what.en} it`
      : `You act for ${who}, which has no part in dossier ${dossier} that lets you ${what.en} it`,
    byUnit
      ? `Bạn thuộc ${whoVi}; hồ sơ ${dossier} do ${state.receivingUnitCode ?? 'đơn vị khác'} tiếp nhận nên bạn không được ${what.vi} hồ sơ này`
      : `Đơn vị của bạn (${whoVi}) không tham gia xử lý hồ sơ ${dossier} nên không được ${what.vi} hồ sơ này`,
  );
}
