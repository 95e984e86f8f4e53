import { dossierError, dossierNotFound, intakeNotFound } from '../domain/dossier-errors';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ID_GENERATOR, type Clock, type IdGenerator } from '@lien-thong/contracts';
import {
  EVENT_STORE,
  WrongExpectedRevisionError,
  canonicalJson,
  type EventStore,
  type RecordedEvent,
} from '@lien-thong/event-store';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { FileRecords, resolveAttachments } from '@lien-thong/files';
import type { TimeBudget, WorkingTimeCalendar } from '@lien-thong/calendar';
import {
  apologyNoticeOf,
  countedLimit,
  supplementWindowOf,
  type ProcedureDefinition,
} from '@lien-thong/procedures';
import {
  assertMayAct,
  assertPhaseIdForPeople,
  decideDossier,
  type DossierCommand,
  type Escalate,
  type RecordApplicantNotice,
} from '../domain/index';
import type { ActionContext, ActionResult, DossierAction } from '../domain/dossier-actions';
import { BoundProcedures } from './bound-procedures';
import { DossierCalendar, isWithinWorkingHours, noticeDeadline, statutoryDueAt } from './dossier-calendar';
import { ms, vietnamIso } from './instants';
import { requiredRole } from './routing';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '@lien-thong/personal-data';
import {
  DOSSIER_EVENT_SCHEMA_VERSION,
  type DossierEvent,
  type DossierState,
  type StepDeadline,
  type PostalShipmentUpdatedData,
  clockExclusions,
  dossierStream,
  evolveDossier,
  initialDossierState,
  intakeStream,
} from '@lien-thong/dossier-model';

/**
 * Runs an action on a dossier: load the stream, compute what needs the calendar from the procedure
 * version the dossier is bound to, decide, append with the revision read. Two officers acting at
 * once: one append wins, the other gets a 409 and nothing of theirs is written. Used by the HTTP API
 * and by the coordination workflow's activities alike.
 */
