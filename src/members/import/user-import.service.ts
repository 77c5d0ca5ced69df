import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import type { CsvEncoding } from '@kanri/common/csv/csv-encoding';
import { bool } from '@kanri/common/database/sql-values';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { toErrorBody } from '@kanri/common/http/all-exceptions.filter';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { passwordPolicyProblems } from '@kanri/security/password-policy';
import type { Actor } from '@kanri/access/actor';
import { GroupsService } from '../../organizations/groups.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { MemberAccounts } from '../../users/member-accounts.service';
import type { User } from '../../users/user.entity';
import type { UserAuditActor } from '../user-audit-trail';
import { USER_CSV_COLUMNS, type UserCsvInput } from '../user-csv-columns';
import { CsvFileError, decodeCsv, parseCsv } from '@kanri/common/csv/csv-reader';
import { headerOf, readRow, type RowError } from './import-row';
import { type ImportJobState, UserImportJob } from './user-import-job.entity';
import { type PlannedRow, UserImportWriter } from './user-import.writer';

/** SPEC §4: at most 10,000 rows per file. */
export const MAX_IMPORT_ROWS = 10_000;
/** Errors kept in a failed job (the first ones, in line order). */
const MAX_REPORTED_ERRORS = 1000;
/** Rows validated between two yields to the event loop (and progress updates). */
const BATCH = 1000;
const PROGRESS_INTERVAL_MS = 500;
/** A job whose heartbeat is older than this was interrupted (its process stopped): nothing of it was written. */
const STALE_AFTER_MS = 10 * 60_000;

export interface ImportJobView {
  id: string;
  state: ImportJobState;
  /** Data rows in the file. */
  total: number;
  /** Rows checked so far (validated, passwords hashed); the rows are then written in one transaction. */
  processed: number;
  /** Users created and updated (rows that change nothing are not counted), once the job succeeded. */
  created: number;
  updated: number;
  /** Why the file was rejected: SPEC §4 `details.rows`, in line order. */
  errors: RowError[];
  /** The error code of a failed job (IMPORT_INVALID, USER_LIMIT_REACHED, MANAGER_REQUIRED, CONFLICT, …). */
  errorCode: string | null;
  fileName: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What the check needs of an account that already has a login ID of the file. */
type ExistingAccount = Pick<User, 'id' | 'organizationId' | 'familyName' | 'givenName' | 'isProvisional'>;

interface ImportInput {
  actor: Actor;
  by: UserAuditActor;
  header: string[];
  records: { line: number; cells: string[] }[];
}

/**
 * CSV import (SPEC §4 インポート; manual: ユーザーインポート). The request parses the file and answers 202 with a job;
 * the job, in the same process, validates every row with the DTO rules, and only if no row has an error writes
 * them all in one transaction (user-import.writer.ts). Its state lives in `user_import_jobs`, so any instance
 * answers `GET .../import/:jobId`.
 *
 * Rules beyond the field rules (decisions where the spec is silent):
 * - rows create or update by login ID; a login ID of an account outside this organization is an error;
 * - columns missing from the file leave those fields as they are; an empty cell clears an optional field;
 * - a new user without パスワード is created provisional (仮登録) and is not mailed; send the invitation from the
 *   user's screen (POST .../users/:userId/invitation). 仮登録 = 0 without a password, or 1 with one, is an error;
 *   on an existing user 仮登録 must match the account (it changes only through the invitation);
 * - 権限, グループ and the timestamps are output columns and are ignored;
 * - the caller cannot disable their own account; disabling goes through the manager policy.
 */
@Injectable()
export class UserImportService {
  private readonly logger = new Logger(UserImportService.name);

  constructor(
    @InjectRepository(UserImportJob) private readonly jobs: Repository<UserImportJob>,
    private readonly accounts: MemberAccounts,
    private readonly tx: TransactionService,
    private readonly groups: GroupsService,
    private readonly organizations: OrganizationsService,
    private readonly hasher: PasswordHasher,
    private readonly writer: UserImportWriter,
    private readonly clock: Clock,
  ) {}

