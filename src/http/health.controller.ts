import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/public.decorator';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'liveness and the store in use; no token needed' })
  async health(): Promise<{ status: 'ok'; store: string; position: string | null }> {
    const head = await this.store.headPosition();
    return { status: 'ok', store: this.store.engine, position: head === null ? null : head.toString() };
  }
}
