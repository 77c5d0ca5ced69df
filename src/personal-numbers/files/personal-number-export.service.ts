import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { GroupsService } from '../../organizations/groups.service';
import type { Caller } from '../caller';
import type { ExportRecordsDto } from '../dto/vault-actions.dto';
import { HandlingLog } from '../handling-log.service';
import { NumberVault } from '../number-vault';
import type { RecordState, Relation } from '../personal-number-fields';
import { PersonalNumberReach } from '../personal-number-reach';
import { PersonalNumbersService } from '../personal-numbers.service';
import { CSV_HEADER, exportCells } from './personal-number-csv';

/** Rows per query: one round trip per page, bounded memory. */
const PAGE = 1000;

interface ExportRow {
  id: string;
  employeeCode: string;
  relation: Relation;
  familyName: string;
  givenName: string;
  state: RecordState;
  numberCipher: string | null;
  retiredOn: string | null;
  groupId: string | null;
}

/**
 * マイナンバー情報のエクスポート (CSVファイル出力): the records within the caller's reach and filters as CSV
 * (`personal_numbers_YYYYMMDDHHmmss.csv`, UTF-8 with BOM or CP932), in the import's layout so that the file can go to
 * a payroll system or come back into Kanri.
 *
 * The numbers are in the file (unless `includeNumbers: false`): this is the 持出し (taking out) the manual puts under
 * its own permission, `personal_numbers.export`, and the route asks for the confirmation password. Before the first
 * byte is sent, the handling log records the export with the number of records (never a number) in the same
 * transaction as the request's operation-history row. Records are read in keyset pages (employee code, id) and
 * decrypted one page at a time while the client reads.
 */
@Injectable()
export class PersonalNumberExportService {
  private readonly zone: ZonedDateTimeFormat;

  constructor(
    private readonly tx: TransactionService,
    private readonly records: PersonalNumbersService,
    private readonly reach: PersonalNumberReach,
    private readonly groups: GroupsService,
    private readonly vault: NumberVault,
    private readonly log: HandlingLog,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zone = new ZonedDateTimeFormat(config.timeZone);
  }

  async send(caller: Caller, dto: ExportRecordsDto, res: Response): Promise<void> {
    const { actor } = caller;
    const includeNumbers = dto.includeNumbers ?? true;
    if (includeNumbers) PersonalNumberReach.assertMayDisclose(actor);
    const filter = dto.filter ?? {};
    const reach = await this.reach.groupIds(actor);
    // A check list without numbers is not a disclosure: the operation-history row of the route is its record.
    if (includeNumbers)
      await this.tx.run(async (em) => {
        const count = await this.records.filtered(actor.orgId, reach, filter).getCount();
        await this.log.write(em, actor.orgId, caller, { action: 'export', recordCount: count });
      });
    const groupCodes = new Map((await this.groups.list(actor.orgId)).items.map((g) => [g.id, g.code]));
    const rows = this.rows(actor.orgId, reach, filter, includeNumbers, groupCodes);
    await sendCsv(res, `personal_numbers_${this.zone.compact(this.clock.now())}.csv`, {
      header: CSV_HEADER,
      rows,
      encoding: dto.encoding ?? 'utf8',
    });
  }

  private async *rows(
    orgId: string,
    reach: string[] | null,
    filter: NonNullable<ExportRecordsDto['filter']>,
    includeNumbers: boolean,
    groupCodes: Map<string, string>,
  ): AsyncGenerator<string[]> {
    let after: { code: string; id: string } | null = null;
    for (;;) {
      const qb = this.records
        .filtered(orgId, reach, filter)
        .select('r.id', 'id')
        .addSelect('e.employee_code', 'employeeCode')
        .addSelect('r.relation', 'relation')
        .addSelect('r.family_name', 'familyName')
        .addSelect('r.given_name', 'givenName')
        .addSelect('r.state', 'state')
        .addSelect('e.retired_on', 'retiredOn')
        .addSelect('e.group_id', 'groupId')
        .orderBy('e.employee_code', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .limit(PAGE);
      if (includeNumbers) qb.addSelect('r.number_cipher', 'numberCipher');
      if (after)
        qb.andWhere('(e.employee_code > :afterCode OR (e.employee_code = :afterCode AND r.id > :afterId))', {
          afterCode: after.code,
          afterId: after.id,
        });
      const rows = await qb.getRawMany<ExportRow>();
      for (const r of rows)
        yield exportCells({
          ...r,
          number: includeNumbers && r.numberCipher ? this.vault.open(r.id, r.numberCipher) : null,
          groupCode: r.groupId ? (groupCodes.get(r.groupId) ?? null) : null,
        });
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { code: last.employeeCode, id: last.id };
    }
  }
}
