import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { OperationType } from '@kanri/access/screen.decorator';

/** What a route declares for operation history, resolved for one request. */
export interface AuditRoute {
  screen: string;
  operation: OperationType;
  httpMethod: string;
  /** The route pattern as registered, e.g. `/api/v1/organizations/:orgId/users/:userId`. */
  route: string;
}

/** Who acted: a signed-in user, or the system itself (scheduled jobs). */
export interface AuditOperator {
  userId: string | null;
  loginId: string | null;
  organizationId: string | null;
}

/**
 * Everything the operation-history row of one request (or one scheduled job run) needs, carried through the
 * request by AsyncLocalStorage so that `TransactionService.run`, deep inside a service, can write the row into the
 * transaction of the change (audit-recorder.service.ts).
 */
export interface AuditContext {
  requestId: string | null;
  /** When the request arrived, on the business clock. */
  occurredAt: Date;
  /** `performance.now()` at arrival, for the duration. */
  startedAt: number;
  ip: string | null;
  userAgent: string | null;
  /** Set once the route is known to be audited and its handler is about to run (the interceptor, or a job). */
  route: AuditRoute | null;
  operator: AuditOperator | null;
  organizationId: string | null;
  details: string | null;
  /** The status a successful response will have (for a row written before the response exists). */
  plannedStatus: number;
  /** `none` → `writing` (inside a transaction not yet committed) → `written` (committed). */
  row: 'none' | 'writing' | 'written';
}

const REQUEST_CONTEXT = Symbol('kanri.auditContext');

/** The request's AuditContext, kept on the request itself (reads carry it there, not in AsyncLocalStorage). */
export function auditContextOf(req: object): AuditContext | undefined {
  return (req as Record<symbol, AuditContext | undefined>)[REQUEST_CONTEXT];
}

export function attachAuditContext(req: object, context: AuditContext): void {
  (req as Record<symbol, AuditContext>)[REQUEST_CONTEXT] = context;
}

/**
 * The AsyncLocalStorage behind AuditContext; one per app.
 *
 * An enabled AsyncLocalStorage makes every `await` in the process about three times as expensive (its promise
 * hooks: some 130 ns each on Node 20, thousands per request), so it is enabled only while something that may commit
 * a change is in flight: a request with a method other than GET/HEAD/OPTIONS, or a scheduled job. Each of those
 * `enter`s and later releases it; when nothing holds it any more it is disabled again. Reads carry their context on
 * the request object instead (`auditContextOf`).
 */
@Injectable()
export class AuditContextStore {
  private readonly storage = new AsyncLocalStorage<AuditContext>();
  private holders = 0;

  current(): AuditContext | undefined {
    return this.storage.getStore();
  }

  /**
   * Runs `fn` inside `context` and keeps the storage enabled (for `fn` and everything it starts) until `release` is
   * called; `release` is idempotent.
   */
  enter<T>(context: AuditContext, fn: () => T): { result: T; release: () => void } {
    this.holders += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      // Whatever still runs in a released context (work a request left behind) is past its row: it loses the context.
      if (this.holders === 0) this.storage.disable();
    };
    try {
      return { result: this.storage.run(context, fn), release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Whether anything holds the storage enabled now. */
  isHeld(): boolean {
    return this.holders > 0;
  }

  /** Runs `fn` outside any context: the audit writer's own transactions must not record themselves. */
  exit<T>(fn: () => T): T {
    return this.storage.exit(fn);
  }

  /** Turns AsyncLocalStorage off now, whoever holds it (benchmark baseline only; see AuditRecorder.setEnabled). */
  disable(): void {
    this.holders = 0;
    this.storage.disable();
  }
}
