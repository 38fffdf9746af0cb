import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiProperty } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';

/*
 * How a route's return value becomes the answer, without the route touching the platform's
 * response object: headers are set through Nest's HTTP adapter, the same on Express and Fastify.
 * This file and the problem filter are the only places that write response headers.
 */

/** `201 {eventIds, position}`: what every successful write answers. */
export class WriteAnswer {
  @ApiProperty({ description: 'ids of the stored events, in the order written', type: [String], format: 'uuid', example: ['0b6f4a1e-3c1d-4f7a-9a55-2f0a8c1d9e21'] })
  eventIds: string[];

  @ApiProperty({ description: 'global position the write reached, a decimal string; only its order means anything (pass it as minPosition to read your write)', pattern: '^\\d+$', example: '42' })
  position: string;
}

/** A write's outcome as the runner gives it; `replayed` becomes a header, not a field. */
export interface Replayable {
  replayed: boolean;
}

export const IDEMPOTENT_REPLAYED = 'Idempotent-Replayed';

/** Moves a write outcome's `replayed` flag into the `Idempotent-Replayed: true` header. */
@Injectable()
export class WriteAnswerInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map(({ replayed, ...answer }: Replayable & Record<string, unknown>) => {
        if (replayed) this.adapterHost.httpAdapter.setHeader(context.switchToHttp().getResponse(), IDEMPOTENT_REPLAYED, 'true');
        return answer;
      }),
    );
  }
}

/** A plain-text answer (a signed note, a PEM key, a Mermaid or DOT graph) with its media type. */
export class TextAnswer {
  constructor(
    readonly text: string,
    readonly mediaType: string,
  ) {}
}

/** Sends a `TextAnswer` as its text under its media type; any other answer passes unchanged. */
@Injectable()
export class TextAnswerInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!(answer instanceof TextAnswer)) return answer;
        this.adapterHost.httpAdapter.setHeader(context.switchToHttp().getResponse(), 'Content-Type', answer.mediaType);
        return answer.text;
      }),
    );
  }
}