@Injectable()
export class DossierCommandService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly procedures: BoundProcedures,
    private readonly calendars: DossierCalendar,
    private readonly files: FileRecords,
  ) {}

  async load(dossierCode: string): Promise<{ state: DossierState; revision: number }> {
    const { state, revision } = await this.loadWithEvents(dossierCode);
    return { state, revision };
  }

  /** The dossier as recorded, with its events: pass it to `execute` to act on exactly what was read. */
  async loadWithEvents(dossierCode: string): Promise<LoadedDossier> {
    const events = await this.store.readStream(dossierStream(dossierCode));
    const state = foldRecorded(events);
    const revision = events.length === 0 ? null : events[events.length - 1]!.revision;
    if (revision === null || state.status === 'new') throw dossierNotFound(dossierCode);
    return { state, revision, events };
  }

  /**
   * Without `expectedRevision` (no If-Match) the caller acts on the dossier as it is: when another
   * append lands between our read and our write (the coordinator handing off a parallel branch, say),
   * the action is decided again on the new state, a few times, instead of failing with a 409. The
   * decider judges it afresh each time, so nothing is applied that the new state does not allow.
   */
  async execute(
    dossierCode: string,
    action: DossierAction,
    context: ActionContext,
    /** The dossier just read by the caller (saves a read); a race reads it again. */
    loaded?: LoadedDossier,
  ): Promise<ActionResult> {
    return (await this.executeAndFold(dossierCode, action, context, loaded)).result;
  }

  /**
   * `execute`, also giving the dossier's state right after what it recorded (or as read, when it recorded
   * nothing): exactly the state a read just after the append would have given, had nobody else appended
   * since. The coordinator plans its next step on it instead of reading the stream again.
   */
  async executeAndFold(
    dossierCode: string,
    action: DossierAction,
    context: ActionContext,
    loaded?: LoadedDossier,
  ): Promise<{ result: ActionResult; state: DossierState }> {
    return againOnRace(
      (attempt) => this.executeOnce(dossierCode, action, context, attempt === 1 ? loaded : undefined),
      context.expectedRevision === undefined,
    );
  }

  private async executeOnce(
    dossierCode: string,
    action: DossierAction,
    context: ActionContext,
    loaded: LoadedDossier | undefined,
  ): Promise<{ result: ActionResult; state: DossierState }> {
    const { state, revision, events: history } = loaded ?? (await this.loadWithEvents(dossierCode));
    // The caller against this dossier first (deny by default), before anything is answered or decided.
    if (context.caller) {
      assertMayAct(context.caller, state, {
        type: action.type,
        ...('stepId' in action ? { stepId: action.stepId } : {}),
      });
      if (action.type === 'StartExcludedPhase' || action.type === 'EndExcludedPhase')
        assertPhaseIdForPeople(action.phaseId);
    }
    if (context.idempotencyKey !== undefined) {
      const applied = appliedUnder(history, context.idempotencyKey, context.requestFingerprint);
      if (applied.length > 0) {
        // The first answer again: the revision and status right after the events it recorded.
        const at = applied[applied.length - 1]!.revision;
        const then = foldRecorded(history.filter((e) => e.revision <= at));
        return {
          result: {
            dossierCode,
            recorded: applied.map((e) => e.type),
            revision: at,
            status: then.status,
            alreadyApplied: true,
          },
          state,
        };
      }
    }
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision)
      throw dossierError(
        'DOSSIER_CHANGED',
        `Dossier ${dossierCode} is at revision ${revision}, not ${context.expectedRevision}: someone else acted on it; reload and try again`,
        `Hồ sơ ${dossierCode} vừa được người khác cập nhật (phiên bản ${revision}); hãy tải lại rồi thực hiện lại`,
      );
    const now = this.clock.now().getTime();
    const command = await this.toCommand(state, action, now, context);
    const events = decideDossier(command, state);
    if (action.type === 'EraseApplicantData' && events.length > 0) {
      // Keys first: a crash after this and before the append is finished by a retry (erase is idempotent).
      await this.vault.erase(dossierCode);
      // The copy sealed before the dossier had a code, under its intake reference: an online filing's or
      // a postal pick-up's applicant, kept for the desk's check (issue 24).
      if (state.intakeRef !== null && state.intakeRef !== dossierCode)
        await this.vault.erase(state.intakeRef);
    }
    if (events.length === 0)
      return { result: { dossierCode, recorded: [], revision, status: state.status }, state };
    const result = await this.append(dossierStream(dossierCode), events, revision, vietnamIso(now), context, {
      en: `Dossier ${dossierCode} changed while this action was being recorded: nothing was written; reload and try again`,
      vi: `Hồ sơ ${dossierCode} vừa được người khác cập nhật; thao tác chưa được ghi nhận, hãy thực hiện lại`,
    });
    const next = events.reduce((s, e) => evolveDossier(s, e), state);
    return {
      result: { dossierCode, recorded: events.map((e) => e.type), revision: result, status: next.status },
      state: next,
    };
  }

  /**
   * Erases the applicant's personal data of an intake that ended without a code (supplement requested
   * at intake, refused): its data key in the vault first, then `ApplicantDataErased` in `intake-<ref>`.
   * Administrators only (the HTTP layer), with a reason; a repeat is a 409 and changes nothing.
   */
  async eraseIntakeApplicantData(
    intakeRef: string,
    reason: string,
    context: ActionContext,
  ): Promise<ActionResult> {
    const recorded = await this.record(
      intakeStream(intakeRef),
      (state) => {
        if (state.status === 'new') throw intakeNotFound(intakeRef);
        return { type: 'EraseApplicantData', reason, at: vietnamIso(this.clock.now()) };
      },
      context,
      {
        // Keys first: a crash after this and before the append is finished by a retry (erase is idempotent).
        beforeAppend: () => this.vault.erase(intakeRef),
        changed: {
          en: `Intake ${intakeRef} changed while its erasure was being recorded: nothing was written; try again`,
          vi: `Lượt tiếp nhận ${intakeRef} vừa thay đổi; thao tác chưa được ghi nhận, hãy thực hiện lại`,
        },
      },
    );
    return {
      dossierCode: intakeRef,
      recorded: recorded.events.map((e) => e.type),
      revision: recorded.revision,
      status: recorded.state.status,
    };
  }

  /** The state of a dossier or intake stream (status `new` when nothing was recorded in it). */
  async stateOf(stream: string): Promise<DossierState> {
    return foldRecorded(await this.store.readStream(stream));
  }

  /**
   * Records what the applicant notification sender did with a notice on one channel (issue 18, item
   * 11), in the stream of the event that made it owed: true when recorded now, false when it already
   * was. Another append landing meanwhile is decided again on the new state.
   */
  async recordApplicantNotice(
    stream: string,
    notice: RecordApplicantNotice['notice'],
    actor: ActionContext['actor'],
  ): Promise<boolean> {
    const recorded = await againOnRace(() =>
      this.record(stream, () => ({ type: 'RecordApplicantNotice', notice }), {
        actor,
        causationId: notice.data.cause.eventId,
      }),
    );
    return recorded.events.length > 0;
  }

  /** Records a postal shipment's status (issue 24): true when recorded now, false when it already was. */
  async recordPostalShipment(
    dossierCode: string,
    data: PostalShipmentUpdatedData,
    actor: ActionContext['actor'],
  ): Promise<boolean> {
    const recorded = await againOnRace(() =>
      this.record(dossierStream(dossierCode), () => ({ type: 'RecordPostalShipment', data }), { actor }),
    );
    return recorded.events.length > 0;
  }

  /**
   * The one path to the store for every decision on a dossier or intake stream: load the stream,
   * decide on its state, append at the revision read (`no_stream` for a new one); a concurrent append is
   * a 409 and writes nothing. The intake handlers call it on a new stream; actions (`execute`) add the
   * caller check, idempotency, If-Match, the dates the calendar gives, and a new decision on a race.
   */
  async record(
    stream: string,
    command: (state: DossierState) => DossierCommand,
    context: ActionContext,
    options: {
      readonly beforeAppend?: (events: readonly DossierEvent[]) => Promise<void>;
      readonly occurredAt?: string;
      readonly changed?: { readonly en: string; readonly vi: string };
    } = {},
  ): Promise<{ events: DossierEvent[]; revision: number; state: DossierState }> {
    const history = await this.store.readStream(stream);
    const before = foldRecorded(history);
    const events = decideDossier(command(before), before);
    if (events.length > 0) await options.beforeAppend?.(events);
    const read = history.length === 0 ? ('no_stream' as const) : history[history.length - 1]!.revision;
    const revision =
      events.length === 0
        ? read === 'no_stream'
          ? -1
          : read
        : await this.append(
            stream,
            events,
            read,
            options.occurredAt ?? vietnamIso(this.clock.now()),
            context,
            {
              en:
                options.changed?.en ??
                `${stream} changed while this was being recorded: nothing was written; try again`,
              vi:
                options.changed?.vi ??
                'Hồ sơ vừa được cập nhật; thao tác chưa được ghi nhận, hãy thực hiện lại',
            },
          );
    return { events, revision, state: events.reduce((s, e) => evolveDossier(s, e), before) };
  }

  /**
   * Appends decided events at the revision they were decided on, with the action's metadata; returns
   * the stream's next revision. A concurrent append is a 409 `DOSSIER_CHANGED` and writes nothing.
   */
  private async append(
    stream: string,
    events: readonly DossierEvent[],
    revision: number | 'no_stream',
    at: string,
    context: ActionContext,
    changed: { readonly en: string; readonly vi: string },
  ): Promise<number> {
    const correlationId = context.correlationId ?? this.ids.newId();
    try {
      const result = await this.store.appendToStream(
        stream,
        events.map((e) => ({
          id: this.ids.newId(),
          type: e.type,
          schemaVersion: DOSSIER_EVENT_SCHEMA_VERSION,
          data: e.data,
          metadata: {
            occurredAt: at,
            actor: context.actor,
            correlationId,
            ...(context.idempotencyKey !== undefined
              ? { causationId: causationOf(context.idempotencyKey, context.requestFingerprint) }
              : context.causationId
                ? { causationId: context.causationId }
                : {}),
          },
        })),
        revision,
      );
      return result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw dossierError('DOSSIER_CHANGED', changed.en, changed.vi);
      throw error;
    }
  }

  /**
   * Whose delay is escalated and to whom (issue 18, item 5): the caller's agency, or for the
   * coordinator and administrators the agency responsible (the last one found late, else a holder,
   * else the lead); the supervising agency is that agency's parent in the directory.
   */
  private async escalation(
    state: DossierState,
    action: Extract<DossierAction, { type: 'Escalate' }>,
    context: ActionContext,
  ): Promise<Pick<Escalate, 'type' | 'to' | 'toAgencyCode' | 'fromAgencyCode'>> {
    const from =
      context.actor.agencyCode ??
      state.overdue[state.overdue.length - 1]?.agencyCode ??
      Object.values(state.activeSteps)[0]?.holderAgencyCode ??
      state.processingAgencyCode;
    if (action.to === 'head') return { type: 'Escalate', to: 'head', fromAgencyCode: from };
    const parent = from === null ? undefined : (await this.agencies.snapshot()).get(from)?.parent;
    if (parent === undefined) {
      if (action.orHead) return { type: 'Escalate', to: 'head', fromAgencyCode: from };
      throw dossierError(
        'DOSSIER_NO_SUPERVISING_AGENCY',
        `The agency directory names no supervising agency for ${from ?? 'this dossier'}: escalate to its head instead`,
        `Danh mục cơ quan không có cơ quan cấp trên của ${from ?? 'hồ sơ này'}; hãy báo cáo người đứng đầu cơ quan`,
      );
    }
    if (action.toAgencyCode !== undefined && action.toAgencyCode !== parent)
      throw dossierError(
        'DOSSIER_ESCALATION_NOT_SUPERVISING',
        `${action.toAgencyCode} does not supervise ${from}: the directory names ${parent}`,
        `${action.toAgencyCode} không phải cơ quan cấp trên của ${from}; cơ quan cấp trên là ${parent}`,
      );
    return { type: 'Escalate', to: 'supervising-agency', toAgencyCode: parent, fromAgencyCode: from };
  }

  private async toCommand(
    state: DossierState,
    action: DossierAction,
    now: number,
    context: ActionContext,
  ): Promise<DossierCommand> {
    const at = vietnamIso(now);
    const procedure = state.procedure!;
    const definition = await this.procedures.definition(procedure.code, procedure.version);
    const calendar = await this.calendars.current();
    // The receiving unit's hours and cut-off count for the transfer and the statutory limit.
    const unitCalendar = await this.calendars.forUnit(state.receivingUnitCode);
    switch (action.type) {
      case 'Transfer': {
        const receivedAt = ms(state.receivedAt!);
        // Counter and post: the same working day, or the opening of the next one after the cut-off
        // (Decree 118/2025, art. 18 (3)); online and portal dossiers: within the working day.
        const atTheDesk = state.channel === 'counter' || state.channel === 'post';
        const dueBy = atTheDesk
          ? unitCalendar.transferDueBy(receivedAt)
          : unitCalendar.endOfWorkingDay(receivedAt);
        return {
          type: 'Transfer',
          fromUnitCode: state.receivingUnitCode!,
          toAgencyCode: action.toAgencyCode,
          at,
          dueBy: vietnamIso(dueBy),
        };
      }
      case 'HandOffStep': {
        await this.checkRole(definition, action.stepId, action.toAgencyCode, state);
        return {
          type: 'HandOffStep',
          stepId: action.stepId,
          fromAgencyCode: action.fromAgencyCode,
          toAgencyCode: action.toAgencyCode,
          at,
          deadline: vietnamIso(calendar.deadline(now, budgetOf(definition, action.stepId), STEP_COUNTING)),
        };
      }
      case 'ReceiveStep':
        return { type: 'ReceiveStep', stepId: action.stepId, agencyCode: action.agencyCode, at };
      case 'CompleteStep':
        return {
          type: 'CompleteStep',
          stepId: action.stepId,
          agencyCode: action.agencyCode,
          at,
          resultSummary: action.resultSummary,
          // Uploaded files of the agency acting, with their recorded metadata (422 / 403 otherwise).
          attachments: await resolveAttachments(this.files, action.attachments ?? [], action.agencyCode),
        };
      case 'ReturnStep':
        return {
          type: 'ReturnStep',
          stepId: action.stepId,
          agencyCode: action.agencyCode,
          toStepId: action.toStepId,
          reason: action.reason,
          at,
          deadline: vietnamIso(calendar.deadline(now, budgetOf(definition, action.toStepId), STEP_COUNTING)),
        };
      case 'RequestSupplement': {
        const held = state.activeSteps[action.stepId];
        const from = held?.receivedAt ? ms(held.receivedAt) : now;
        return {
          type: 'RequestSupplement',
          stepId: action.stepId,
          agencyCode: action.agencyCode,
          items: action.items,
          reason: action.reason,
          at,
          windowEndsAt: vietnamIso(
            calendar.deadline(from, supplementWindowOf(definition), { countingRule: 'civil-code' }),
          ),
        };
      }
      case 'ReceiveSupplement':
        return {
          type: 'ReceiveSupplement',
          at,
          ...this.clockAdjustment(
            state,
            definition,
            calendar,
            unitCalendar,
            now,
            state.routing?.supplementPolicy === 'restart',
          ),
        };
      case 'StartExcludedPhase':
        return { type: 'StartExcludedPhase', phaseId: action.phaseId, reason: action.reason, at };
      case 'EndExcludedPhase':
        return {
          type: 'EndExcludedPhase',
          phaseId: action.phaseId,
          at,
          ...this.clockAdjustment(state, definition, calendar, unitCalendar, now, false),
        };
      case 'MarkStepOverdue':
        return { type: 'MarkStepOverdue', stepId: action.stepId, detectedAt: at };
      case 'SendStepReminder':
        return {
          type: 'SendStepReminder',
          stepId: action.stepId,
          deadline: action.deadline,
          budgetShare: action.budgetShare,
          at,
        };
      case 'WarnStepLateness':
        return {
          type: 'WarnStepLateness',
          stepId: action.stepId,
          handedOffAt: action.handedOffAt,
          probability: action.probability,
          threshold: action.threshold,
          basis: action.basis,
          at,
        };
      case 'RequestApology':
        return {
          type: 'RequestApology',
          agencyCodes: action.agencyCodes,
          at,
          // The agency must have sent its letter by the notice before the appointment it cannot keep.
          respondBy: vietnamIso(
            state.appointmentAt === null
              ? now
              : noticeDeadline(unitCalendar, ms(state.appointmentAt), apologyNoticeOf(definition)),
          ),
        };
      case 'RecomputeDeadlines':
        return {
          type: 'RecomputeDeadlines',
          cause: action.cause,
          at,
          ...this.clockAdjustment(state, definition, calendar, unitCalendar, now, false),
        };
      case 'IssueApology': {
        // Signed by the head of the agency responsible (the access check let only its agency-head
        // through); form 04 carries the head's name and title as the directory gives them.
        const head = (await this.agencies.snapshot()).get(action.agencyCode)?.head;
        const appointment = ms(action.newAppointmentAt);
        return {
          type: 'IssueApology',
          agencyCode: action.agencyCode,
          reason: action.reason,
          newAppointmentAt: action.newAppointmentAt,
          signedBy: context.actor.personId ?? context.actor.system ?? action.agencyCode,
          signer: head ? { name: head.name, title: head.title } : null,
          newAppointmentOnWorkingDay: isWithinWorkingHours(unitCalendar, appointment),
          at,
          noticeDueBy: vietnamIso(
            noticeDeadline(unitCalendar, ms(state.appointmentAt!), apologyNoticeOf(definition)),
          ),
        };
      }
      case 'Escalate':
        return { ...(await this.escalation(state, action, context)), reason: action.reason, at };
      case 'StopProcessing':
        return {
          type: 'StopProcessing',
          reason: action.reason,
          requester: action.requester,
          legalGround: action.legalGround,
          at,
        };
      case 'Withdraw':
        return { type: 'Withdraw', reason: action.reason, at };
      case 'MarkResultReady':
        return { type: 'MarkResultReady', deskUnitCode: action.deskUnitCode, at };
      case 'ReturnResult':
        return { type: 'ReturnResult', channel: action.channel, at };
      case 'RateSatisfaction':
        return { type: 'RateSatisfaction', score: action.score, comment: action.comment, at };
      case 'EraseApplicantData':
        return { type: 'EraseApplicantData', reason: action.reason, at };
    }
  }

  /**
   * After a supplement or an excluded phase: the statutory due date and every active step's deadline,
   * moved by exactly the working time the clock stood still (pause), or counted again from now
   * (restart). After a holiday decision: the same dates counted again on the new calendar (unchanged
   * where the decision changes nothing). An apology's appointment stays; otherwise the appointment
   * follows the due date.
   */
  private clockAdjustment(
    state: DossierState,
    definition: ProcedureDefinition,
    calendar: WorkingTimeCalendar,
    unitCalendar: WorkingTimeCalendar,
    now: number,
    restart: boolean,
  ): { dueAt: string; appointmentAt?: string; stepDeadlines: StepDeadline[] } {
    const exclusions = restart ? [] : clockExclusions(state, now);
    const receivedAt = ms(state.receivedAt!);
    // Counting as at intake: from the receipt, or after a restart from the complete dossier, with the
    // procedure's counting rule either way (issue 18, item 6: a restart under the Civil Code rule
    // counts from the next working day); each step from its handoff or that restart.
    const restartedAt = restart
      ? now
      : state.clockStartedAt === null || state.clockStartedAt === state.receivedAt
        ? null
        : ms(state.clockStartedAt);
    const dueAt = vietnamIso(
      statutoryDueAt(
        unitCalendar,
        restartedAt ?? receivedAt,
        countedLimit(definition.statutoryLimit),
        definition.countingRule,
        exclusions,
      ),
    );
    const stepDeadlines = Object.values(state.activeSteps).map((step) => ({
      stepId: step.stepId,
      deadline: vietnamIso(
        calendar.deadline(
          Math.max(ms(step.handedOffAt), restartedAt ?? -Infinity),
          budgetOf(definition, step.stepId),
          { ...STEP_COUNTING, exclusions },
        ),
      ),
    }));
    return {
      dueAt,
      ...(state.reappointments > 0 ? { appointmentAt: state.appointmentAt! } : {}),
      stepDeadlines,
    };
  }

  /** A step whose owner was left open at intake goes only to an agency with the step's role. */
  private async checkRole(
    definition: ProcedureDefinition,
    stepId: string,
    toAgencyCode: string,
    state: DossierState,
  ): Promise<void> {
    const routed = state.routing?.steps.find((s) => s.id === stepId);
    if (!routed || routed.ownerAgencyCode !== null) return;
    const role = requiredRole(definition, stepId);
    if (role === null) return;
    const agency = (await this.agencies.snapshot()).get(toAgencyCode);
    if (!agency || !agency.roles.includes(role))
      throw dossierError(
        'STEP_OWNER_LACKS_ROLE',
        `Step "${stepId}" goes to an agency with the role "${role}"; ${toAgencyCode} does not have it`,
        `Bước "${stepId}" phải chuyển cho cơ quan có vai trò "${role}"; ${toAgencyCode} không có vai trò này`,
      );
  }
}

