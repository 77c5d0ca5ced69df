import { type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '@kanri/common/config/app-config';
import { DatabaseThrottlerStorage } from '@kanri/common/database/rate-limit-counters';
import type { TransactionService } from '@kanri/common/database/transaction.service';

/** One budget per client address shared by every public auth route, so spreading guesses over routes gains nothing. */
export const AUTH_THROTTLER = 'auth';

/**
 * AUTH_RATE_LIMIT requests per minute per client address on the public auth routes (SPEC §11; 0 = off), so that
 * one address cannot spray passwords over many accounts (per-account lockout alone would not stop that). The
 * client address is `req.ip`, which honours TRUST_PROXY. Counters live in the database (`rate_limit_counters`), so
 * every instance sharing it counts against the one budget.
 */
export function authRateLimitOptions(config: AppConfig, tx: TransactionService): ThrottlerModuleOptions {
  return {
    storage: new DatabaseThrottlerStorage(tx),
    throttlers: [{ name: AUTH_THROTTLER, ttl: 60_000, limit: Math.max(config.authRateLimit, 1) }],
    skipIf: () => config.authRateLimit === 0,
    // The same key for every route: the budget is the address's, not the route's.
    generateKey: (_context: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`,
  };
}

@Injectable()
export class AuthRateLimitGuard extends ThrottlerGuard {}

/** Put on each public auth route (never on authenticated ones, which the session already rate-limits by owner). */
export const AuthRateLimited = () => UseGuards(AuthRateLimitGuard);
