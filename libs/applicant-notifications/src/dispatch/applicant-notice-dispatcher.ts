import type { Pool } from 'pg';
import type { Clock } from '@lien-thong/contracts';
import type { AgencyDirectory } from '@lien-thong/agencies';
import {
  afterFailedAttempt,
  DEFAULT_BACKOFF,
  PollLoop,
  type BackoffPolicy,
} from '@lien-thong/agency-notifications';
import { vietnamIso, type BoundProcedures, type DossierCommandService } from '@lien-thong/dossiers';
import {
  applicantNoticeKey,
  type ApplicantNoticeChannel,
  type ApplicantNoticeNotSentReason,
  type DossierState,
} from '@lien-thong/dossier-model';
import type { ApplicantDetails, PersonalDataVault } from '@lien-thong/personal-data';
import { noticeMessage, type NoticeMessage, type NoticeNames } from '../notices/notice-message';
import type { NoticeDetails } from '../notices/notice-routes';
import { ApplicantNoticeOutbox, type ClaimedNotice } from '../outbox/applicant-notice-outbox';
import type { ApplicantNoticeSender } from '../senders/notice-sender.port';

/** Who records the notices (event metadata `actor.system`). */
export const APPLICANT_NOTICES_ACTOR = 'applicant-notifications';

export interface ApplicantNoticeDispatcherOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** How long a claim holds a row; longer than a sending takes (SMTP and gateway timeouts are 10 s). */
  readonly leaseMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  readonly log?: (message: string) => void;
}

export interface ApplicantNoticeDispatcherDeps {
  readonly pool: Pool;
  readonly dossiers: Pick<DossierCommandService, 'stateOf' | 'recordApplicantNotice'>;
  readonly vault: PersonalDataVault;
  readonly directory: AgencyDirectory;
  readonly procedures: Pick<BoundProcedures, 'definition'>;
  readonly clock: Clock;
  /** The configured channels (none: every notice is recorded as not sent, `no-channel-configured`). */
  readonly senders: readonly ApplicantNoticeSender[];
}

/** What happened to one channel of one notice in one attempt. */
type ChannelOutcome = 'recorded' | { readonly retry: string };

/**
 * Sends what the outbox says is owed to applicants (runs in the worker; several may run). For each
 * claimed notice it reads the stream it belongs to, then:
 * - the applicant's data erased: nothing is sent, `ApplicantNoticeNotSent` (personal-data-erased);
 * - no channel configured, or none the applicant has an address for: `ApplicantNoticeNotSent` once;
 * - otherwise each channel with an address (e-mail, text) not recorded yet is sent, and recorded as
 *   `ApplicantNotified` once the server or gateway has taken it; a refusal is recorded at once as
 *   `ApplicantNoticeNotSent` (delivery-failed), a transient failure is retried with backoff until the
 *   attempts or the age run out.
 * At least once: a dispatcher that dies between sending and recording sends again after its lease (the
 * notice id goes with the message, for the receiving end to recognise). It never records twice.
 */
export class ApplicantNoticeDispatcher {
  private readonly outbox: ApplicantNoticeOutbox;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly log: (message: string) => void;
  private readonly poll: PollLoop;

  constructor(
    private readonly deps: ApplicantNoticeDispatcherDeps,
    options: ApplicantNoticeDispatcherOptions = {},
  ) {
    this.outbox = new ApplicantNoticeOutbox(deps.pool);
    this.batchSize = options.batchSize ?? 10;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    this.poll = new PollLoop(() => this.dispatchDue(), {
      batchSize: this.batchSize,
      pollIntervalMs: this.pollIntervalMs,
      what: 'applicant notices: a round',
      log: this.log,
    });
  }

  /** The channels configured, for the start-up log. */
  get channels(): readonly ApplicantNoticeChannel[] {
    return this.deps.senders.map((s) => s.channel);
  }

  start(): void {
    this.poll.start();
  }

  async stop(): Promise<void> {
    await this.poll.stop();
    for (const sender of this.deps.senders) await sender.close?.();
  }

  /** One round: claims up to a batch of due notices and works each. Returns how many. */
  async dispatchDue(): Promise<number> {
    const claims = await this.outbox.claimDue(this.batchSize, this.leaseMs);
    await Promise.all(claims.map((claim) => this.work(claim)));
    return claims.length;
  }

  private async work(claim: ClaimedNotice): Promise<void> {
    try {
      const outcomes = await this.attempt(claim);
      const retries = outcomes.filter((o): o is { retry: string } => o !== 'recorded');
      if (retries.length === 0) {
        await this.outbox.done(claim);
        return;
      }
      // A transient failure on some channel: again later, or given up on each channel still owed.
      const next = afterFailedAttempt(
        this.backoff,
        claim.attempts,
        claim.createdAt,
        claim.claimedAt,
        this.random,
      );
      const error = retries.map((r) => r.retry).join('; ');
      if (next.next === 'retry') {
        await this.outbox.retryLater(claim, next.at.getTime() - claim.claimedAt.getTime(), error);
        return;
      }
      const given = next.because === 'max-attempts' ? `${claim.attempts} attempts` : 'too old';
      await this.attempt(claim, `${error} (gave up: ${given})`);
      await this.outbox.done(claim);
    } catch (error) {
      // The store or the vault failed: the lease brings the row back.
      this.log(`applicant notice ${claim.id}: ${messageOf(error)}; tried again after the lease`);
    }
  }

