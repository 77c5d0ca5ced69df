import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThanOrEqual, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { OrganizationLock } from '../organizations/organization-lock.service';
import type { PutOrganizationFeeTableDto } from './dto/organization-fee-table.dto';
import { sortedRows } from './fee-table';
import {
  FEE_TABLE_LABELS,
  type FeeMethod,
  type FeeRow,
  type FeeTableKind,
  hasCalculationMethod,
  hasMinimumPaymentAmount,
} from './fee-types';
import { OrganizationFeeTable } from './organization-fee-table.entity';
import { StandardFeesService, assertDate, assertValidRows } from './standard-fees.service';

/** One of an organization's fee tables as it applies on a business date. */
export interface ResolvedFeeTable {
  kind: FeeTableKind;
  /** 先方負担手数料[振込振替] etc. */
  label: string;
  /** The business date the table was resolved for. */
  date: string;
  /** Follows the standard (使用する): `rows` are the standard's in effect on `date`. */
  useStandard: boolean;
  /** 手数料計算方法 (payee-borne bulk only; null for the other tables). */
  method: FeeMethod | null;
  /** 適用最低支払金額 (payee-borne tables only; null for the payer-borne table). */
  minimumPaymentAmount: number | null;
  /** The bands that apply; null when the table follows the standard and no standard applies on `date` yet. */
  rows: FeeRow[] | null;
  /** The organization's version in effect; null when the organization never set this table (it follows the standard). */
  version: {
    id: string;
    revision: number;
    effectiveFrom: string;
    createdBy: string | null;
    createdAt: string;
  } | null;
  /** The standard version the rows come from, when following it. */
  standard: { id: string; revision: number; effectiveFrom: string } | null;
}

export interface FeeTableVersionView {
  id: string;
  revision: number;
  effectiveFrom: string;
  useStandard: boolean;
  method: FeeMethod | null;
  minimumPaymentAmount: number | null;
  rows: FeeRow[] | null;
  createdBy: string | null;
  createdAt: string;
}

/**
 * An organization's three fee tables (手数料情報, SPEC §6). Each change is a new version (who, when, effective from);
 * the version in effect on a date is the latest effective date on or before it. A table never set follows the
 * standard with the 据置型 method and no minimum. "Follow the standard" stores no rows: the rows are the standard's
 * in effect on the date asked, so a new standard reaches the table on its effective date and not before.
 * "Load standard" (手数料を読み込む) copies today's standard rows in as the organization's own.
 */