  /** Reads the upload, records the job and starts it after the response; too many rows is 413 IMPORT_TOO_LARGE. */
  async start(
    actor: Actor,
    by: UserAuditActor,
    file: { buffer: Buffer; originalname?: string },
    encoding?: CsvEncoding,
  ): Promise<{ jobId: string }> {
    let parsed: { header: string[]; records: { line: number; cells: string[] }[] } | null = null;
    let fileError: RowError | null = null;
    try {
      parsed = parseCsv(decodeCsv(file.buffer, encoding));
    } catch (error) {
      if (!(error instanceof CsvFileError)) throw error;
      fileError = { line: error.line, field: '', message: error.message };
    }
    if (parsed && parsed.records.length > MAX_IMPORT_ROWS) {
      throw new AppError(
        ErrorCode.ImportTooLarge,
        413,
        `A file may hold at most ${MAX_IMPORT_ROWS} rows; this one has ${parsed.records.length}`,
        { maxRows: MAX_IMPORT_ROWS, rows: parsed.records.length },
      );
    }
    const now = this.clock.now();
    const job: UserImportJob = {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      requestedBy: actor.userId,
      state: fileError ? 'failed' : 'queued',
      fileName: file.originalname?.slice(0, 255) ?? null,
      total: parsed?.records.length ?? 0,
      processed: 0,
      createdCount: 0,
      updatedCount: 0,
      errorCode: fileError ? ErrorCode.ImportInvalid : null,
      errors: fileError ? JSON.stringify([fileError]) : null,
      createdAt: now,
      updatedAt: now,
      finishedAt: fileError ? now : null,
    };
    await this.tx.run((em) => em.insert(UserImportJob, job));
    if (parsed) {
      const input: ImportInput = { actor, by, ...parsed };
      setImmediate(() => {
        this.run(job, input).catch((error: Error) =>
          this.logger.error(`import ${job.id} could not record its failure: ${error?.message}`),
        );
      });
    }
    return { jobId: job.id };
  }