  /**
   * Sends on every channel the notice still owes, or (`giveUp` set) records each of them as not sent
   * with that reason instead of sending.
   */
  private async attempt(claim: ClaimedNotice, giveUp?: string): Promise<ChannelOutcome[]> {
    const state = await this.deps.dossiers.stateOf(claim.streamName);
    const notRecorded = (channel: ApplicantNoticeChannel | null) =>
      !state.applicantNotices.includes(applicantNoticeKey(claim.id, channel));
    const applicant = await this.applicantOf(state);
    if (applicant === 'erased')
      return [
        await this.notSent(claim, null, 'personal-data-erased', 'the applicant’s personal data is erased'),
      ];
    if (this.deps.senders.length === 0)
      return [
        await this.notSent(
          claim,
          null,
          'no-channel-configured',
          'no e-mail server or text gateway is configured',
        ),
      ];
    const reachable = this.deps.senders.filter((s) => nonEmpty(applicant?.[s.addressField]));
    if (reachable.length === 0)
      return [
        await this.notSent(
          claim,
          null,
          'no-contact',
          `the applicant gave no ${this.deps.senders.map((s) => s.addressField).join(' or ')}`,
        ),
      ];
    const message = await this.render(claim.details);
    const outcomes: ChannelOutcome[] = [];
    for (const sender of reachable) {
      if (!notRecorded(sender.channel)) continue;
      if (giveUp !== undefined) {
        outcomes.push(await this.notSent(claim, sender.channel, 'delivery-failed', giveUp));
        continue;
      }
      const result = await sender.send({
        noticeId: claim.id,
        to: applicant![sender.addressField]!,
        message,
        reference: referenceOf(claim.details),
      });
      if (result.ok) {
        await this.deps.dossiers.recordApplicantNotice(
          claim.streamName,
          {
            type: 'ApplicantNotified',
            data: {
              noticeId: claim.id,
              kind: claim.details.kind,
              channel: sender.channel,
              cause: { eventId: claim.eventId, eventType: claim.eventType },
              sentAt: this.now(),
              providerMessageId: result.providerMessageId,
            },
          },
          { system: APPLICANT_NOTICES_ACTOR },
        );
        outcomes.push('recorded');
      } else if (result.permanent) {
        outcomes.push(await this.notSent(claim, sender.channel, 'delivery-failed', result.error));
      } else {
        outcomes.push({ retry: `${sender.channel}: ${result.error}` });
      }
    }
    return outcomes;
  }

  /** The applicant's details; 'erased' when erased; null when the stream names none. */
  private async applicantOf(state: DossierState): Promise<ApplicantDetails | 'erased' | null> {
    if (state.applicantDataErased) return 'erased';
    if (state.applicantRef === null) return null;
    return this.deps.vault.open(state.applicantRef);
  }

  private async notSent(
    claim: ClaimedNotice,
    channel: ApplicantNoticeChannel | null,
    reason: ApplicantNoticeNotSentReason,
    detail: string,
  ): Promise<'recorded'> {
    await this.deps.dossiers.recordApplicantNotice(
      claim.streamName,
      {
        type: 'ApplicantNoticeNotSent',
        data: {
          noticeId: claim.id,
          kind: claim.details.kind,
          channel,
          cause: { eventId: claim.eventId, eventType: claim.eventType },
          reason,
          detail,
          at: this.now(),
        },
      },
      { system: APPLICANT_NOTICES_ACTOR },
    );
    if (reason === 'delivery-failed')
      this.log(`applicant notice ${claim.id} (${channel}) not sent: ${detail}`);
    return 'recorded';
  }

  private async render(details: NoticeDetails): Promise<NoticeMessage> {
    const directory = await this.deps.directory.snapshot();
    const names: NoticeNames = {
      agency: (code) => {
        const agency = directory.get(code);
        return agency ? { vi: agency.name.vi, en: agency.name.en ?? agency.name.vi } : { vi: code, en: code };
      },
      procedure: await this.procedureName(details),
    };
    return noticeMessage(details, names);
  }

  private async procedureName(details: NoticeDetails): Promise<NoticeNames['procedure']> {
    const procedure = 'procedure' in details ? details.procedure : null;
    if (!procedure || procedure.version === null) return null;
    try {
      const { name } = await this.deps.procedures.definition(procedure.code, procedure.version);
      return { vi: name.vi, en: name.en ?? name.vi };
    } catch {
      return null; // The code alone is printed.
    }
  }

  private now(): string {
    return vietnamIso(this.deps.clock.now());
  }
}

function referenceOf(details: NoticeDetails): string {
  return 'reference' in details ? details.reference : details.dossierCode;
}

function nonEmpty(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
