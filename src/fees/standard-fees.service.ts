import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, LessThanOrEqual, type Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate, isValidDateString } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { feeTableProblems, sortedRows } from './fee-table';
import type { FeeRow } from './fee-types';
import { StandardFeeVersion } from './standard-fee-version.entity';

export interface StandardFeeVersionView {
  id: string;
  revision: number;
  effectiveFrom: string;
  /** `scheduled` (takes effect later), `current` (in effect today) or `superseded`. */
  state: 'scheduled' | 'current' | 'superseded';
  rows: FeeRow[];
  createdBy: string | null;
  createdAt: string;
  /** When the switch-over job recorded that the version took effect. */
  activatedAt: string | null;
}

/** Revisions drawn again when two operators add a version at the same moment. */
const REVISION_ATTEMPTS = 5;

/**
 * The standard fee table (基準手数料, SPEC §6), kept by the system operator as dated versions. Which version prices
 * a transfer is decided by the business date alone (`inEffectOn`), so a new standard reaches every organization
 * that follows it at 00:00 of its effective date (APP_TIMEZONE) and not a moment before, whether or not the
 * switch-over job has run yet; the job records and audits the switch (`recordSwitchOvers`).
 */
@Injectable()
export class StandardFeesService {
  constructor(
    @InjectRepository(StandardFeeVersion) private readonly versions: Repository<StandardFeeVersion>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  today(): string {
    return businessDate(this.clock.now(), this.config.timeZone);
  }

  /** `POST /fees/standard`: a new version from `effectiveFrom` (today or later). */
  async create(operatorId: string, effectiveFrom: string, rows: FeeRow[]): Promise<StandardFeeVersionView> {
    assertDate('effectiveFrom', effectiveFrom);
    const today = this.today();
    if (effectiveFrom < today) {
      throw AppError.validation({ effectiveFrom: ['effectiveFrom cannot be in the past'] });
    }
    assertValidRows(rows);
    for (let attempt = 1; ; attempt++) {
      try {
        const version = await this.tx.run(async (em) => {
          const now = this.clock.now();
          const row = em.create(StandardFeeVersion, {
            id: newId(now.getTime()),
            revision: (await this.maxRevision(em)) + 1,
            effectiveFrom,
            rows: sortedRows(rows),
            createdBy: operatorId,
            createdAt: now,
            // A version for today takes effect at once: there is no later switch-over to record it.
            activatedAt: effectiveFrom <= today ? now : null,
          });
          await em.insert(StandardFeeVersion, row);
          return row;
        });
        return this.toView(version, today, await this.inEffectOn(today));
      } catch (error) {
        // Two versions drew the same revision at the same moment: the unique index decided; draw again.
        if (isDuplicateKeyError(error) && attempt < REVISION_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /** Every version, newest revision first, each with its state today. */
  async list(): Promise<{ items: StandardFeeVersionView[] }> {
    const today = this.today();
    const current = await this.inEffectOn(today);
    const rows = await this.versions.find({ order: { revision: 'DESC' } });
    return { items: rows.map((v) => this.toView(v, today, current)) };
  }

  /** The version in effect on `date` (default today); 404 when no standard applies yet. */
  async viewInEffect(date?: string): Promise<StandardFeeVersionView> {
    const on = date ?? this.today();
    assertDate('date', on);
    const version = await this.inEffectOn(on);
    if (!version) throw AppError.notFound('Standard fee table');
    return this.toView(version, this.today(), await this.inEffectOn(this.today()));
  }

  /** A version that has not taken effect may be withdrawn; one in effect or past is history. */
  async remove(id: string): Promise<void> {
    await this.tx.run(async (em) => {
      const version = await em.findOne(StandardFeeVersion, { where: { id } });
      if (!version) throw AppError.notFound('Standard fee table');
      if (version.effectiveFrom <= this.today()) {
        throw new AppError(
          ErrorCode.StandardFeeAlreadyEffective,
          HttpStatus.CONFLICT,
          'A standard fee table that has taken effect cannot be deleted; add a new version instead',
        );
      }
      await em.delete(StandardFeeVersion, { id });
    });
  }

  /** The version that prices transfers on a business date: the latest effective date on or before it. */
  async inEffectOn(date: string, em?: EntityManager): Promise<StandardFeeVersion | null> {
    const repo = em ? em.getRepository(StandardFeeVersion) : this.versions;
    return repo.findOne({
      where: { effectiveFrom: LessThanOrEqual(date) },
      order: { effectiveFrom: 'DESC', revision: 'DESC' },
    });
  }

  /**
   * Records the switch to every version whose effective date has come (the scheduled switch-over, SPEC §6/§10).
   * Idempotent: a version is marked once; returns the revisions marked by this call.
   */
  async recordSwitchOvers(): Promise<number[]> {
    const today = this.today();
    return this.tx.run(async (em) => {
      const due = await em.find(StandardFeeVersion, {
        where: { effectiveFrom: LessThanOrEqual(today), activatedAt: IsNull() },
        select: { id: true, revision: true },
        order: { revision: 'ASC' },
      });
      if (!due.length) return [];
      await em
        .createQueryBuilder()
        .update(StandardFeeVersion)
        .set({ activatedAt: this.clock.now() })
        .where('id IN (:...ids) AND activated_at IS NULL', { ids: due.map((v) => v.id) })
        .execute();
      return due.map((v) => v.revision);
    });
  }

  private async maxRevision(em: EntityManager): Promise<number> {
    const row = await em
      .createQueryBuilder(StandardFeeVersion, 'v')
      .select('MAX(v.revision)', 'max')
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  }

  private toView(
    v: StandardFeeVersion,
    today: string,
    current: StandardFeeVersion | null,
  ): StandardFeeVersionView {
    const state = v.effectiveFrom > today ? 'scheduled' : current?.id === v.id ? 'current' : 'superseded';
    return {
      id: v.id,
      revision: v.revision,
      effectiveFrom: v.effectiveFrom,
      state,
      rows: v.rows,
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
      activatedAt: v.activatedAt ? v.activatedAt.toISOString() : null,
    };
  }
}

export function assertDate(field: string, value: string): void {
  if (!isValidDateString(value))
    throw AppError.validation({ [field]: [`${field} must be a real date YYYY-MM-DD`] });
}

export function assertValidRows(rows: FeeRow[], field = 'rows'): void {
  const problems = feeTableProblems(rows);
  if (problems.length) throw AppError.validation({ [field]: problems });
}
