import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '@kanri/access/actor';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { CsvFileError, decodeCsv, parseCsv } from '@kanri/common/csv/csv-reader';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Page } from '@kanri/common/pagination/page';
import type {
  CreatePayeeDto,
  ExportPayeesQuery,
  ExportZenginPayeesQuery,
  ListPayeesQuery,
  PayeeFilters,
  UpdatePayeeDto,
} from './dto/payee.dto';
import { assertMayRead, assertMayWrite, assertMayWriteSome } from './payee-access-policy';
import {
  PAYEE_CSV_HEADER,
  type PayeeFieldError,
  type PayeeFields,
  payeeCsvRow,
  readPayeeRecord,
} from './payee-csv';
import { toZenginKana } from './payee-kana';
import { OrganizationsService } from '../organizations/organizations.service';
import { parseZenginFile } from '../transfers/zengin/zengin-parser';
import { writeZenginFile } from '../transfers/zengin/zengin-writer';
import { payeeZenginFile } from './payee-zengin';
import { Payee, type PayeeAccountType, type PayeeRegistration } from './payee.entity';
import { type PayeeView, toPayeeView } from './payee.view';

/** Rows per import: a register of payees, not a data dump. */
export const MAX_IMPORT_ROWS = 10_000;
/** Problems listed in one refusal (the count says how many there were in all). */
const MAX_REPORTED_ERRORS = 100;
const EXPORT_PAGE = 1_000;
/** 預金種目 of a Zengin data record; 9 (その他) has no payee account type. */
const ZENGIN_ACCOUNT_TYPES: Record<string, PayeeAccountType | undefined> = {
  '1': 'ordinary',
  '2': 'current',
  '4': 'savings',
};
const ZENGIN_FIELDS = { registration: 'registration', account: 'accountNumber' };

/**
 * The payee register (振込先管理 / 請求先管理, SPEC §14): CRUD, paged list, CSV export and an all-or-nothing import.
 * Account identity (bank, branch, type, number) is unique per organization and kind (409 CONFLICT).
 * Every write is audited by the route's @Screen (src/audit).
 */
@Injectable()
export class PayeesService {
  constructor(
    @InjectRepository(Payee) private readonly payees: Repository<Payee>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly organizations: OrganizationsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, query: ListPayeesQuery): Promise<Page<PayeeView>> {
    assertMayRead(actor);
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const [rows, total] = await this.filtered(actor.orgId, query)
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return { items: rows.map(toPayeeView), total, page, perPage };
  }

  async get(actor: Actor, id: string): Promise<PayeeView> {
    assertMayRead(actor);
    return toPayeeView(await this.find(this.payees.manager, actor.orgId, id));
  }

  /** A payee of the organization for a request (the approvals module); 404 when it is not in the register. */
  async find(em: EntityManager, orgId: string, id: string): Promise<Payee> {
    const row = await em.findOne(Payee, { where: { id, organizationId: orgId } });
    if (!row) throw AppError.notFound('Payee');
    return row;
  }

  async create(actor: Actor, dto: CreatePayeeDto): Promise<PayeeView> {
    const registration = dto.registration ?? 'user_registered';
    assertMayWrite(actor, registration);
    const now = this.clock.now();
    const row: Payee = {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      kind: dto.kind ?? 'transfer',
      registration,
      bankCode: dto.bankCode,
      bankName: dto.bankName ?? null,
      branchCode: dto.branchCode,
      branchName: dto.branchName ?? null,
      accountType: dto.accountType,
      accountNumber: dto.accountNumber,
      nameKana: kanaOrThrow(dto.nameKana),
      groupName: dto.groupName ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.writeUnique(() => this.tx.run((em) => em.insert(Payee, row)));
    return toPayeeView(row);
  }

  async update(actor: Actor, id: string, dto: UpdatePayeeDto): Promise<PayeeView> {
    const nameKana = dto.nameKana === undefined ? undefined : kanaOrThrow(dto.nameKana);
    return this.writeUnique(() =>
      this.tx.run(async (em) => {
        const row = await this.find(em, actor.orgId, id);
        assertMayWrite(actor, row.registration);
        const changes: Partial<Payee> = {
          ...(dto.bankCode !== undefined ? { bankCode: dto.bankCode } : {}),
          ...(dto.bankName !== undefined ? { bankName: dto.bankName } : {}),
          ...(dto.branchCode !== undefined ? { branchCode: dto.branchCode } : {}),
          ...(dto.branchName !== undefined ? { branchName: dto.branchName } : {}),
          ...(dto.accountType !== undefined ? { accountType: dto.accountType } : {}),
          ...(dto.accountNumber !== undefined ? { accountNumber: dto.accountNumber } : {}),
          ...(nameKana !== undefined ? { nameKana } : {}),
          ...(dto.groupName !== undefined ? { groupName: dto.groupName } : {}),
          updatedAt: this.clock.now(),
        };
        await em.update(Payee, { id, organizationId: actor.orgId }, changes);
        return toPayeeView({ ...row, ...changes });
      }),
    );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async (em) => {
      const row = await this.find(em, actor.orgId, id);
      assertMayWrite(actor, row.registration);
      await em.delete(Payee, { id, organizationId: actor.orgId });
    });
  }

