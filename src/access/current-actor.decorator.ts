import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../domain/commands';

export interface AuthenticatedRequest {
  actor?: Actor;
  /** The presented bearer token; kept only for the duration of the request. */
  bearer?: string;
}

/** The party on whose authority the request runs, as the auth guard found it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});

/** The bearer token the request was authenticated with (the admin's, to seal a new party's key for a replay). */
export const CurrentBearer = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().bearer ?? '';
});
