import { CurrentPrincipal, Public, type Principal } from '@lien-thong/access';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { TEMPORAL_CONNECTION } from '@lien-thong/platform';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import type { Connection } from '@temporalio/client';
import { StrandedDossiers } from '@lien-thong/coordination';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import { HealthResponseDto, type DependencyHealth } from './health.response.dto';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly stranded: StrandedDossiers,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Whether the API and its dependencies answer: 200 up, 503 down',
    description:
      'Anyone gets `{ "status" }` and the HTTP status, for load balancers and monitors. An administrator ' +
      "(with a bearer token) also gets each dependency's status, latency and error, the event store's " +
      "kind, Temporal's address and the stranded dossiers: details that would help an attacker map the " +
      'deployment, so they are not public.',
  })
  @ApiOkResponse({
    type: HealthResponseDto,
    description: 'Every dependency answers (the example is what an administrator sees).',
  })
  @ApiServiceUnavailableResponse({
    type: HealthResponseDto,
    description:
      'At least one dependency is down. The example is what anyone sees; an administrator gets the ' +
      "details, with the failed dependency's error.",
    example: { status: 'down' },
  })
  async health(@Res() res: Response, @CurrentPrincipal() principal?: Principal): Promise<void> {
    const administrator = principal?.roles.includes('administrator') === true;
    const [[postgres, eventStore, temporal], strandedDossiers] = await Promise.all([
      this.dependencies() as Promise<[DependencyHealth, DependencyHealth, DependencyHealth]>,
      administrator ? this.countStrandedDossiers() : null,
    ]);
    const status = [postgres, eventStore, temporal].every((d) => d.status === 'up') ? 'up' : 'down';
    const body: HealthResponseDto = administrator
      ? {
          status,
          dependencies: {
            postgres,
            eventStore: { ...eventStore, kind: this.config.eventStoreUrl ? 'eventstoredb' : 'postgres' },
            temporal: { ...temporal, address: this.config.temporalAddress },
          },
          coordination: { strandedDossiers },
        }
      : { status };
    res.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }

  @Public()
  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process answers (200), whatever its dependencies do',
    description:
      'For an orchestrator deciding whether to restart the process: a dependency that is down is a ' +
      'reason to stop sending traffic (readiness), not to restart.',
  })
  @ApiOkResponse({ description: 'The process answers.', example: { status: 'up' } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when PostgreSQL, the event store and Temporal answer, else 503',
    description: 'For a load balancer: send traffic only while this says ready. Status only, for anyone.',
  })
  @ApiOkResponse({ description: 'Ready.', example: { status: 'up' } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down.', example: { status: 'down' } })
  async ready(@Res() res: Response): Promise<void> {
    const status = (await this.dependencies()).every((d) => d.status === 'up') ? 'up' : 'down';
    res.status(status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status });
  }

  private dependencies(): Promise<DependencyHealth[]> {
    return Promise.all([
      check(async () => {
        await this.pool.query('SELECT 1');
      }),
      check(() => this.store.ping()),
      check(async () => {
        await this.temporal.ensureConnected();
        await this.temporal.workflowService.getSystemInfo({});
      }),
    ]);
  }

  /** The worker's stranded dossiers (see CoordinationHealth); null when unknown. Never fails the check. */
  private async countStrandedDossiers(): Promise<number | null> {
    return withinCheckTimeout(this.stranded.count()).catch(() => null);
  }
}

/** `work`, or a rejection naming the timeout if it has not answered within CHECK_TIMEOUT_MS. */
async function withinCheckTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(probe: () => Promise<void>): Promise<DependencyHealth> {
  const started = Date.now();
  try {
    await withinCheckTimeout(probe());
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
