import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Principal } from '@kanri/access/actor';
import { applyConditions, AuditConditionResolver, type ResolvedConditions } from './audit-conditions';
import type { AuditSearchQuery, OwnHistoryQuery } from './dto/audit-search.query';
import { LOGIN_ACTION_LABELS, loginActionLabel, type LoginAction } from '../audit/login-action';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';
import { OPERATION_LABELS, type OperationType } from '@kanri/access/screen.decorator';

export interface AuditPage<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

export interface OperationView {
  id: string;
  seq: number;
  /** search | register | update | delete | export */
  operation: string;
  /** 操作種別: 検索 / 登録 / 更新 / 削除 / 出力 */
  operationLabel: string;
  screen: string;
  httpMethod: string;
  route: string;
  operatorLoginId: string | null;
  department: string | null;
  occurredAt: string;
  durationMs: number;
  ip: string | null;
  userAgent: string | null;
  outcome: string;
  statusCode: number | null;
  errorCode: string | null;
  details: string | null;
}

export interface LoginHistoryView {
  id: string;
  seq: number | null;
  /** ユーザーID as typed. */
  userId: string;
  action: string;
  /** アクション as the export prints it (SPEC §3.4). */
  actionLabel: string;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
  sessionSeconds: number | null;
}

/** 操作履歴検索 (SPEC §9): both histories of one organization, newest first, paged. */
@Injectable()
export class AuditSearchService {
  constructor(
    @InjectRepository(OperationHistory) private readonly operations: Repository<OperationHistory>,
    @InjectRepository(LoginHistory) private readonly logins: Repository<LoginHistory>,
    private readonly conditions: AuditConditionResolver,
  ) {}

  async operationHistory(orgId: string, q: AuditSearchQuery): Promise<AuditPage<OperationView>> {
    return this.operationPage(await this.conditions.resolve(orgId, q), q.page ?? 1, q.perPage ?? 25);
  }

  /** ご自身の操作履歴 (SPEC §13): the caller's own operations (AuditConditionResolver.resolveOwn). */
  ownOperationHistory(principal: Principal, q: OwnHistoryQuery): Promise<AuditPage<OperationView>> {
    return this.operationPage(this.conditions.resolveOwn(principal, q), q.page ?? 1, q.perPage ?? 25);
  }

  /** The caller's own sign-in events (AuditConditionResolver.resolveOwn). */
  ownLoginHistory(principal: Principal, q: OwnHistoryQuery): Promise<AuditPage<LoginHistoryView>> {
    return this.loginPage(this.conditions.resolveOwn(principal, q), q.page ?? 1, q.perPage ?? 25);
  }

  private async operationPage(
    c: ResolvedConditions,
    page: number,
    perPage: number,
  ): Promise<AuditPage<OperationView>> {
    const qb = applyConditions(this.operations.createQueryBuilder('o'), 'o', c, {
      loginId: 'operator_login_id',
      userId: 'operator_user_id',
    });
    const [rows, total] = await qb
      .orderBy('o.occurredAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return {
      items: rows.map((r) => ({
        id: r.id,
        seq: r.seq,
        operation: r.operation,
        operationLabel: OPERATION_LABELS[r.operation as OperationType] ?? r.operation,
        screen: r.screen,
        httpMethod: r.httpMethod,
        route: r.route,
        operatorLoginId: r.operatorLoginId,
        department: r.department,
        occurredAt: r.occurredAt.toISOString(),
        durationMs: r.durationMs,
        ip: r.ip,
        userAgent: r.userAgent,
        outcome: r.outcome,
        statusCode: r.statusCode,
        errorCode: r.errorCode,
        details: r.details,
      })),
      total,
      page,
      perPage,
    };
  }

  async loginHistory(orgId: string, q: AuditSearchQuery): Promise<AuditPage<LoginHistoryView>> {
    return this.loginPage(await this.conditions.resolve(orgId, q), q.page ?? 1, q.perPage ?? 25);
  }

  private async loginPage(
    c: ResolvedConditions,
    page: number,
    perPage: number,
  ): Promise<AuditPage<LoginHistoryView>> {
    const qb = applyConditions(this.logins.createQueryBuilder('l'), 'l', c, {
      loginId: 'login_id_typed',
      userId: 'user_id',
    });
    const [rows, total] = await qb
      .orderBy('l.occurredAt', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return {
      items: rows.map((r) => ({
        id: r.id,
        seq: r.seq,
        userId: r.loginIdTyped,
        action: r.action,
        actionLabel: actionLabel(r.action, r.screen),
        occurredAt: r.occurredAt.toISOString(),
        ip: r.ip,
        userAgent: r.userAgent,
        sessionSeconds: r.sessionSeconds,
      })),
      total,
      page,
      perPage,
    };
  }
}

/** The exact Japanese label of a stored action code; an unknown code (from a newer version) prints as itself. */
export function actionLabel(action: string, screen: string | null): string {
  return action in LOGIN_ACTION_LABELS ? loginActionLabel(action as LoginAction, screen) : action;
}
