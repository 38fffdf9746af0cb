import { Controller, Inject } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../../access/public.decorator';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { ReadRoute } from '../../http/openapi/routes';

export class HealthAnswer {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ description: 'the event store in use', example: 'sqlite' })
  store: string;

  @ApiProperty({ description: 'position of the last stored event; null for an empty ledger', type: String, nullable: true, example: '42' })
  position: string | null;
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Public()
  @ReadRoute({ path: 'health', summary: 'liveness and the store in use; no token needed', public: true, answer: { type: HealthAnswer } })
  async health(): Promise<HealthAnswer> {
    const head = await this.store.headPosition();
    return { status: 'ok', store: this.store.engine, position: head === null ? null : head.toString() };
  }
}
