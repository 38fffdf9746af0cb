import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/*
 * How a route answers without touching the platform: it returns values, and sets a header through
 * `ResponseHeaders`, the one place that knows the platform's response object. (The problem filter
 * answers errors through Nest's HTTP adapter.)
 */

/** `201 {eventIds, position}`: what every successful write answers. */
export class WriteAnswer {
  @ApiProperty({ description: 'ids of the stored events, in the order written', type: [String], format: 'uuid', example: ['0b6f4a1e-3c1d-4f7a-9a55-2f0a8c1d9e21'] })
  eventIds: string[];

  @ApiProperty({ description: 'global position the write reached, a decimal string; only its order means anything (pass it as minPosition to read your write)', pattern: '^\\d+$', example: '42' })
  position: string;
}

export const IDEMPOTENT_REPLAYED = 'Idempotent-Replayed';

/** The headers of the answer being built. */
export class ResponseHeaders {
  constructor(private readonly response: { setHeader?: (name: string, value: string) => unknown; header?: (name: string, value: string) => unknown }) {}

  set(name: string, value: string): void {
    // Express's response (Node's ServerResponse) has setHeader; a Fastify reply has header.
    if (typeof this.response.setHeader === 'function') this.response.setHeader(name, value);
    else this.response.header?.(name, value);
  }
}

/** The answer's headers, as a route parameter. */
export const AnswerHeaders = createParamDecorator((_: unknown, context: ExecutionContext) => new ResponseHeaders(context.switchToHttp().getResponse()));

/** A write's outcome as the runner gives it: `replayed` becomes the `Idempotent-Replayed: true` header, not a field. */
export function writeAnswer<A extends { replayed: boolean }>({ replayed, ...answer }: A, headers: ResponseHeaders): Omit<A, 'replayed'> {
  if (replayed) headers.set(IDEMPOTENT_REPLAYED, 'true');
  return answer;
}
