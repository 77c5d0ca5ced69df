import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { OrganizationsService } from '../organizations/organizations.service';
import { UserDirectory } from '../users/user-directory.service';
import { applyConditions, AuditConditionResolver, type ResolvedConditions } from './audit-conditions';
import { actionLabel } from './audit-search.service';
import { instantFromDb } from '@kanri/common/database/sql-values';
import { afterCursor, historyBatches } from './history-pages';
import type { AuditExportQuery, AuditExportType, OwnHistoryExportQuery } from './dto/audit-export.query';
import type { Principal } from '@kanri/access/actor';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';
import { OPERATION_LABELS, type OperationType } from '@kanri/access/screen.decorator';

/** The exact header lines of SPEC §9. */
export const EXPORT_HEADERS: Record<AuditExportType, readonly string[]> = {
  login: ['No.', 'ユーザーID', 'アクション', '日時', 'IPアドレス'],
  activity: ['No.', '操作種別', '画面名', '操作者ID', '操作日時', '詳細'],
  users: [
    'ユーザーID',
    '氏',
    '名',
    '氏フリガナ',
    '名フリガナ',
    'メールアドレス',
    '組織名',
    '部署・職名',
    '外線',
    '内線',
    'IPアドレス',
    '権限',
  ],
};

const FILE_PREFIX: Record<AuditExportType, string> = {
  login: 'operation_history_login_',
  activity: 'operation_history_activity_',
  users: 'org_user_list_',
};

/**
 * 操作履歴出力 (SPEC §9): streams one organization's login history, operation history or user list as CSV, named
 * `<prefix>YYYYMMDDHHmmss.csv` in APP_TIMEZONE. Rows are read in (time, id) order in bounded pages (history-pages.ts:
 * streamed on MySQL, buffered on SQLite) and written through the shared CSV library with backpressure, so a million
 * rows pass through in bounded memory on either database. Histories are exported oldest first, so No. follows time; the user list is
 * in login ID order. Times are APP_TIMEZONE local, `YYYY/MM/DD HH:mm:ss`. The export itself is recorded as 出力 by
 * the route's `@Screen`.
 */
@Injectable()
export class AuditExportService {
  private readonly zone: ZonedDateTimeFormat;
  private readonly isMysql: boolean;

  constructor(
    @InjectRepository(OperationHistory) private readonly operations: Repository<OperationHistory>,
    @InjectRepository(LoginHistory) private readonly logins: Repository<LoginHistory>,
    private readonly conditions: AuditConditionResolver,
    private readonly directory: UserDirectory,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zone = new ZonedDateTimeFormat(config.timeZone);
    this.isMysql = ['mysql', 'mariadb'].includes(this.operations.manager.connection.options.type);
  }

  fileName(type: AuditExportType, at: Date): string {
    return `${FILE_PREFIX[type]}${this.zone.compact(at)}.csv`;
  }

  async send(orgId: string, q: AuditExportQuery, res: Response): Promise<void> {
    const fileName = this.fileName(q.type, this.clock.now());
    const pages =
      q.type === 'users'
        ? this.userPages(orgId, (await this.organizations.summary(orgId))?.name ?? '')
        : q.type === 'login'
          ? this.loginPages(await this.conditions.resolve(orgId, q))
          : this.activityPages(await this.conditions.resolve(orgId, q));
    await sendCsv(res, fileName, { header: EXPORT_HEADERS[q.type], pages, encoding: q.encoding ?? 'utf8' });
  }

  /**
   * ご自身の操作履歴 as CSV (SPEC §13): the same files, columns and names as the organization's export, holding
   * only the caller's own rows (AuditConditionResolver.resolveOwn).
   */
  async sendOwn(
    principal: Principal,
    type: 'login' | 'activity',
    q: OwnHistoryExportQuery,
    res: Response,
  ): Promise<void> {
    const c = this.conditions.resolveOwn(principal, q);
    const pages = type === 'login' ? this.loginPages(c) : this.activityPages(c);
    await sendCsv(res, this.fileName(type, this.clock.now()), {
      header: EXPORT_HEADERS[type],
      pages,
      encoding: q.encoding ?? 'utf8',
    });
  }

  async *activityPages(c: ResolvedConditions): AsyncGenerator<unknown[][]> {
    let no = 0;
    const batches = historyBatches(this.isMysql, (cursor) => {
      const qb = applyConditions(this.operations.createQueryBuilder('o'), 'o', c, {
        loginId: 'operator_login_id',
        userId: 'operator_user_id',
      })
        .select(['o.id AS id', 'o.operation AS operation', 'o.screen AS screen'])
        .addSelect([
          'o.operator_login_id AS operatorLoginId',
          'o.occurred_at AS occurredAt',
          'o.details AS details',
        ])
        .orderBy('o.occurred_at', 'ASC')
        .addOrderBy('o.id', 'ASC');
      return cursor ? qb.andWhere(afterCursor('o'), cursor) : qb;
    });
    for await (const rows of batches) {
      yield rows.map((r) => [
        ++no,
        OPERATION_LABELS[r.operation as OperationType] ?? r.operation,
        r.screen,
        r.operatorLoginId,
        this.zone.format(instantFromDb(r.occurredAt)),
        r.details,
      ]);
    }
  }

  async *loginPages(c: ResolvedConditions): AsyncGenerator<unknown[][]> {
    let no = 0;
    const batches = historyBatches(this.isMysql, (cursor) => {
      const qb = applyConditions(this.logins.createQueryBuilder('l'), 'l', c, {
        loginId: 'login_id_typed',
        userId: 'user_id',
      })
        .select([
          'l.id AS id',
          'l.login_id_typed AS loginIdTyped',
          'l.action AS action',
          'l.screen AS screen',
        ])
        .addSelect(['l.occurred_at AS occurredAt', 'l.ip AS ip'])
        .orderBy('l.occurred_at', 'ASC')
        .addOrderBy('l.id', 'ASC');
      return cursor ? qb.andWhere(afterCursor('l'), cursor) : qb;
    });
    for await (const rows of batches) {
      yield rows.map((r) => [
        ++no,
        r.loginIdTyped,
        actionLabel(r.action as string, (r.screen as string | null) ?? null),
        this.zone.format(instantFromDb(r.occurredAt)),
        r.ip,
      ]);
    }
  }

  async *userPages(orgId: string, organizationName: string): AsyncGenerator<unknown[][]> {
    let after: string | null = null;
    for (;;) {
      const page = await this.directory.organizationUserListPage(orgId, after, 1000);
      yield page.map((u) => [
        u.loginId,
        u.familyName,
        u.givenName,
        u.familyNameKana,
        u.givenNameKana,
        u.email,
        organizationName,
        u.department,
        u.phoneExternal,
        u.phoneExtension,
        u.allowedIps.join(','),
        u.role,
      ]);
      if (page.length < 1000) return;
      after = page[page.length - 1].loginId;
    }
  }
}
