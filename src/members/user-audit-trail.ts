import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { newId } from '@kanri/common/ids/new-id';
import { AuditChainWriter, type OperationDraft } from '../audit/audit-chain.writer';
import { auditDetails } from '../audit/audit-masking';
import type { OperationType } from '@kanri/access/screen.decorator';

/** Who did something to users, and from where (the request's, or the system's for scheduled jobs). */
export interface UserAuditActor {
  userId: string | null;
  loginId: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface UserAuditEntry {
  screen: string;
  operation: OperationType;
  /** The route (or `job:<name>`) that did it. */
  route: string;
  httpMethod: string;
  /** What happened to whom; masked like every audit detail. */
  details: Record<string, unknown>;
}

/**
 * Operation-history rows for what one request or job does to several users (SPEC §4 "each affected user
 * audited", §10 jobs), written with the caller's `em` so that they commit with the change. The request's own row
 * (the interceptor's) still records the call as a whole.
 */
@Injectable()
export class UserAuditTrail {
  constructor(
    private readonly writer: AuditChainWriter,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(
    em: EntityManager,
    organizationId: string,
    actor: UserAuditActor,
    entries: readonly UserAuditEntry[],
  ): Promise<void> {
    if (!entries.length) return;
    const now = this.clock.now();
    const drafts: OperationDraft[] = entries.map((e) => ({
      id: newId(now.getTime()),
      organizationId,
      operation: e.operation,
      screen: e.screen,
      httpMethod: e.httpMethod,
      route: e.route,
      operatorUserId: actor.userId,
      operatorLoginId: actor.loginId,
      occurredAt: now,
      durationMs: 0,
      ip: actor.ip,
      userAgent: actor.userAgent,
      outcome: 'success',
      statusCode: 200,
      errorCode: null,
      requestId: actor.requestId,
      details: auditDetails({ body: e.details }),
    }));
    await this.writer.append(em, drafts, []);
  }
}
