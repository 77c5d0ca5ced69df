import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { newId } from '@kanri/common/ids/new-id';
import { AuditAppendQueue } from './audit-append.queue';
import { storable } from './audit-chain';
import { AuditChainWriter, type LoginDraft } from './audit-chain.writer';
import type { LoginAction } from './login-action';

export interface LoginEvent {
  action: LoginAction;
  /** The login ID exactly as typed (trimmed to the column), even for unknown users. */
  loginIdTyped: string;
  userId?: string | null;
  organizationId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  screen?: string | null;
  sessionSeconds?: number | null;
}

/**
 * Writes login-history rows (SPEC §3.4) onto the organization's login hash chain (audit-chain.ts). Given the
 * caller's transaction the row commits with it; otherwise it is appended in a short transaction of its own (group
 * commit, AuditAppendQueue) before `record` resolves.
 */
@Injectable()
export class LoginHistoryService {
  constructor(
    private readonly writer: AuditChainWriter,
    private readonly queue: AuditAppendQueue,
    private readonly clock: Clock,
  ) {}

  async record(event: LoginEvent, em?: EntityManager): Promise<void> {
    const now = this.clock.now();
    const row: LoginDraft = {
      id: newId(now.getTime()),
      organizationId: event.organizationId ?? null,
      loginIdTyped: storable(String(event.loginIdTyped ?? ''), 64)!,
      userId: event.userId ?? null,
      action: event.action,
      screen: storable(event.screen, 64),
      occurredAt: now,
      ip: storable(event.ip, 45),
      userAgent: storable(event.userAgent, 255),
      sessionSeconds: event.sessionSeconds ?? null,
    };
    if (em) await this.writer.append(em, [], [row]);
    else await this.queue.append({ login: row, urgent: true });
  }
}
