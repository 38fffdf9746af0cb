import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem, ProblemError } from '../problems';
import { bearerDigestOf, type BearerRequest } from './bearer-digest';
import { isPublicRoute } from './public.decorator';
import { SlidingWindowLimiter } from './sliding-window-limiter';

/** The limit the guard applies: LEDGER_RATE_LIMIT requests per LEDGER_RATE_LIMIT_WINDOW_SECONDS. */
export const RATE_LIMIT = Symbol('RATE_LIMIT');
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export function rateLimitOf(config: { rateLimit: number; rateLimitWindowSeconds: number }): RateLimit {
  return { limit: config.rateLimit, windowMs: config.rateLimitWindowSeconds * 1000 };
}

/**
 * LEDGER_RATE_LIMIT requests per LEDGER_RATE_LIMIT_WINDOW_SECONDS per API key, across every route
 * (one budget per key, not one per route), checked before the key is looked up, so a flood of bad
 * keys costs no database read. A request without a token is counted by its address. Health and
 * metrics are not limited: probes must always answer. Over the limit: 429 `rate-limited` with
 * Retry-After; under it, the X-RateLimit-Limit/-Remaining/-Reset headers.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: SlidingWindowLimiter;

  constructor(
    private readonly reflector: Reflector,
    @Inject(RATE_LIMIT) rateLimit: RateLimit,
  ) {
    this.limiter = new SlidingWindowLimiter(rateLimit.limit, rateLimit.windowMs);
  }

  canActivate(context: ExecutionContext): boolean {
    if (isPublicRoute(this.reflector, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<BearerRequest & { ip?: string }>();
    const digest = bearerDigestOf(request);
    const decision = this.limiter.hit(digest !== null ? `key:${digest}` : `ip:${request.ip ?? 'unknown'}`);
    const reply = http.getResponse<{ header(name: string, value: string | number): unknown }>();
    if (!decision.allowed) {
      throw new ProblemError(problem('rate-limited', 'too many requests with this API key; wait the seconds in Retry-After'), {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    reply.header('X-RateLimit-Limit', decision.limit);
    reply.header('X-RateLimit-Remaining', decision.remaining);
    reply.header('X-RateLimit-Reset', decision.resetSeconds);
    return true;
  }
}