  /** CSV export of the filtered register (UTF-8 with BOM, or Shift_JIS), read a page at a time. */
  async export(actor: Actor, query: ExportPayeesQuery, res: Response): Promise<void> {
    assertMayRead(actor);
    const pages = this.exportPages(actor.orgId, query);
    await sendCsv(res, 'payees.csv', { header: PAYEE_CSV_HEADER, pages, encoding: query.encoding ?? 'utf8' });
  }

  /**
   * CSV import: every row is checked first (cells, the caller's right to each registration, duplicates in the
   * file and in the register); any problem refuses the whole file with 422 IMPORT_INVALID and `details.rows:
   * [{line, field, message}]`, and nothing is saved. Otherwise all rows are inserted in one transaction.
   */
  async importCsv(actor: Actor, file: Buffer): Promise<{ imported: number }> {
    assertMayWriteSome(actor);
    let records;
    try {
      const parsed = parseCsv(decodeCsv(file));
      if (parsed.header.join(',') !== PAYEE_CSV_HEADER.join(',')) {
        throw new CsvFileError(1, `the header must be ${PAYEE_CSV_HEADER.join(',')}`);
      }
      records = parsed.records;
    } catch (error) {
      if (error instanceof CsvFileError)
        throw rejected([{ line: error.line, field: '', message: error.message }]);
      throw error;
    }
    if (!records.length) throw rejected([{ line: 1, field: '', message: 'the file has no payees' }]);
    if (records.length > MAX_IMPORT_ROWS) {
      throw rejected([{ line: 1, field: '', message: `at most ${MAX_IMPORT_ROWS} payees per file` }]);
    }
    const rows: { line: number; fields: PayeeFields }[] = [];
    const errors: PayeeFieldError[] = [];
    for (const record of records) {
      const read = readPayeeRecord(record);
      if (Array.isArray(read)) errors.push(...read);
      else rows.push({ line: record.line, fields: read });
    }
    return this.insertAll(actor, rows, errors, 'line');
  }

  /**
   * The 振込先 of the register (the list's filters but kind) as a 総合振込-format Zengin file with amount 0 on every
   * record (payee-zengin.ts), in a content order (name, bank, branch, type, number) so that the same register
   * always writes the same file. The header is the organization's Zengin header (409 ZENGIN_REQUESTER_NOT_SET
   * without it) dated today; 409 CONFLICT when no payee matches (a Zengin file has at least one data record).
   */
  async exportZengin(
    actor: Actor,
    query: ExportZenginPayeesQuery,
  ): Promise<{ fileName: string; content: Buffer }> {
    assertMayRead(actor);
    const requester = (await this.organizations.effectiveSettingsOf(actor.orgId)).zenginRequester;
    if (!requester) {
      throw new AppError(
        ErrorCode.ZenginRequesterNotSet,
        HttpStatus.CONFLICT,
        "A Zengin file's header needs the organization's Zengin header (依頼人コード, 仕向銀行): set zenginRequester " +
          'in the company settings first',
      );
    }
    const rows = await this.filtered(actor.orgId, { ...query, kind: 'transfer' }, [
      'p.nameKana',
      'p.bankCode',
      'p.branchCode',
      'p.accountType',
      'p.accountNumber',
    ]).getMany();
    if (!rows.length)
      throw AppError.conflict('No payee to write: a Zengin file has at least one data record');
    const today = businessDate(this.clock.now(), this.config.timeZone);
    const file = payeeZenginFile(requester, rows, today.slice(5, 7) + today.slice(8, 10));
    return { fileName: 'payees_zengin.txt', content: writeZenginFile(file) };
  }

  /**
   * Payees from a 全銀協 standard-format file (Shift_JIS, 120-byte records, with or without CR LF; e.g. last month's
   * 総合振込 file, or the register's own Zengin export): each data record becomes a 振込先 of the given registration;
   * amounts (0 included, which a transfer file refuses) and customer codes are not kept. The file is checked whole by the codec (src/transfers/zengin), then every record as a payee; any problem
   * refuses the file with 422 IMPORT_INVALID and `details.records: [{record, field, message}]` (the header is record
   * 1), and nothing is saved.
   */
  async importZengin(
    actor: Actor,
    file: Buffer,
    registration: PayeeRegistration,
  ): Promise<{ imported: number }> {
    assertMayWrite(actor, registration);
    const parsed = parseZenginFile(file, { amounts: 'register' });
    if (!parsed.ok) {
      throw rejected(
        parsed.errors.map((e) => ({ line: e.record, field: e.field, message: e.message })),
        'record',
      );
    }
    const rows: { line: number; fields: PayeeFields }[] = [];
    const errors: PayeeFieldError[] = [];
    parsed.file.records.forEach((r, i) => {
      const record = i + 2;
      const accountType = ZENGIN_ACCOUNT_TYPES[r.accountType];
      if (!accountType) {
        errors.push({
          line: record,
          field: 'accountType',
          message: 'その他 (9) accounts are not kept as payees',
        });
      }
      const kana = toZenginKana(r.payeeName);
      if (!kana.ok) errors.push({ line: record, field: 'payeeName', message: kana.message });
      if (accountType && kana.ok) {
        rows.push({
          line: record,
          fields: {
            kind: 'transfer',
            registration,
            bankCode: r.bankCode,
            bankName: r.bankName || null,
            branchCode: r.branchCode,
            branchName: r.branchName || null,
            accountType,
            accountNumber: r.accountNumber,
            nameKana: kana.value,
            groupName: null,
          },
        });
      }
    });
    return this.insertAll(actor, rows, errors, 'record');
  }

