import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../domain/commands';

export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The party on whose authority the request runs, as the auth guard found it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});
