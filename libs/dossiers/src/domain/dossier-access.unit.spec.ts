import { assertMayAct, assertMayRead, relationOf, type DossierCaller } from './dossier-access';
import type { DossierActionType } from './dossier-actions';
import {
  COMMUNE,
  DESK,
  INSURANCE,
  OTHER,
  POLICE,
  parallel,
  received,
  refusedAtIntake,
} from '../testing/dossier-fixtures';
import { foldDossier } from '@lien-thong/dossier-model';

const caller = (agencyCode: string | null, ...roles: string[]): DossierCaller => ({ agencyCode, roles });
const desk = (unit: string) => caller(unit, 'reception-officer');
const officer = (agency: string) => caller(agency, 'agency-officer');
const head = (agency: string) => caller(agency, 'agency-head');

/** Received by DESK, transferred to COMMUNE (lead), `police-check` held by POLICE, `insurance` by INSURANCE. */
const inFlight = foldDossier(parallel);
const justReceived = foldDossier([received]);

const refused = (c: DossierCaller, type: DossierActionType, stepId?: string) => {
  try {
    assertMayAct(c, inFlight, { type, ...(stepId ? { stepId } : {}) });
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a domain error';
  }
};

describe('who may act on a dossier', () => {
  it("refuses another unit's desk every desk action with UNIT_MISMATCH, and lets the receiving desk take them", () => {
    for (const type of [
      'Transfer',
      'Withdraw',
      'ReceiveSupplement',
      'ReturnResult',
      'RateSatisfaction',
    ] as const) {
      expect(refused(desk(OTHER), type)).toBe('UNIT_MISMATCH');
      expect(refused(desk(DESK), type)).toBeNull();
    }
    expect(refused(desk(OTHER), 'StopProcessing')).toBe('UNIT_MISMATCH');
    expect(refused(desk(DESK), 'StopProcessing')).toBeNull();
  });

  it('lets only the holder of a step (or the lead agency) receive, complete, return or ask a supplement on it', () => {
    for (const type of ['ReceiveStep', 'CompleteStep', 'ReturnStep', 'RequestSupplement'] as const) {
      expect(refused(officer(POLICE), type, 'police-check')).toBeNull();
      expect(refused(officer(COMMUNE), type, 'police-check')).toBeNull(); // the lead
      expect(refused(officer(INSURANCE), type, 'police-check')).toBe('AGENCY_MISMATCH');
      expect(refused(officer(OTHER), type, 'police-check')).toBe('AGENCY_MISMATCH');
    }
  });

  it('refuses an agency head of an uninvolved agency the escalation, the stop and the apology', () => {
    expect(refused(head(OTHER), 'Escalate')).toBe('AGENCY_MISMATCH');
    expect(refused(head(POLICE), 'Escalate')).toBeNull();
    expect(refused(head(OTHER), 'StopProcessing')).toBe('AGENCY_MISMATCH');
    expect(refused(head(POLICE), 'StopProcessing')).toBeNull();
    expect(refused(head(OTHER), 'IssueApology')).toBe('AGENCY_MISMATCH');
    expect(refused(head(INSURANCE), 'IssueApology')).toBeNull();
  });

  // Decree 61/2018 art. 19; Circular 03/2025 form 04: signed by the head of the agency that caused the delay.
  it('lets only the head of an involved agency sign the apology: not its officers, not an administrator', () => {
    expect(refused(officer(INSURANCE), 'IssueApology')).toBe('AGENCY_MISMATCH');
    expect(refused(caller(null, 'administrator'), 'IssueApology')).toBe('AGENCY_MISMATCH');
    expect(refused(caller(null, 'administrator'), 'Escalate')).toBeNull();
  });

  it('refuses excluded phases and result-ready to strangers, and leaves coordinator-only actions to administrators', () => {
    expect(refused(officer(OTHER), 'StartExcludedPhase')).toBe('AGENCY_MISMATCH');
    expect(refused(desk(OTHER), 'EndExcludedPhase')).toBe('UNIT_MISMATCH');
    expect(refused(officer(POLICE), 'StartExcludedPhase')).toBeNull();
    expect(refused(officer(OTHER), 'MarkResultReady')).toBe('AGENCY_MISMATCH');
    expect(refused(officer(COMMUNE), 'MarkResultReady')).toBeNull();
    for (const type of [
      'MarkStepOverdue',
      'EraseApplicantData',
      'RequestApology',
      'SendStepReminder',
    ] as const) {
      expect(refused(head(COMMUNE), type)).not.toBeNull();
      expect(refused(caller(null, 'administrator'), type)).toBeNull();
    }
  });

  it('judges a caller with several roles by any of them', () => {
    expect(refused(caller(DESK, 'agency-officer', 'reception-officer'), 'Withdraw')).toBeNull();
    expect(refused(caller(OTHER, 'agency-officer', 'reception-officer'), 'Withdraw')).toBe('UNIT_MISMATCH');
  });
});

describe('who may read a dossier', () => {
  const reads = (c: DossierCaller, read: 'follow' | 'personal-data', state = inFlight) => {
    try {
      assertMayRead(c, state, read);
      return true;
    } catch {
      return false;
    }
  };

  it('shows the desk everything of its own dossiers and nothing of another unit', () => {
    expect(reads(desk(DESK), 'personal-data')).toBe(true);
    expect(reads(desk(OTHER), 'personal-data')).toBe(false);
    expect(reads(desk(OTHER), 'follow')).toBe(false);
  });

  it('lets participating agencies follow the dossier but never read its personal data', () => {
    expect(reads(officer(POLICE), 'follow')).toBe(true);
    expect(reads(officer(COMMUNE), 'follow')).toBe(true);
    expect(reads(officer(OTHER), 'follow')).toBe(false);
    expect(reads(officer(POLICE), 'personal-data')).toBe(false);
    // Before the transfer nobody but the desk takes part.
    expect(reads(officer(COMMUNE), 'follow', justReceived)).toBe(false);
  });

  it('lets a provincial inspector read everything, and an auditor of a unit only what its unit took part in', () => {
    expect(reads(caller(null, 'auditor'), 'personal-data')).toBe(true);
    expect(reads(caller(POLICE, 'auditor'), 'follow')).toBe(true);
    expect(reads(caller(OTHER, 'auditor'), 'follow')).toBe(false);
    expect(reads(caller(null, 'administrator'), 'personal-data')).toBe(true);
  });

  it('knows the intake that ended without a code by its receiving unit', () => {
    const intake = foldDossier([refusedAtIntake]);
    const unit = intake.receivingUnitCode!;
    expect(reads(desk(unit), 'personal-data', intake)).toBe(true);
    expect(reads(desk(OTHER), 'personal-data', intake)).toBe(false);
  });

  it('counts every agency ever handed a step as a participant, also after its step is done', () => {
    expect(relationOf(inFlight, COMMUNE)).toMatchObject({ lead: true, holder: false, participant: true });
    expect(relationOf(inFlight, POLICE)).toMatchObject({ holder: true, participant: true });
    expect(relationOf(inFlight, DESK)).toMatchObject({ desk: true, receivingUnit: true, participant: false });
    expect(inFlight.participantAgencyCodes).toEqual([COMMUNE, POLICE, INSURANCE]);
  });
});