/**
 * Runs `once` again, a few times, when another append landed between its read and its write (409
 * `DOSSIER_CHANGED`): each attempt decides afresh on the new state. `mayRetry` false: the 409 stands.
 */
async function againOnRace<T>(once: (attempt: number) => Promise<T>, mayRetry = true): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(attempt);
    } catch (error) {
      const raced =
        mayRetry &&
        error instanceof DomainError &&
        error.code === 'DOSSIER_CHANGED' &&
        attempt < MAX_DECISION_ATTEMPTS;
      if (!raced) throw error;
    }
  }
}

export interface LoadedDossier {
  readonly state: DossierState;
  readonly revision: number;
  readonly events: readonly RecordedEvent[];
}

/** A stream's events folded into the dossier's state (as recorded: no upcasting needed yet). */
export function foldRecorded(events: readonly RecordedEvent[]): DossierState {
  return events.reduce(
    (s, e) => evolveDossier(s, { type: e.type, data: e.data } as DossierEvent),
    initialDossierState,
  );
}

/**
 * A caller's key, as stored: namespaced by who sent it (`request:<personId>:<key>`), so that it never
 * meets another caller's key or one of the coordinator's plain keys (`transfer`, `handoff:…`).
 */
export function requestIdempotencyKey(personId: string, key: string): string {
  return `request:${personId}:${key}`;
}

