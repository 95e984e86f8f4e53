import type { DossierCommand } from '../dossier-commands';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { evolveDossier, initialDossierState, type DossierState } from '@lien-thong/dossier-model';
import { receiveDossier, requestSupplementAtIntake, refuseAtIntake } from './intake.decider';
import { transfer, handOff, receiveStep, completeStep, returnStep } from './steps.decider';
import {
  requestSupplement,
  receiveSupplement,
  startExcludedPhase,
  endExcludedPhase,
  recomputeDeadlines,
} from './clock.decider';
import {
  markStepOverdue,
  sendStepReminder,
  warnStepLateness,
  requestApology,
  issueApology,
  escalate,
} from './lateness.decider';
import { stopProcessing, withdraw, markResultReady, returnResult } from './closing.decider';
import { rateSatisfaction, eraseApplicantData } from './after-closing.decider';
import { recordApplicantNotice, recordPostalShipment } from './applicant-notices.decider';

/**
 * The rules of the dossier lifecycle (domain.md), as a pure function: no clock, no calendar, no I/O.
 * Throws a DomainError (codes in dossier-errors.ts) when a rule refuses the command; returns the
 * events to append otherwise. An empty list means the command was already applied (idempotent
 * acknowledgements, repeated overdue detection): nothing to write.
 */
export function decideDossier(command: DossierCommand, state: DossierState): DossierEvent[] {
  switch (command.type) {
    case 'ReceiveDossier':
      return receiveDossier(command, state);
    case 'RequestSupplementAtIntake':
      return requestSupplementAtIntake(command, state);
    case 'RefuseAtIntake':
      return refuseAtIntake(command, state);
    case 'Transfer':
      return transfer(command, state);
    case 'HandOffStep':
      return handOff(command, state);
    case 'ReceiveStep':
      return receiveStep(command, state);
    case 'CompleteStep':
      return completeStep(command, state);
    case 'ReturnStep':
      return returnStep(command, state);
    case 'RequestSupplement':
      return requestSupplement(command, state);
    case 'ReceiveSupplement':
      return receiveSupplement(command, state);
    case 'StartExcludedPhase':
      return startExcludedPhase(command, state);
    case 'EndExcludedPhase':
      return endExcludedPhase(command, state);
    case 'MarkStepOverdue':
      return markStepOverdue(command, state);
    case 'SendStepReminder':
      return sendStepReminder(command, state);
    case 'WarnStepLateness':
      return warnStepLateness(command, state);
    case 'RequestApology':
      return requestApology(command, state);
    case 'RecomputeDeadlines':
      return recomputeDeadlines(command, state);
    case 'IssueApology':
      return issueApology(command, state);
    case 'Escalate':
      return escalate(command, state);
    case 'StopProcessing':
      return stopProcessing(command, state);
    case 'Withdraw':
      return withdraw(command, state);
    case 'MarkResultReady':
      return markResultReady(command, state);
    case 'ReturnResult':
      return returnResult(command, state);
    case 'RateSatisfaction':
      return rateSatisfaction(command, state);
    case 'EraseApplicantData':
      return eraseApplicantData(command, state);
    case 'RecordApplicantNotice':
      return recordApplicantNotice(command, state);
    case 'RecordPostalShipment':
      return recordPostalShipment(command, state);
  }
}

/** Shaped like the event store's `Decider`, so `handleCommand(store, stream, dossierDecider, ...)` works. */
export const dossierDecider = {
  initialState: initialDossierState,
  decide: decideDossier,
  evolve: evolveDossier,
};
