import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

export const IS_PUBLIC = 'ledger:public';
/** Marks a route that answers without a bearer token (health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Whether a route is public, per controller and handler: their decorators ran at import time, so the answer never changes. */
const publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

/** True for a route marked `@Public()` (on its handler or its controller), read through Nest's reflector once per route. */
export function isPublicRoute(reflector: Reflector, context: ExecutionContext): boolean {
  const handler = context.getHandler();
  const controller = context.getClass();
  let handlers = publicRoutes.get(controller);
  if (!handlers) publicRoutes.set(controller, (handlers = new WeakMap()));
  let isPublic = handlers.get(handler);
  if (isPublic === undefined) {
    isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) === true;
    handlers.set(handler, isPublic);
  }
  return isPublic;
}