@Injectable()
export class FeeTablesService {
  constructor(
    @InjectRepository(OrganizationFeeTable) private readonly tables: Repository<OrganizationFeeTable>,
    private readonly standard: StandardFeesService,
    private readonly lock: OrganizationLock,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** The table as it applies on `date` (default today). */
  async resolve(orgId: string, kind: FeeTableKind, date?: string): Promise<ResolvedFeeTable> {
    const on = date ?? this.standard.today();
    assertDate('date', on);
    const version = await this.tables.findOne({
      where: { organizationId: orgId, kind, effectiveFrom: LessThanOrEqual(on) },
      order: { effectiveFrom: 'DESC', revision: 'DESC' },
    });
    const useStandard = version?.useStandard ?? true;
    const standard = useStandard ? await this.standard.inEffectOn(on) : null;
    return {
      kind,
      label: FEE_TABLE_LABELS[kind],
      date: on,
      useStandard,
      method: hasCalculationMethod(kind) ? (version?.method ?? 'fixed') : null,
      minimumPaymentAmount: hasMinimumPaymentAmount(kind) ? (version?.minimumPaymentAmount ?? 0) : null,
      rows: useStandard ? (standard?.rows ?? null) : version!.rows,
      version: version
        ? {
            id: version.id,
            revision: version.revision,
            effectiveFrom: version.effectiveFrom,
            createdBy: version.createdBy,
            createdAt: version.createdAt.toISOString(),
          }
        : null,
      standard: standard
        ? { id: standard.id, revision: standard.revision, effectiveFrom: standard.effectiveFrom }
        : null,
    };
  }

  /** Every version of the table, newest first. */
  async versions(orgId: string, kind: FeeTableKind): Promise<{ items: FeeTableVersionView[] }> {
    const rows = await this.tables.find({
      where: { organizationId: orgId, kind },
      order: { revision: 'DESC' },
    });
    return {
      items: rows.map((v) => ({
        id: v.id,
        revision: v.revision,
        effectiveFrom: v.effectiveFrom,
        useStandard: v.useStandard,
        method: v.method,
        minimumPaymentAmount: v.minimumPaymentAmount,
        rows: v.rows,
        createdBy: v.createdBy,
        createdAt: v.createdAt.toISOString(),
      })),
    };
  }

  /** `PUT .../fees/{kind}`: a new version, effective today unless a later date is given. */
  async put(actor: Actor, kind: FeeTableKind, dto: PutOrganizationFeeTableDto): Promise<ResolvedFeeTable> {
    const problems: Record<string, string[]> = {};
    if (dto.method !== undefined && !hasCalculationMethod(kind)) {
      problems.method = [`${FEE_TABLE_LABELS[kind]} has no calculation method`];
    }
    if (dto.minimumPaymentAmount !== undefined && !hasMinimumPaymentAmount(kind)) {
      problems.minimumPaymentAmount = [`${FEE_TABLE_LABELS[kind]} has no minimum applicable payment amount`];
    }
    if (dto.useStandard && dto.rows?.length) {
      problems.rows = ['rows must be empty when the table follows the standard (useStandard: true)'];
    }
    if (!dto.useStandard && !dto.rows?.length) {
      problems.rows = ['rows are required when the table does not follow the standard'];
    }
    if (Object.keys(problems).length) throw AppError.validation(problems);
    if (!dto.useStandard) assertValidRows(dto.rows!);
    const today = this.standard.today();
    const effectiveFrom = dto.effectiveFrom ?? today;
    assertDate('effectiveFrom', effectiveFrom);
    if (effectiveFrom < today)
      throw AppError.validation({ effectiveFrom: ['effectiveFrom cannot be in the past'] });
    await this.tx.run((em) =>
      this.addVersion(em, actor, kind, {
        effectiveFrom,
        useStandard: dto.useStandard,
        method: hasCalculationMethod(kind) ? (dto.method ?? 'fixed') : null,
        minimumPaymentAmount: hasMinimumPaymentAmount(kind) ? (dto.minimumPaymentAmount ?? 0) : null,
        rows: dto.useStandard ? null : sortedRows(dto.rows!),
      }),
    );
    return this.resolve(actor.orgId, kind, effectiveFrom);
  }

  /**
   * `POST .../fees/{kind}/load-standard` (手数料を読み込む): today's standard rows become the organization's own,
   * from today, keeping the table's method and minimum applicable payment amount.
   */
  async loadStandard(actor: Actor, kind: FeeTableKind): Promise<ResolvedFeeTable> {
    const today = this.standard.today();
    const standard = await this.standard.inEffectOn(today);
    if (!standard) {
      throw new AppError(
        ErrorCode.FeeTableNotSet,
        HttpStatus.UNPROCESSABLE_ENTITY,
        'No standard fee table is in effect to load',
      );
    }
    const current = await this.resolve(actor.orgId, kind, today);
    await this.tx.run((em) =>
      this.addVersion(em, actor, kind, {
        effectiveFrom: today,
        useStandard: false,
        method: current.method,
        minimumPaymentAmount: current.minimumPaymentAmount,
        rows: standard.rows,
      }),
    );
    return this.resolve(actor.orgId, kind, today);
  }

  /** Under the organization row lock, so revisions are assigned one after another. */
  private async addVersion(
    em: EntityManager,
    actor: Actor,
    kind: FeeTableKind,
    values: Pick<
      OrganizationFeeTable,
      'effectiveFrom' | 'useStandard' | 'method' | 'minimumPaymentAmount' | 'rows'
    >,
  ): Promise<void> {
    await this.lock.lock(em, actor.orgId);
    const row = await em
      .createQueryBuilder(OrganizationFeeTable, 't')
      .select('MAX(t.revision)', 'max')
      .where('t.organizationId = :orgId AND t.kind = :kind', { orgId: actor.orgId, kind })
      .getRawOne<{ max: number | string | null }>();
    const now = this.clock.now();
    await em.insert(OrganizationFeeTable, {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      kind,
      revision: Number(row?.max ?? 0) + 1,
      ...values,
      createdBy: actor.userId,
      createdAt: now,
    });
  }
}