/** The request a caller's key was first used for: a digest of the action it asked for. */
export function requestFingerprint(action: DossierAction): string {
  return digest(action);
}

/** A short digest of a request (canonical JSON, so the order of a body's keys does not matter). */
export function digest(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url').slice(0, 22);
}

/** The stored causation id: the key, and after `#` the request's fingerprint when there is one. */
function causationOf(key: string, fingerprint: string | undefined): string {
  return fingerprint === undefined ? key : `${key}#${fingerprint}`;
}

/**
 * The events recorded under this key. The same key with another request's fingerprint is a 422: the
 * caller reused a key for a different action, and answering with the first result would hide that.
 */
function appliedUnder(
  history: readonly RecordedEvent[],
  key: string,
  fingerprint: string | undefined,
): readonly RecordedEvent[] {
  const prefix = `${key}#`;
  const applied = history.filter(
    (e) => e.metadata.causationId === key || e.metadata.causationId?.startsWith(prefix) === true,
  );
  const first = applied[0]?.metadata.causationId;
  if (first !== undefined && fingerprint !== undefined && first !== causationOf(key, fingerprint))
    throw dossierError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request on this dossier: use a new key for a new action',
      'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác trên hồ sơ này: hãy dùng khóa mới cho thao tác mới',
    );
  return applied;
}

/** Decisions retried on a race when the caller did not pin a revision (see `execute`). */
const MAX_DECISION_ATTEMPTS = 4;

/** Step budgets count from the handoff itself (short, internal periods: hours and fractions of days). */
const STEP_COUNTING = { countingRule: 'from-instant' } as const;

function budgetOf(definition: ProcedureDefinition, stepId: string): TimeBudget {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step)
    throw dossierError(
      'STEP_NOT_IN_PROCEDURE',
      `Procedure ${definition.code} has no step "${stepId}"`,
      `Thủ tục ${definition.code} không có bước "${stepId}"`,
    );
  return step.budget;
}
