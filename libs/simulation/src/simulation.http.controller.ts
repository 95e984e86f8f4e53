import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, requirePrincipal, type Principal } from '@lien-thong/access';
import { REPORT_READERS, reportScope } from '@lien-thong/reports';
import { parseSimulationRequest, parseWhatIfRequest } from './domain/simulation-request';
import { simulationError } from './simulation.errors';
import { ProcedureSimulationService, type SimulationResponse } from './simulate/procedure-simulation.service';
import { WhatIfService } from './what-if/what-if.service';

const simulationExample = {
  definition: 'draft',
  compareWith: 'published',
  dossiers: 2000,
  seed: 1,
  firstDay: '2026-01-05',
  history: { from: '2025-09-01', to: '2025-11-30' },
  capacity: { '000.00.72.H29': 3 },
};

const whatIfExample = {
  period: { from: '2025-04-01', to: '2025-05-31' },
  procedure: ['1.001193'],
  calendar: { daysOff: [{ date: '2025-05-05', reason: 'Nghỉ bù (giả định)' }] },
  rules: { '1.001193': { steps: { 'register-residence': { unit: 'workingDays', amount: 0.5 } } } },
  limit: 100,
};

/**
 * Simulation and what-if (issue 21, docs/simulation.md): a forecast for a draft or a version before it is
 * published, and the recorded dossiers judged again under another calendar or other budgets.
 */
@ApiTags('simulation')
@Controller()
export class SimulationHttpController {
  constructor(
    private readonly simulations: ProcedureSimulationService,
    private readonly whatIf: WhatIfService,
  ) {}

  @Allow('procedure-designer', 'administrator', 'provincial-leader')
  @Post('procedures/:code/simulate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Simulate a version or the draft on the real calendar with step times learnt from the record: on-time share, processing time p50/p90, late steps by agency, queues, the bottleneck; compareWith runs another definition on the same arrivals; targetOnTimeShare plans capacities (docs/simulation.md)',
  })
  @ApiBody({ schema: { type: 'object', example: simulationExample } })
  simulate(
    @Param('code') code: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SimulationResponse> {
    const parsed = parseSimulationRequest(body);
    if (!parsed.ok)
      throw simulationError(
        'SIMULATION_REQUEST_INVALID',
        `The simulation request is not valid: ${parsed.problems.map((p) => `${p.path || 'body'}: ${p.message}`).join('; ')}`,
        'Yêu cầu mô phỏng không hợp lệ',
        parsed.problems,
      );
    // A caller that goes away stops a long simulation at its next slice.
    const stop = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) stop.abort();
    });
    return this.simulations.simulate(code, parsed.value, stop.signal);
  }

  @Allow(...REPORT_READERS)
  @Post('what-if')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Replay the recorded dossiers of a period under another holiday calendar or other budgets, writing nothing: the dossiers whose due date, outcome or responsible agencies change, and the totals; Accept: application/x-ndjson streams progress lines (docs/simulation.md#what-if)',
  })
  @ApiProduces('application/json', 'application/x-ndjson')
  @ApiBody({ schema: { type: 'object', example: whatIfExample } })
  async replay(
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() who?: Principal,
  ): Promise<void> {
    const parsed = parseWhatIfRequest(body);
    if (!parsed.ok)
      throw simulationError(
        'SIMULATION_REQUEST_INVALID',
        `The what-if request is not valid: ${parsed.problems.map((p) => `${p.path || 'body'}: ${p.message}`).join('; ')}`,
        'Yêu cầu phân tích giả định không hợp lệ',
        parsed.problems,
      );
    const r = parsed.value;
    const scope = reportScope(requirePrincipal(who), {
      from: r.period.from,
      to: r.period.to,
      filters: {
        ...(r.unit ? { unit: r.unit } : {}),
        ...(r.agency ? { agency: r.agency } : {}),
        ...(r.procedure ? { procedure: r.procedure } : {}),
      },
      groupBy: [],
      timeGrain: null,
      page: { limit: 0, offset: 0 },
    });
    const lines = await this.whatIf.prepare(r, scope);
    // A client that goes away stops the replay (the cursor is closed as the loop ends).
    let gone = false;
    res.on('close', () => (gone = true));
    if ((req.headers.accept ?? '').includes('application/x-ndjson')) {
      res.status(200).setHeader('content-type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      try {
        for await (const line of lines) {
          if (gone) break;
          if (!res.write(`${JSON.stringify(line)}\n`))
            await new Promise((resolve) => {
              res.once('drain', resolve);
              res.once('close', resolve);
            });
        }
      } catch (error) {
        // Headers are gone: the failure is the stream's last line.
        if (!gone)
          res.write(
            `${JSON.stringify({ type: 'error', message: error instanceof Error ? error.message : String(error) })}\n`,
          );
      }
      res.end();
      return;
    }
    const changes: unknown[] = [];
    let totals: unknown = null;
    for await (const line of lines) {
      if (gone) return;
      if (line.type === 'change') changes.push(line.change);
      else if (line.type === 'totals') totals = line.totals;
    }
    res.status(200).json({ period: r.period, totals, changes });
  }
}
