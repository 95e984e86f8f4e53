import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { ChangeNotifier } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import { tracingError } from '../shared/tracing-errors';

/** Streams one caller may hold open at once (a console tab each, a few tabs). */
export const MAX_STREAMS_PER_CALLER = 5;

/**
 * The agency inbox's changes as they are committed: the projection announces the agencies whose inbox
 * it changed (agency-inbox.projection.ts, on the channel `agency_inbox_channel()`), and this one LISTEN
 * connection of the API process passes each on to the streams of those agencies. Open only while a
 * stream is; after a lost connection every stream is told "changed" (something may have been missed).
 */
@Injectable()
export class InboxChanges implements OnModuleDestroy {
  private readonly logger = new Logger('InboxChanges');
  private readonly notifier: ChangeNotifier;
  private readonly streams = new Map<string, number>();
  /** Each watch's end, called when the process shuts down (an open stream would hold it up). */
  private readonly endings = new Set<() => void>();

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    this.notifier = new ChangeNotifier(pool, config.databaseUrl, (m) => this.logger.warn(m), {
      channelSql: 'SELECT agency_inbox_channel() AS channel',
      what: 'agency inbox',
    });
  }

  /**
   * Calls `changed` each time `agencyCode`'s inbox changes (several changes close together once,
   * `coalesceMs` after the first), and after a reconnection; `ended` when the process shuts down.
   * Returns the function that stops it.
   */
  watch(agencyCode: string, changed: () => void, ended: () => void, coalesceMs = 200): () => void {
    let pending: NodeJS.Timeout | undefined;
    const stop = this.notifier.add((payload) => {
      if (payload !== undefined && payload !== '*' && !payload.split(',').includes(agencyCode)) return;
      pending ??= setTimeout(() => {
        pending = undefined;
        changed();
      }, coalesceMs);
    });
    this.endings.add(ended);
    return () => {
      clearTimeout(pending);
      this.endings.delete(ended);
      stop();
    };
  }

  /** Counts a caller's open stream; 429 beyond MAX_STREAMS_PER_CALLER. Returns its release. */
  open(caller: string): () => void {
    const held = this.streams.get(caller) ?? 0;
    if (held >= MAX_STREAMS_PER_CALLER)
      throw tracingError(
        'INBOX_STREAMS_EXCEEDED',
        `${caller} already holds ${held} inbox streams; close one first`,
        `Tài khoản ${caller} đang mở ${held} luồng cập nhật hộp việc; hãy đóng bớt`,
      );
    this.streams.set(caller, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.streams.get(caller) ?? 1) - 1;
      if (left > 0) this.streams.set(caller, left);
      else this.streams.delete(caller);
    };
  }

  onModuleDestroy(): void {
    for (const end of [...this.endings]) end();
    this.notifier.close();
  }
}
