import { Allow } from '@lien-thong/access';
import { METRICS, type Metrics } from '@lien-thong/platform';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

/**
 * GET /metrics (issue 23): Prometheus's text format, for administrators. A scraper sends
 * LIEN_THONG_METRICS_TOKEN as its bearer token instead: not an access token, it is served ahead of the
 * authentication middleware (create-api-app.ts) and never reaches this controller.
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Allow('administrator')
  @Get()
  @ApiOperation({
    summary: 'Metrics in Prometheus text format (administrators, or the scraper token)',
    description:
      'HTTP requests by route and status with latency, event-store appends, outbox backlog and age, webhook ' +
      'deliveries by outcome, stranded dossiers, steps overdue by agency, and the process (CPU, memory, ' +
      'event loop). A scraper sends LIEN_THONG_METRICS_TOKEN as its bearer token. See ' +
      'docs/operations.md#metrics.',
  })
  @ApiOkResponse({
    description: 'The metrics.',
    content: {
      'text/plain': {
        example: '# TYPE lien_thong_stranded_dossiers gauge\nlien_thong_stranded_dossiers{process="api"} 0\n',
      },
    },
  })
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
