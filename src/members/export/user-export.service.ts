import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { TransactionService } from '@kanri/common/database/transaction.service';
import type { Actor } from '@kanri/access/actor';
import type { ExportUsersQuery } from '../dto/list-organization-users.query';
import { roleLabel } from '../../users/search/user-search';
import { bool, instantOrNull } from '@kanri/common/database/sql-values';
import { formatAttributes, parseAttributes } from '../../users/search/user-attributes';
import { formatFlag, USER_CSV_HEADER } from '../user-csv-columns';
import { GRANT_FLAG, userFilterSql } from '../user-list.query';
import { UserListService } from '../user-list.service';

/** Rows read per statement: memory stays at one page whatever the organization's size. */
const PAGE = 2000;

/** The columns the export reads (also used by bench:users-export for its bare SELECT). */
export const EXPORT_COLUMNS = `u.login_id, u.family_name, u.given_name, u.family_name_kana, u.given_name_kana, u.email,
  u.sub_email, u.is_manager, g.code AS group_code, g.name AS group_name, u.attributes, u.valid_from, u.valid_to,
  u.is_disabled, u.is_provisional, u.language, u.note, u.locked_at, u.created_at, u.updated_at, u.last_login_at,
  ${GRANT_FLAG}`;

/**
 * CSV export of users (SPEC §4 エクスポート; manual: 検索によって絞り込みされている場合は、絞り込み結果で表示されている
 * ユーザーのみ出力). The list's search and filters apply; rows come in login ID order, read in keyset pages and
 * streamed with backpressure through the CSV library (RFC 4180, formula guard, UTF-8 with BOM or CP932), so 100,000
 * users export in bounded memory. Timestamps are local time of APP_TIMEZONE (`YYYY/MM/DD HH:mm:ss`), dates
 * `YYYY-MM-DD`, flags 1/0, attributes comma-joined: exactly what the import reads back.
 */
@Injectable()
export class UserExportService {
  private readonly zoned: ZonedDateTimeFormat;

  constructor(
    private readonly tx: TransactionService,
    private readonly list: UserListService,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zoned = new ZonedDateTimeFormat(config.timeZone);
  }

  async send(actor: Actor, query: ExportUsersQuery, res: Response): Promise<void> {
    const filter = await this.list.resolveFilter(actor, query, false);
    const fileName = `users_${this.zoned.compact(this.clock.now())}.csv`;
    await sendCsv(res, fileName, {
      header: USER_CSV_HEADER,
      pages: this.pages(userFilterSql(filter)),
      encoding: query.encoding ?? 'utf8',
    });
  }

  /** The rows a page at a time (one await per page, not per row). */
  private async *pages(sql: ReturnType<typeof userFilterSql>): AsyncGenerator<unknown[][]> {
    if (sql.matchesNothing) return;
    const em = this.tx.dataSource.manager;
    let after = '';
    for (;;) {
      const page: Record<string, unknown>[] = await em.query(
        `SELECT ${EXPORT_COLUMNS}
           FROM ${sql.from} LEFT JOIN org_groups g ON g.id = u.group_id AND g.organization_id = u.organization_id
          WHERE ${sql.where} AND u.login_id > ?
          ORDER BY u.login_id
          LIMIT ${PAGE}`,
        [...sql.fromParams, ...sql.whereParams, after],
      );
      yield page.map((r) => this.cells(r));
      if (page.length < PAGE) return;
      after = String(page[page.length - 1].login_id);
    }
  }

  /** One user's cells, in USER_CSV_HEADER order. */
  cells(r: Record<string, unknown>): unknown[] {
    const at = (v: unknown) => {
      const d = instantOrNull(v);
      return d ? this.zoned.format(d) : '';
    };
    return [
      r.login_id,
      r.family_name,
      r.given_name,
      r.family_name_kana,
      r.given_name_kana,
      r.email,
      r.sub_email,
      '',
      roleLabel({ isManager: bool(r.is_manager), hasGrants: bool(r.has_grants) }),
      r.group_code,
      r.group_name,
      formatAttributes(parseAttributes(r.attributes)),
      r.valid_from,
      r.valid_to,
      formatFlag(bool(r.is_disabled)),
      formatFlag(bool(r.is_provisional)),
      r.language,
      r.note,
      at(r.locked_at),
      at(r.created_at),
      at(r.updated_at),
      at(r.last_login_at),
    ];
  }
}
