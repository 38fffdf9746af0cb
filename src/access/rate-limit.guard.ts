import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { keyDigest } from './access-store';
import { RateLimitStorage } from './rate-limit-storage';
import { IS_PUBLIC } from './public.decorator';

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
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async getTracker(req: { headers: Record<string, string | string[] | undefined>; ip?: string }): Promise<string> {
    const authorization = req.headers['authorization'];
    return typeof authorization === 'string' && authorization.length > 0 ? `key:${keyDigest(authorization.trim())}` : `ip:${req.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }
}
