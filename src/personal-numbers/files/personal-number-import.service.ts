import { HttpStatus, Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { GroupsService } from '../../organizations/groups.service';
import { OrganizationLock } from '../../organizations/organization-lock.service';
import type { Caller } from '../caller';
import { HandlingLog } from '../handling-log.service';
import { NumberVault } from '../number-vault';
import { PersonalNumberEmployee } from '../personal-number-employee.entity';
import { PersonalNumberReach, withinReach } from '../personal-number-reach';
import { PersonalNumberRecord } from '../personal-number-record.entity';
import { singleRelation } from '../personal-numbers.service';
import { resolveState } from '../record-policy';
import { insertRows, updateRows } from './bulk-update';
import { CsvFileError, decodeCsv, parseCsv } from '@kanri/common/csv/csv-reader';
import { fileConsistencyErrors, recordKey } from './import-plan';
import { CSV_COLUMNS, columnsOf, type ImportRow, readImportRow, type RowError } from './personal-number-csv';

/** SPEC §4 (adopted by §8): at most 10,000 rows per file. */
export const MAX_IMPORT_ROWS = 10_000;
/** The first errors, in line order, go into `details.rows`; `details.errorCount` has them all. */
const MAX_REPORTED_ERRORS = 1000;
const IN_CHUNK = 500;

export interface ImportResult {
  /** Data rows in the file. */
  total: number;
  created: number;
  updated: number;
  /** Rows that matched a record and changed nothing (a file exported by Kanri imports back unchanged). */
  unchanged: number;
}

export interface UploadedCsv {
  buffer: Buffer;
  size: number;
}

type StoredRecord = Pick<
  PersonalNumberRecord,
  'id' | 'employeeId' | 'relation' | 'familyName' | 'givenName' | 'state' | 'numberDigest' | 'numberCipher'
>;

/**
 * CSV import from HR and payroll systems (manual: 外部システム(人事・給与システム等)からの本システムへのCSVファイルによる
 * 社員情報・家族情報の取込機能), with the import rules of SPEC §4: at most 10,000 rows (413 IMPORT_TOO_LARGE); UTF-8 with
 * or without BOM, or CP932; every row is validated first and any error rejects the whole file (422 IMPORT_INVALID
 * with `details.rows: [{line, field, message}]`); otherwise everything is written in one transaction with chunked
 * multi-row statements. The users module's import lives in src/users (not a shared library), so these rules are
 * implemented again here, in the vault's own terms.
 *
 * Synchronous, unlike the user import's job: there are no password hashes to compute, and 10,000 rows validate,
 * encrypt and write in a few seconds (see README for the figure), so the caller gets the result — or every error —
 * in the response.
 *
 * What a row means (decisions where the spec is silent):
 * - it creates or updates a record: the employee's own record and the spouse are matched by relation (a corrected
 *   name updates them), other family members by relation and name;
 * - an empty 個人番号 cell leaves a stored number as it is (HR files seldom carry numbers; they are entered or imported
 *   separately). A number is removed only through the API (`number: null`), never by a file;
 * - 状態, 退職日 and グループコード follow the API's rules; a missing column leaves the field as it is, an empty
 *   退職日 or グループコード cell clears it; 退職日 and グループコード belong to the employee and must agree across the
 *   employee's rows;
 * - the duplicate rules of the API apply across the file and the stored records together.
 */
@Injectable()
export class PersonalNumberImportService {
  constructor(
    private readonly tx: TransactionService,
    private readonly orgLock: OrganizationLock,
    private readonly groups: GroupsService,
    private readonly reach: PersonalNumberReach,
    private readonly vault: NumberVault,
    private readonly log: HandlingLog,
    private readonly clock: Clock,
  ) {}

  async import(caller: Caller, file: UploadedCsv | undefined): Promise<ImportResult> {
    if (!file?.size) throw AppError.validation({ file: ['a CSV file is required (multipart field file)'] });
    let parsed: ReturnType<typeof parseCsv>;
    try {
      parsed = parseCsv(decodeCsv(file.buffer));
    } catch (error) {
      if (error instanceof CsvFileError)
        throw rejected([{ line: error.line, field: 'file', message: error.message }]);
      throw error;
    }
    if (parsed.records.length > MAX_IMPORT_ROWS) {
      throw new AppError(
        ErrorCode.ImportTooLarge,
        HttpStatus.PAYLOAD_TOO_LARGE,
        `A file may hold at most ${MAX_IMPORT_ROWS} rows`,
        { maxRows: MAX_IMPORT_ROWS, rows: parsed.records.length },
      );
    }
    const { columns, errors: headerErrors } = columnsOf(parsed.header);
    if (headerErrors.length) throw rejected(headerErrors);
    const errors: RowError[] = [];
    const rows: ImportRow[] = [];
    for (const r of parsed.records) {
      const read = readImportRow(r.line, r.cells, columns);
      errors.push(...read.errors);
      if (read.row) rows.push(read.row);
    }
    errors.push(...fileConsistencyErrors(rows));
    return this.tx.run(async (em) => {
      await this.orgLock.lock(em, caller.actor.orgId);
      const plan = await this.plan(em, caller, rows, errors);
      if (errors.length) throw rejected(errors);
      await this.write(em, caller, plan);
      const result = {
        total: parsed.records.length,
        created: plan.newRecords.length,
        updated: plan.recordUpdates.length,
        unchanged: parsed.records.length - plan.newRecords.length - plan.recordUpdates.length,
      };
      await this.log.write(em, caller.actor.orgId, caller, {
        action: 'import',
        recordCount: result.created + result.updated,
      });
      return result;
    });
  }

  /** Checks every row against the stored data (adding to `errors`) and works out the writes. */
  private async plan(em: EntityManager, caller: Caller, rows: ImportRow[], errors: RowError[]) {
    const { actor } = caller;
    const orgId = actor.orgId;
    const reach = await this.reach.groupIds(actor, em);
    const now = this.clock.now();
    const groupIds = new Map((await this.groups.list(orgId)).items.map((g) => [g.code, g.id]));
    const employees = new Map<string, PersonalNumberEmployee>();
    for (const codes of chunks([...new Set(rows.map((r) => r.employeeCode))], IN_CHUNK))
      for (const e of await em.findBy(PersonalNumberEmployee, {
        organizationId: orgId,
        employeeCode: In(codes),
      }))
        employees.set(e.employeeCode, e);
    const codeOf = new Map([...employees.values()].map((e) => [e.id, e.employeeCode]));
    const stored = new Map<string, StoredRecord>();
    const storedByEmployee = new Map<string, StoredRecord[]>();
    for (const ids of chunks([...codeOf.keys()], IN_CHUNK))
      for (const r of await em.find(PersonalNumberRecord, {
        where: { organizationId: orgId, employeeId: In(ids) },
        select: {
          id: true,
          employeeId: true,
          relation: true,
          familyName: true,
          givenName: true,
          state: true,
          numberDigest: true,
          numberCipher: true,
        },
      })) {
        stored.set(recordKey({ ...r, employeeCode: codeOf.get(r.employeeId)! }), r);
        storedByEmployee.set(r.employeeId, [...(storedByEmployee.get(r.employeeId) ?? []), r]);
      }

    // Employees: new ones, and changes to 所属 / 退職日, within the caller's reach.
    const newEmployees = new Map<string, PersonalNumberEmployee>();
    const employeeUpdates = new Map<string, PersonalNumberEmployee>();
    const lockedGroups = new Set<string>();
    for (const row of rows) {
      const existing = employees.get(row.employeeCode);
      if (existing && !withinReach(reach, existing.groupId)) {
        errors.push({
          line: row.line,
          field: CSV_COLUMNS.employeeCode,
          message: 'the employee is outside the groups you handle',
        });
        continue;
      }
      let groupId = existing?.groupId ?? null;
      if (row.groupCode !== undefined) {
        groupId = row.groupCode === null ? null : (groupIds.get(row.groupCode) ?? null);
        if (row.groupCode !== null && groupId === null) {
          errors.push({
            line: row.line,
            field: CSV_COLUMNS.groupCode,
            message: 'no group of the organization has this code',
          });
          continue;
        }
      }
      if (!withinReach(reach, groupId)) {
        errors.push({
          line: row.line,
          field: CSV_COLUMNS.groupCode,
          message: 'the group is outside the groups you handle',
        });
        continue;
      }
      if (groupId && !lockedGroups.has(groupId)) {
        await this.groups.lockGroup(em, orgId, groupId);
        lockedGroups.add(groupId);
      }
      const retiredOn = row.retiredOn === undefined ? (existing?.retiredOn ?? null) : row.retiredOn;
      if (!existing) {
        if (!newEmployees.has(row.employeeCode))
          newEmployees.set(row.employeeCode, {
            id: newId(),
            organizationId: orgId,
            employeeCode: row.employeeCode,
            groupId,
            retiredOn,
            createdAt: now,
            updatedAt: now,
          });
      } else if (existing.groupId !== groupId || existing.retiredOn !== retiredOn) {
        employeeUpdates.set(existing.id, { ...existing, groupId, retiredOn, updatedAt: now });
      }
    }

    // Which stored records get a new number: their old numbers no longer count as taken.
    const replaced = new Set<string>();
    for (const row of rows) {
      const match = stored.get(recordKey(row));
      if (match && row.number) replaced.add(match.id);
    }
    const selfTaken = await this.storedSelfNumbers(em, orgId, rows);

    const newRecords: PersonalNumberRecord[] = [];
    const recordUpdates: { id: string; values: Partial<PersonalNumberRecord>; numberChanged: boolean }[] = [];
    for (const row of rows) {
      const employee = employees.get(row.employeeCode) ?? newEmployees.get(row.employeeCode);
      if (!employee) continue; // refused above
      const match = stored.get(recordKey(row));
      const hasNumberAfter = row.number !== null || !!match?.numberCipher;
      const outcome = resolveState({
        hasNumberAfter,
        requested: row.state ?? undefined,
        current: match?.state,
      });
      if ('field' in outcome) {
        errors.push({ line: row.line, field: CSV_COLUMNS[outcome.field], message: outcome.message });
        continue;
      }
      let numberChanged = false;
      if (row.number) {
        const candidates = new Set(this.vault.candidateDigests(orgId, row.number));
        numberChanged = !(match?.numberDigest && candidates.has(match.numberDigest));
        const clash = (storedByEmployee.get(employee.id) ?? []).find(
          (r) =>
            r.id !== match?.id && !replaced.has(r.id) && r.numberDigest && candidates.has(r.numberDigest),
        );
        if (clash) {
          errors.push({
            line: row.line,
            field: CSV_COLUMNS.number,
            message: 'already registered for this employee or a family member',
          });
          continue;
        }
        if (row.relation === 'self') {
          const other = [...candidates].flatMap((d) => selfTaken.get(d) ?? []);
          if (other.some((r) => r.employeeId !== employee.id && !replaced.has(r.id))) {
            errors.push({
              line: row.line,
              field: CSV_COLUMNS.number,
              message: "already registered as another employee's own number",
            });
            continue;
          }
        }
      }
      const id = match?.id ?? newId();
      const sealed = row.number && numberChanged ? this.vault.seal(orgId, id, row.number) : null;
      const values: Partial<PersonalNumberRecord> = {
        familyName: row.familyName,
        givenName: row.givenName,
        state: outcome.state,
        updatedBy: actor.userId,
        updatedAt: now,
      };
      if (sealed)
        Object.assign(values, {
          numberCipher: sealed.cipher,
          numberKeyId: sealed.keyId,
          numberDigest: sealed.digest,
          selfDigest: row.relation === 'self' ? sealed.digest : null,
        });
      if (!match) {
        newRecords.push({
          id,
          organizationId: orgId,
          employeeId: employee.id,
          relation: row.relation,
          singleRelation: singleRelation(row.relation),
          familyName: row.familyName,
          givenName: row.givenName,
          state: outcome.state,
          numberCipher: sealed?.cipher ?? null,
          numberKeyId: sealed?.keyId ?? null,
          numberDigest: sealed?.digest ?? null,
          selfDigest: row.relation === 'self' ? (sealed?.digest ?? null) : null,
          createdBy: actor.userId,
          updatedBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        });
      } else if (
        numberChanged ||
        match.familyName !== row.familyName ||
        match.givenName !== row.givenName ||
        match.state !== outcome.state
      ) {
        recordUpdates.push({ id, values, numberChanged });
      }
    }
    return {
      newEmployees: [...newEmployees.values()],
      employeeUpdates: [...employeeUpdates.values()],
      newRecords,
      recordUpdates,
    };
  }

  /** Stored `self` records whose digest matches a `self` number of the file, by digest. */
  private async storedSelfNumbers(
    em: EntityManager,
    orgId: string,
    rows: ImportRow[],
  ): Promise<Map<string, { id: string; employeeId: string }[]>> {
    const digests = rows
      .filter((r) => r.relation === 'self' && r.number)
      .flatMap((r) => this.vault.candidateDigests(orgId, r.number!));
    const found = new Map<string, { id: string; employeeId: string }[]>();
    for (const chunk of chunks(digests, IN_CHUNK))
      for (const r of await em.find(PersonalNumberRecord, {
        where: { organizationId: orgId, selfDigest: In(chunk) },
        select: { id: true, employeeId: true, selfDigest: true },
      }))
        found.set(r.selfDigest!, [
          ...(found.get(r.selfDigest!) ?? []),
          { id: r.id, employeeId: r.employeeId },
        ]);
    return found;
  }

  private async write(
    em: EntityManager,
    caller: Caller,
    plan: Awaited<ReturnType<PersonalNumberImportService['plan']>>,
  ): Promise<void> {
    const orgId = caller.actor.orgId;
    await insertRows(em, PersonalNumberEmployee, plan.newEmployees);
    await updateRows(
      em,
      PersonalNumberEmployee,
      orgId,
      ['groupId', 'retiredOn', 'updatedAt'],
      plan.employeeUpdates.map((e) => ({ id: e.id, values: e })),
    );
    // Numbers move between records of one employee in one file (a swap): free the old digests first, so that the
    // unique indexes never see a transient duplicate.
    const renumbered = plan.recordUpdates.filter((u) => u.numberChanged);
    for (const ids of chunks(
      renumbered.map((u) => u.id),
      IN_CHUNK,
    ))
      await em.update(
        PersonalNumberRecord,
        { organizationId: orgId, id: In(ids) },
        { numberDigest: null, selfDigest: null },
      );
    await updateRows(
      em,
      PersonalNumberRecord,
      orgId,
      [
        'familyName',
        'givenName',
        'state',
        'numberCipher',
        'numberKeyId',
        'numberDigest',
        'selfDigest',
        'updatedBy',
        'updatedAt',
      ],
      renumbered,
    );
    await updateRows(
      em,
      PersonalNumberRecord,
      orgId,
      ['familyName', 'givenName', 'state', 'updatedBy', 'updatedAt'],
      plan.recordUpdates.filter((u) => !u.numberChanged),
    );
    await insertRows(em, PersonalNumberRecord, plan.newRecords);
  }
}

function rejected(errors: RowError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return AppError.unprocessable(
    ErrorCode.ImportInvalid,
    'The file was not imported: fix the rows listed and send it again',
    {
      rows: sorted.slice(0, MAX_REPORTED_ERRORS),
      errorCount: errors.length,
    },
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
