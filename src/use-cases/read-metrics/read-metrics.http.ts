import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../access/public.decorator';
import { AnswerHeaders, ResponseHeaders } from '../../http/answers';
import { ReadRoute } from '../../http/openapi/routes';
import { LedgerMetrics } from '../../operations/ledger-metrics';

/** For Prometheus: no token (scrapers rarely carry one); it names routes and problem codes, never parties or lots. */
@ApiTags('health')
@Controller()
export class ReadMetricsRoute {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Public()
  @ReadRoute({
    path: 'metrics',
    summary: 'metrics in Prometheus text format: requests, appends, follower lag, checkpoint age, replays, problems by code; no token needed',
    public: true,
    answer: {
      content: {
        'text/plain': {
          schema: { type: 'string' },
          example: '# HELP ledger_follower_lag_events events of the log a follower has not folded yet\n# TYPE ledger_follower_lag_events gauge\nledger_follower_lag_events{follower="projections"} 0\n',
        },
      },
    },
  })
  async readMetrics(@AnswerHeaders() headers: ResponseHeaders): Promise<string> {
    headers.set('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
