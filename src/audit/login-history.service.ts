import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import type { LoginAction } from './login-action';
import { LoginHistory } from './login-history.entity';

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

/** Writes login-history rows (SPEC §3.4); inside the caller's transaction when one is given. */
@Injectable()
export class LoginHistoryService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async record(event: LoginEvent, em?: EntityManager): Promise<void> {
    const now = this.clock.now();
    const row: LoginHistory = {
      id: newId(now.getTime()),
      organizationId: event.organizationId ?? null,
      loginIdTyped: String(event.loginIdTyped ?? '').slice(0, 64),
      userId: event.userId ?? null,
      action: event.action,
      screen: event.screen ?? null,
      occurredAt: now,
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 255) ?? null,
      sessionSeconds: event.sessionSeconds ?? null,
    };
    if (em) await em.insert(LoginHistory, row);
    else await this.tx.run((m) => m.insert(LoginHistory, row));
  }
}
