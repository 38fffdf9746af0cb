import { Controller, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../../access/public.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { ReadRoute } from '../../http/openapi/routes';
import { diskState } from '../../operations/disk-space';
import { LedgerLagProbe } from '../../operations/ledger-lag';
import { problem, ProblemError } from '../../problems';

export class HealthAnswer {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ description: 'the event store in use', example: 'sqlite' })
  store: string;

  @ApiProperty({ description: 'position of the last stored event; null for an empty ledger', type: String, nullable: true, example: '42' })
  position: string | null;
}

export class LiveAnswer {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}

export class FollowerReadiness {
  @ApiProperty({ description: 'how long the oldest event this follower has not folded has waited, in seconds (0: caught up)', example: 0 })
  lagSeconds: number;
}

export class ReadyAnswer extends HealthAnswer {
  @ApiProperty({ description: 'the provenance projections', type: FollowerReadiness })
  projections: FollowerReadiness;

  @ApiProperty({ description: 'the Merkle log', type: FollowerReadiness })
  merkle: FollowerReadiness;

  @ApiProperty({ description: 'free bytes in the data directory', example: 52_428_800_000 })
  freeBytes: number;
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly lag: LedgerLagProbe,
  ) {}

  @Public()
  @ReadRoute({ path: 'health', summary: 'the store in use and its position, 503 when the store or the disk cannot take writes; no token needed', public: true, answer: { type: HealthAnswer } })
  async health(): Promise<HealthAnswer> {
    const head = await this.store.headPosition();
    const disk = await diskState(this.config.dataDir, this.config.minFreeBytes);
    if (!disk.writable) throw notReady([disk.problem as string]);
    return { status: 'ok', store: this.store.engine, position: head === null ? null : head.toString() };
  }

  @Public()
  @ReadRoute({ path: 'health/live', summary: 'liveness: the process answers (nothing else is checked); no token needed', public: true, answer: { type: LiveAnswer } })
  live(): LiveAnswer {
    return { status: 'ok' };
  }

  @Public()
  @ReadRoute({
    path: 'health/ready',
    summary: 'readiness: the store answers, the projections and the Merkle log are within LEDGER_READY_MAX_LAG_SECONDS, the data directory is writable; no token needed',
    public: true,
    answer: { type: ReadyAnswer },
  })
  async ready(): Promise<ReadyAnswer> {
    const problems: string[] = [];
    const [lag, disk] = await Promise.all([
      // One event per follower is enough for the age of the oldest it has not folded.
      this.lag.measure(1).catch((error: Error) => {
        problems.push(`the event store does not answer: ${error.message}`);
        return null;
      }),
      diskState(this.config.dataDir, this.config.minFreeBytes),
    ]);
    if (!disk.writable) problems.push(disk.problem as string);
    for (const follower of ['projections', 'merkle'] as const) {
      const seconds = lag?.[follower].seconds ?? 0;
      if (seconds > this.config.readyMaxLagSeconds) problems.push(`the ${follower === 'merkle' ? 'Merkle log' : 'provenance projections'} lag ${seconds.toFixed(1)} s behind the log (limit ${this.config.readyMaxLagSeconds} s)`);
    }
    if (problems.length > 0 || lag === null) throw notReady(problems);
    return {
      status: 'ok',
      store: this.store.engine,
      position: lag.head === null ? null : lag.head.toString(),
      projections: { lagSeconds: lag.projections.seconds },
      merkle: { lagSeconds: lag.merkle.seconds },
      freeBytes: disk.freeBytes,
    };
  }
}

function notReady(problems: string[]): ProblemError {
  return new ProblemError(problem('not-ready', problems.join('; ')));
}
