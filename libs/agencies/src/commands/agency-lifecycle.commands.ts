import { agencyError, agencyNotFound } from '../domain/agency-errors';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@lien-thong/contracts';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  type EventMetadata,
  type EventStore,
} from '@lien-thong/event-store';
import { agencyCodeProblems } from '../domain/agency-code';
import {
  decideAgency,
  evolveAgency,
  initialAgencyState,
  type AgencyCommand,
  type AgencyState,
} from '../domain/agency-decider';
import { AGENCY_EVENT_SCHEMA_VERSION, agencyStream, type AgencyEvent } from '../domain/agency-events';
import { AgencyRetirements } from '../agency-retirements';

const decider = { initialState: initialAgencyState, decide: decideAgency, evolve: evolveAgency };

export class DeactivateAgency extends Command<{ code: string }> {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

/** The agency continues under a new code (e.g. provinces merged): registered there with its former codes. */
export class ReissueAgencyCode extends Command<{ from: string; to: string }> {
  constructor(
    readonly code: string,
    readonly newCode: string,
    readonly reason: string,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

abstract class AgencyLifecycleHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(ID_GENERATOR) protected readonly ids: IdGenerator,
    protected readonly retirements: AgencyRetirements,
  ) {}

  protected run(code: string, command: AgencyCommand, meta: { by: string; correlationId: string }) {
    return handleCommand<AgencyCommand, AgencyState, AgencyEvent>(
      this.store,
      agencyStream(code),
      decider,
      command,
      {
        schemaVersion: AGENCY_EVENT_SCHEMA_VERSION,
        newId: () => this.ids.newId(),
        metadata: this.metadata(meta),
      },
    );
  }

  private metadata(meta: { by: string; correlationId: string }): EventMetadata {
    return {
      occurredAt: this.clock.now().toISOString(),
      actor: { personId: meta.by },
      correlationId: meta.correlationId,
    };
  }
}

@CommandHandler(DeactivateAgency)
export class DeactivateAgencyHandler
  extends AgencyLifecycleHandler
  implements ICommandHandler<DeactivateAgency>
{
  async execute(c: DeactivateAgency): Promise<{ code: string }> {
    await this.run(c.code, { type: 'DeactivateAgency', reason: c.reason }, c);
    await this.retirements.announce({ code: c.code, successor: null });
    return { code: c.code };
  }
}

@CommandHandler(ReissueAgencyCode)
export class ReissueAgencyCodeHandler
  extends AgencyLifecycleHandler
  implements ICommandHandler<ReissueAgencyCode>
{
  async execute(c: ReissueAgencyCode): Promise<{ from: string; to: string }> {
    const problems = agencyCodeProblems(c.newCode).map((p) => ({
      path: 'newCode',
      code: p.code,
      message: p.message,
      messageVi: p.messageVi,
    }));
    if (problems.length)
      throw agencyError('AGENCY_CODE_INVALID', 'The new code is malformed', 'Mã mới không hợp lệ', problems);
    const old = await loadState<AgencyState, AgencyEvent>(this.store, agencyStream(c.code), decider);
    if (!old.state.profile) throw agencyNotFound(c.code);
    // The new code first: should the process die before the old stream is closed, running the same
    // reissue again finds the agency already registered under the new code and finishes the job.
    const next = await loadState<AgencyState, AgencyEvent>(this.store, agencyStream(c.newCode), decider);
    const continues = next.state.profile?.formerCodes?.includes(c.code) ?? false;
    if (next.state.profile && !continues) {
      throw agencyError(
        'AGENCY_CODE_TAKEN',
        `Code ${c.newCode} already belongs to another agency`,
        `Mã ${c.newCode} đã thuộc cơ quan khác`,
      );
    }
    if (old.state.successor !== c.newCode && !old.state.active) {
      throw agencyError(
        'AGENCY_INACTIVE',
        `Agency ${c.code} is no longer active`,
        `Cơ quan ${c.code} không còn hoạt động`,
      );
    }
    if (!next.state.profile) {
      const profile = {
        ...old.state.profile,
        code: c.newCode,
        formerCodes: [...(old.state.profile.formerCodes ?? []), c.code],
      };
      await this.run(c.newCode, { type: 'ImportAgency', profile, source: `reissue of ${c.code}` }, c);
    }
    await this.run(c.code, { type: 'ReissueAgencyCode', newCode: c.newCode, reason: c.reason }, c);
    // Also when the reissue was already recorded: repeating it finishes what a crash interrupted.
    await this.retirements.announce({ code: c.code, successor: c.newCode });
    return { from: c.code, to: c.newCode };
  }
}