  /**
   * Inserts checked payees all or nothing (CSV and Zengin imports): refuses rows whose registration the caller may
   * not keep and duplicates within the file or against the register. `where` names a row in an error.
   */
  async insertAll(
    actor: Actor,
    rows: { line: number; fields: PayeeFields }[],
    earlier: PayeeFieldError[],
    unit: 'line' | 'record',
  ): Promise<{ imported: number }> {
    const errors = [...earlier];
    const field = unit === 'line' ? { registration: '登録区分', account: '口座番号' } : ZENGIN_FIELDS;
    const seen = new Map<string, number>();
    for (const { line, fields } of rows) {
      try {
        assertMayWrite(actor, fields.registration);
      } catch (error) {
        errors.push({ line, field: field.registration, message: (error as Error).message });
      }
      const key = identity(fields);
      const first = seen.get(key);
      if (first !== undefined)
        errors.push({ line, field: field.account, message: `the same account as ${unit} ${first}` });
      else seen.set(key, line);
    }
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      if (rows.length) {
        const existing = await em
          .createQueryBuilder(Payee, 'p')
          .select(['p.kind', 'p.bankCode', 'p.branchCode', 'p.accountType', 'p.accountNumber'])
          .where('p.organizationId = :orgId', { orgId: actor.orgId })
          .getMany();
        const taken = new Set(existing.map(identity));
        for (const { line, fields } of rows) {
          if (taken.has(identity(fields)))
            errors.push({ line, field: field.account, message: 'this account is already in the register' });
        }
      }
      if (errors.length) throw rejected(errors, unit);
      const entities = rows.map(({ fields }, i) => ({
        id: newId(now.getTime() + i),
        organizationId: actor.orgId,
        ...fields,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      }));
      await insertRows(em, Payee, entities);
      return { imported: entities.length };
    });
  }

  private filtered(
    orgId: string,
    f: PayeeFilters,
    order: string[] = ['p.nameKana', 'p.id'],
  ): SelectQueryBuilder<Payee> {
    const qb = this.payees.createQueryBuilder('p').where('p.organizationId = :orgId', { orgId });
    if (f.kind) qb.andWhere('p.kind = :kind', { kind: f.kind });
    if (f.registration) qb.andWhere('p.registration = :registration', { registration: f.registration });
    if (f.name) qb.andWhere("p.nameKana LIKE :name ESCAPE '!'", { name: `${escapeLike(f.name)}%` });
    if (f.groupName) qb.andWhere('p.groupName = :groupName', { groupName: f.groupName });
    for (const [i, column] of order.entries()) {
      if (i === 0) qb.orderBy(column, 'ASC');
      else qb.addOrderBy(column, 'ASC');
    }
    return qb;
  }

  private async *exportPages(orgId: string, query: PayeeFilters): AsyncGenerator<string[][]> {
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const rows = await this.filtered(orgId, query).skip(offset).take(EXPORT_PAGE).getMany();
      yield rows.map(payeeCsvRow);
      if (rows.length < EXPORT_PAGE) return;
    }
  }

  private async writeUnique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw AppError.conflict('This account is already in the payee register');
      throw error;
    }
  }
}

function identity(
  p: Pick<Payee, 'kind' | 'bankCode' | 'branchCode' | 'accountType' | 'accountNumber'>,
): string {
  return `${p.kind}/${p.bankCode}/${p.branchCode}/${p.accountType}/${p.accountNumber}`;
}

function kanaOrThrow(input: string): string {
  const kana = toZenginKana(input);
  if (!kana.ok) throw AppError.validation({ nameKana: [kana.message] });
  return kana.value;
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

function rejected(errors: PayeeFieldError[], unit: 'line' | 'record' = 'line') {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const listed = sorted
    .slice(0, MAX_REPORTED_ERRORS)
    .map((e) => ({ [unit]: e.line, field: e.field, message: e.message }));
  return new AppError(
    ErrorCode.ImportInvalid,
    HttpStatus.UNPROCESSABLE_ENTITY,
    'The file was not imported: fix the problems listed and send it again',
    { [unit === 'line' ? 'rows' : 'records']: listed, errorCount: errors.length },
  );
}
