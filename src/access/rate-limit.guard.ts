import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { bearerDigestOf, type BearerRequest } from './bearer-digest';
import { RateLimitStorage } from './rate-limit-storage';
import { isPublicRoute } from './public.decorator';

/** LEDGER_RATE_LIMIT requests per LEDGER_RATE_LIMIT_WINDOW_SECONDS, for every bearer token alike. */
export function rateLimitOptions(config: { rateLimit: number; rateLimitWindowSeconds: number }): ThrottlerModuleOptions {
  return { throttlers: [{ name: 'default', limit: config.rateLimit, ttl: config.rateLimitWindowSeconds * 1000 }], storage: new RateLimitStorage() };
}

/**
 * Rate limit per API key, across every route (one budget per key, not one per route), checked
 * before the key is looked up, so a flood of bad keys costs no database read. A request without a
 * token is counted by its address. Health and metrics are not limited: probes must always answer.
 * Over the limit: 429 `rate-limited` with Retry-After (the filter's problem+json).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return isPublicRoute(this.reflector, context);
  }

  protected override async getTracker(req: BearerRequest & { ip?: string }): Promise<string> {
    // The digest is kept on the request for the authentication guard after this one.
    const digest = bearerDigestOf(req);
    return digest !== null ? `key:${digest}` : `ip:${req.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }
}