  /** `GET .../import/:jobId`: the job of this organization (404 otherwise). */
  async view(orgId: string, jobId: string): Promise<ImportJobView> {
    const job = await this.jobs.findOne({ where: { id: jobId, organizationId: orgId } });
    if (!job) throw AppError.notFound('Import job');
    const stale =
      (job.state === 'queued' || job.state === 'running') &&
      this.clock.now().getTime() - job.updatedAt.getTime() > STALE_AFTER_MS;
    return {
      id: job.id,
      state: stale ? 'failed' : job.state,
      total: job.total,
      processed: job.processed,
      created: job.createdCount,
      updated: job.updatedCount,
      errors: job.errors ? (JSON.parse(job.errors) as RowError[]) : [],
      errorCode: stale ? ErrorCode.ImportInterrupted : job.errorCode,
      fileName: job.fileName,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  /** The job: check every row, then write all of them or none. Records its own failure. */
  async run(job: UserImportJob, input: ImportInput): Promise<void> {
    try {
      await this.progress(job.id, { state: 'running' });
      const { rows, errors } = await this.check(job, input);
      if (errors.length) {
        return await this.finish(job.id, 'failed', {
          errorCode: ErrorCode.ImportInvalid,
          errors: errors.slice(0, MAX_REPORTED_ERRORS),
        });
      }
      const outcome = await this.tx.run(async (em) => {
        const result = await this.writer.write(
          em,
          input.actor.orgId,
          rows,
          { ...input.by, isSystemOperator: input.actor.isSystemOperator },
          { jobId: job.id, fileName: job.fileName },
        );
        await this.finishIn(em, job.id, 'succeeded', { created: result.created, updated: result.updated });
        return result;
      });
      this.logger.log(`import ${job.id}: ${outcome.created} created, ${outcome.updated} updated`);
    } catch (error) {
      const body = toErrorBody(error);
      if (body.statusCode >= 500)
        this.logger.error(`import ${job.id} failed: ${(error as Error)?.stack ?? error}`);
      const details = body.details as { line?: number; field?: string } | undefined;
      await this.finish(job.id, 'failed', {
        errorCode: body.code,
        errors: [{ line: details?.line ?? 0, field: details?.field ?? '', message: body.message }],
      });
    }
  }

  /** Validates every row and prepares the valid ones (group ids, password hashes); all errors, line order. */
  private async check(
    job: UserImportJob,
    input: ImportInput,
  ): Promise<{ rows: PlannedRow[]; errors: RowError[] }> {
    const errors: RowError[] = [];
    const columns = this.columns(input.header, errors);
    if (!columns) return { rows: [], errors };
    const orgId = input.actor.orgId;
    const position = Object.fromEntries(columns) as Partial<Record<UserCsvInput, number>>;
    const loginIds = input.records.map((r) => (r.cells[columns.get('loginId')!] ?? '').trim());
    const existing = await this.existingAccounts(loginIds);
    const groupIds = new Map((await this.groups.list(orgId)).items.map((g) => [g.code, g.id]));
    const policy = (await this.organizations.effectiveSettingsOf(orgId)).passwordPolicy;
    const seen = new Map<string, number>();
    const rows: PlannedRow[] = [];
    let lastProgress = Date.now();

    for (let start = 0; start < input.records.length; start += BATCH) {
      const batch: { row: PlannedRow; password: string | null }[] = [];
      for (const record of input.records.slice(start, start + BATCH)) {
        const loginId = (record.cells[columns.get('loginId')!] ?? '').trim();
        const account = existing.get(loginId) ?? null;
        const member = account?.organizationId === orgId ? account : null;
        const { values, errors: rowErrors } = readRow(
          record.line,
          (input) => (position[input] === undefined ? undefined : record.cells[position[input]]),
          member,
        );
        const fail = (input: UserCsvInput | '', message: string) =>
          rowErrors.push({ line: record.line, field: input ? headerOf(input) : '', message });
        if (seen.has(loginId)) fail('loginId', `appears more than once (first on line ${seen.get(loginId)})`);
        else if (loginId) seen.set(loginId, record.line);
        if (account && !member) fail('loginId', 'is registered to an account outside this organization');
        let groupId: string | null | undefined;
        if (values.groupCode !== undefined) {
          groupId = values.groupCode === null ? null : groupIds.get(values.groupCode);
          if (groupId === undefined) fail('groupCode', 'no group of this organization has this code');
        }
        const password = values.password ?? null;
        if (password) {
          for (const problem of passwordPolicyProblems(password, policy)) fail('password', problem);
        }
        if (member) {
          if (values.provisional !== undefined && values.provisional !== member.isProvisional) {
            fail('provisional', '仮登録 changes only when the user accepts the invitation');
          }
          if (password && member.isProvisional)
            fail('password', 'a provisional user sets their own password');
          if (values.disabled && member.id === input.actor.userId)
            fail('disabled', 'you cannot disable your own account');
        } else {
          if (!password && values.provisional === false) {
            fail('password', 'is required to register a user who is not provisional (仮登録 = 1 needs none)');
          }
          if (password && values.provisional === true)
            fail('password', 'a provisional user sets their own password');
        }
        errors.push(...rowErrors);
        if (!rowErrors.length && !errors.length) {
          batch.push({
            row: { line: record.line, values, existingId: member?.id ?? null, groupId, passwordHash: null },
            password,
          });
        }
      }
      if (!errors.length) {
        await Promise.all(
          batch.map(async (b) => {
            if (b.password) b.row.passwordHash = await this.hasher.hash(b.password);
          }),
        );
        rows.push(...batch.map((b) => b.row));
      }
      const processed = Math.min(input.records.length, start + BATCH);
      if (Date.now() - lastProgress >= PROGRESS_INTERVAL_MS || processed === input.records.length) {
        lastProgress = Date.now();
        await this.progress(job.id, { processed });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { rows, errors };
  }

  /** Column positions by header; unknown or repeated headers and a missing ログインID are errors on line 1. */
  private columns(header: string[], errors: RowError[]): Map<UserCsvInput, number> | null {
    const byHeader = new Map<string, UserCsvInput | null>(USER_CSV_COLUMNS.map((c) => [c.header, c.input]));
    const columns = new Map<UserCsvInput, number>();
    const seen = new Set<string>();
    header.forEach((h, i) => {
      if (seen.has(h)) errors.push({ line: 1, field: h, message: 'this column appears twice' });
      seen.add(h);
      if (!byHeader.has(h)) errors.push({ line: 1, field: h, message: 'unknown column' });
      const input = byHeader.get(h);
      if (input) columns.set(input, i);
    });
    if (!columns.has('loginId'))
      errors.push({ line: 1, field: 'ログインID', message: 'the column is required' });
    return errors.length ? null : columns;
  }

  /**
   * Accounts with these login IDs, any organization, read in chunks with a plain statement: the query builder's cost
   * of building a 2,000-parameter IN list showed in the import's check phase.
   */
  private async existingAccounts(loginIds: string[]): Promise<Map<string, ExistingAccount>> {
    const found = new Map<string, ExistingAccount>();
    const wanted = [...new Set(loginIds.filter(Boolean))];
    for (let i = 0; i < wanted.length; i += 2000) {
      const chunk = wanted.slice(i, i + 2000);
      const rows = await this.accounts.accountsByLoginIds(chunk);
      for (const r of rows) {
        found.set(String(r.login_id), {
          id: String(r.id),
          organizationId: (r.organization_id as string | null) ?? null,
          familyName: String(r.family_name),
          givenName: String(r.given_name),
          isProvisional: bool(r.is_provisional),
        });
      }
    }
    return found;
  }

  private async progress(
    jobId: string,
    change: Partial<Pick<UserImportJob, 'state' | 'processed'>>,
  ): Promise<void> {
    await this.tx.run((em) =>
      em.update(UserImportJob, { id: jobId }, { ...change, updatedAt: this.clock.now() }),
    );
  }

  private finish(
    jobId: string,
    state: ImportJobState,
    result: { errorCode?: string; errors?: RowError[]; created?: number; updated?: number },
  ): Promise<void> {
    return this.tx.run((em) => this.finishIn(em, jobId, state, result));
  }

  private async finishIn(
    em: EntityManager,
    jobId: string,
    state: ImportJobState,
    result: { errorCode?: string; errors?: RowError[]; created?: number; updated?: number },
  ): Promise<void> {
    const now = this.clock.now();
    await em.update(
      UserImportJob,
      { id: jobId },
      {
        state,
        errorCode: result.errorCode ?? null,
        errors: result.errors?.length ? JSON.stringify(result.errors) : null,
        createdCount: result.created ?? 0,
        updatedCount: result.updated ?? 0,
        updatedAt: now,
        finishedAt: now,
      },
    );
  }
}
