import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { OperationType } from './screen.decorator';

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

/** The AsyncLocalStorage behind AuditContext; one per app. */
@Injectable()
export class AuditContextStore {
  private readonly storage = new AsyncLocalStorage<AuditContext>();

  current(): AuditContext | undefined {
    return this.storage.getStore();
  }

  run<T>(context: AuditContext, fn: () => T): T {
    return this.storage.run(context, fn);
  }

  /** Runs `fn` outside any context: the audit writer's own transactions must not record themselves. */
  exit<T>(fn: () => T): T {
    return this.storage.exit(fn);
  }

  /**
   * Turns AsyncLocalStorage off entirely, so its promise hooks cost nothing (benchmark baseline only; see
   * AuditRecorder.setEnabled). `run` turns it back on.
   */
  disable(): void {
    this.storage.disable();
  }
}
