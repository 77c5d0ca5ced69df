import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from '../users/users.service';
import { applyConditions, AuditConditionResolver, type ResolvedConditions } from './audit-conditions';
import { actionLabel } from './audit-search.service';
import { instantFromDb } from './db-instant';
import type { AuditExportQuery, AuditExportType } from './dto/audit-export.query';
import { LoginHistory } from './login-history.entity';
import { OperationHistory } from './operation-history.entity';
import { OPERATION_LABELS, type OperationType } from './screen.decorator';
import { roleLabel } from './user-role-label';

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

/** Rows fetched per query: large enough that round trips are cheap, small enough to stay within bounded memory. */
const PAGE = 5000;

/**
 * 操作履歴出力 (SPEC §9): streams one organization's login history, operation history or user list as CSV, named
 * `<prefix>YYYYMMDDHHmmss.csv` in APP_TIMEZONE. Rows are read in keyset pages (time, id) and written through the
 * shared CSV library with backpressure, so a million rows pass through in bounded memory on either database and no
 * long-running query holds a connection. Histories are exported oldest first, so No. follows time; the user list is
 * in login ID order. Times are APP_TIMEZONE local, `YYYY/MM/DD HH:mm:ss`. The export itself is recorded as 出力 by
 * the route's `@Screen`.
 */
@Injectable()
export class AuditExportService {
  private readonly zone: ZonedDateTimeFormat;

  constructor(
    @InjectRepository(OperationHistory) private readonly operations: Repository<OperationHistory>,
    @InjectRepository(LoginHistory) private readonly logins: Repository<LoginHistory>,
    private readonly conditions: AuditConditionResolver,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zone = new ZonedDateTimeFormat(config.timeZone);
  }

  fileName(type: AuditExportType, at: Date): string {
    return `${FILE_PREFIX[type]}${this.zone.compact(at)}.csv`;
  }

  async send(orgId: string, q: AuditExportQuery, res: Response): Promise<void> {
    const fileName = this.fileName(q.type, this.clock.now());
    const rows =
      q.type === 'users'
        ? this.userRows(orgId, (await this.organizations.summary(orgId))?.name ?? '')
        : q.type === 'login'
          ? this.loginRows(await this.conditions.resolve(orgId, q))
          : this.activityRows(await this.conditions.resolve(orgId, q));
    await sendCsv(res, fileName, { header: EXPORT_HEADERS[q.type], rows, encoding: q.encoding ?? 'utf8' });
  }

  async *activityRows(c: ResolvedConditions): AsyncGenerator<unknown[]> {
    let no = 0;
    let after: { at: Date; id: string } | null = null;
    for (;;) {
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
        .addOrderBy('o.id', 'ASC')
        .limit(PAGE);
      if (after)
        qb.andWhere('(o.occurred_at > :at OR (o.occurred_at = :at AND o.id > :id))', {
          at: after.at,
          id: after.id,
        });
      const rows = await qb.getRawMany<Record<string, unknown>>();
      for (const r of rows) {
        const at = instantFromDb(r.occurredAt);
        yield [
          ++no,
          OPERATION_LABELS[r.operation as OperationType] ?? r.operation,
          r.screen,
          r.operatorLoginId,
          this.zone.format(at),
          r.details,
        ];
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { at: instantFromDb(last.occurredAt), id: last.id as string };
    }
  }

  async *loginRows(c: ResolvedConditions): AsyncGenerator<unknown[]> {
    let no = 0;
    let after: { at: Date; id: string } | null = null;
    for (;;) {
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
        .addOrderBy('l.id', 'ASC')
        .limit(PAGE);
      if (after)
        qb.andWhere('(l.occurred_at > :at OR (l.occurred_at = :at AND l.id > :id))', {
          at: after.at,
          id: after.id,
        });
      const rows = await qb.getRawMany<Record<string, unknown>>();
      for (const r of rows) {
        yield [
          ++no,
          r.loginIdTyped,
          actionLabel(r.action as string, (r.screen as string | null) ?? null),
          this.zone.format(instantFromDb(r.occurredAt)),
          r.ip,
        ];
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { at: instantFromDb(last.occurredAt), id: last.id as string };
    }
  }

  async *userRows(orgId: string, organizationName: string): AsyncGenerator<unknown[]> {
    let after: string | null = null;
    for (;;) {
      const page = await this.users.organizationUserListPage(orgId, after, 1000);
      for (const u of page) {
        yield [
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
          roleLabel(u),
        ];
      }
      if (page.length < 1000) return;
      after = page[page.length - 1].loginId;
    }
  }
}
