import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { addDays, businessDate, isValidDateString } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { approvalPermission, type BusinessType, Permission } from '@kanri/access/permission';
import type { FeeBearer, TransferPattern } from '../fees/fee-types';
import type { ApprovalMode } from '../organizations/organization-settings';
import type { FeeQuote } from '../fees/fee-calculator';
import { FeeQuoteService } from '../fees/fee-quote.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { PayeesService } from '../payees/payees.service';
import { AccountsService } from './accounts.service';
import { ApprovalRequestApprover } from './approval-request-approver.entity';
import {
  ApprovalRequest,
  type PayeeDetails,
  type PayeeKind,
  type PayrollKind,
} from './approval-request.entity';
import { type ApproverCandidate, ApproverDirectory } from './approver-directory.service';
import { UserMemberships } from '../users/user-memberships.service';
import type { CreateRequestDto, ListRequestsQuery, PayeeDto } from './dto/request.dto';
import { assertMayRequest, assertMayRequestSome } from './payee-request-policy';
import { RequestLimits } from './request-limits.service';
import {
  type RequestAction,
  type RequestSnapshot,
  assertApproverList,
  initialStatus,
  transition,
} from './request-state-policy';
import { type RequestPerson, type RequestView, toRequestView } from './request.view';
import { RequesterSettingsService } from './requester-settings.service';

/** How far ahead a request may be dated (振込指定日). */
const MAX_DAYS_AHEAD = 365;
/** Stale requests read per query by the expiry job. */
const EXPIRY_BATCH = 200;

/** What a new request says before anything is priced or stored. */
export interface NewRequestBasics {
  businessType: BusinessType;
  payrollKind?: PayrollKind;
  executionDate: string;
  approverIds: string[];
}

/** A request ready to store: priced, its approval mode known. */
export interface NewRequest extends NewRequestBasics {
  accountId: string;
  amount: number;
  payee: PayeeDetails;
  payeeKind: PayeeKind;
  pattern: TransferPattern;
  mode: ApprovalMode;
  bearer: FeeBearer;
  /** Null for account debits (no transfer fee). */
  fee: FeeQuote | null;
}

export interface RequestPage {
  items: RequestView[];
  total: number;
  page: number;
  perPage: number;
}

/**
 * Requests and decisions (依頼・承認, SPEC §5). Creation checks, in order: the request permission of the business,
 * the execution date, the approver list against the organization's approval mode (count, four eyes), that each
 * approver may approve this business, the fee (SPEC §6); then, in one transaction under the limit rows' locks,
 * the usable account, the requester's per-transaction limit and the account/company daily limits. Decisions lock
 * the request row and follow request-state-policy.ts; the final approval re-checks the limits in force.
 */
@Injectable()
export class ApprovalRequestsService {
  constructor(
    @InjectRepository(ApprovalRequest) private readonly requests: Repository<ApprovalRequest>,
    @InjectRepository(ApprovalRequestApprover)
    private readonly approvers: Repository<ApprovalRequestApprover>,
    private readonly tx: TransactionService,
    private readonly organizations: OrganizationsService,
    private readonly accounts: AccountsService,
    private readonly settings: RequesterSettingsService,
    private readonly limits: RequestLimits,
    private readonly directory: ApproverDirectory,
    private readonly memberships: UserMemberships,
    private readonly fees: FeeQuoteService,
    private readonly payees: PayeesService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  today(): string {
    return businessDate(this.clock.now(), this.config.timeZone);
  }

  async create(actor: Actor, dto: CreateRequestDto): Promise<RequestView> {
    const orgId = actor.orgId;
    const business = dto.businessType;
    const mode = await this.prepare(actor, {
      businessType: business,
      payrollKind: dto.payrollKind,
      executionDate: dto.executionDate,
      approverIds: dto.approverIds,
    });
    // After the general checks: the payee's source decides which request permission applies (403, nothing read
    // into the request before).
    const payee = await this.resolvePayee(actor, business, dto.payee);
    const bearer = dto.feeBearer ?? 'payer';
    const fee: FeeQuote | null =
      business === 'account_debit'
        ? null
        : await this.fees.quote(orgId, {
            businessType: business,
            pattern: dto.payee.pattern,
            amount: dto.amount,
            bearer,
            date: dto.executionDate,
          });
    return this.persist(actor, {
      businessType: business,
      payrollKind: dto.payrollKind,
      accountId: dto.accountId,
      amount: dto.amount,
      payee: payee.details,
      payeeKind: payee.kind,
      pattern: dto.payee.pattern,
      executionDate: dto.executionDate,
      approverIds: dto.approverIds,
      mode,
      bearer,
      fee,
    });
  }

  /**
   * The checks every new request passes before its amount is known to the limits (single requests and batches
   * alike): the request permission of the business, the execution date, the approver list against the approval
   * mode, and each approver's eligibility. Answers the approval mode in force.
   */
  async prepare(actor: Actor, input: NewRequestBasics): Promise<ApprovalMode> {
    const business = input.businessType;
    if (actor.isSystemOperator) throw AppError.forbidden('Requests are made by members of the organization');
    assertMayRequestSome(actor, business);
    if (input.payrollKind !== undefined && business !== 'payroll') {
      throw AppError.validation({ payrollKind: ['payrollKind is only for payroll requests'] });
    }
    if (business === 'payroll' && input.payrollKind === undefined) {
      throw AppError.validation({ payrollKind: ['payroll requests say salary or bonus'] });
    }
    this.assertExecutionDate(input.executionDate);
    const mode = (await this.organizations.effectiveSettingsOf(actor.orgId)).approvalModes[
      input.businessType
    ];
    assertApproverList(mode, actor.userId, input.approverIds);
    await this.directory.assertEligible(actor.orgId, business, input.approverIds);
    return mode;
  }

  /**
   * Stores a prepared request in one transaction under the limit rows' locks: usable account, the requester's
   * per-transaction limit, the daily limits, the request and its approver slots, then `withRows` (a batch's lines)
   * in the same transaction.
   */
  persist(
    actor: Actor,
    spec: NewRequest,
    withRows?: (em: EntityManager, request: ApprovalRequest) => Promise<void>,
  ): Promise<RequestView> {
    const orgId = actor.orgId;
    const status = initialStatus(spec.mode);
    return this.tx.run(async (em) => {
      await this.assertUsableAccount(em, orgId, actor.userId, spec.accountId);
      await this.limits.assertPerTransaction(em, orgId, actor.userId, spec.businessType, spec.amount);
      const now = this.clock.now();
      const { fee } = spec;
      const request: ApprovalRequest = {
        id: newId(now.getTime()),
        organizationId: orgId,
        businessType: spec.businessType,
        payrollKind: spec.businessType === 'payroll' ? spec.payrollKind! : null,
        requesterId: actor.userId,
        accountId: spec.accountId,
        amount: spec.amount,
        payee: spec.payee,
        payeeKind: spec.payeeKind,
        transferPattern: spec.pattern,
        executionDate: spec.executionDate,
        approvalMode: spec.mode,
        status,
        feeBearer: fee ? spec.bearer : null,
        deductedFee: fee?.deductedFee ?? null,
        transferAmount: fee?.transferAmount ?? null,
        actualFee: fee?.actualFee ?? null,
        feeDifference: fee?.difference ?? null,
        rejectReason: null,
        decidedBy: status === 'approved' ? actor.userId : null,
        decidedAt: status === 'approved' ? now : null,
        createdAt: now,
        updatedAt: now,
      };
      await this.limits.reserve(em, orgId, request, status === 'approved');
      await em.insert(ApprovalRequest, request);
      const slots = spec.approverIds.map((approverId, i) => ({
        requestId: request.id,
        position: i + 1,
        organizationId: orgId,
        approverId,
        approvedAt: null,
      }));
      if (slots.length) await em.insert(ApprovalRequestApprover, slots);
      if (withRows) await withRows(em, request);
      return toRequestView(request, slots);
    });
  }

  /** The request as its requester, approvers and approvals.view_all holders see it; 404 to anyone else. */
  async findVisible(actor: Actor, id: string): Promise<ApprovalRequest> {
    const request = await this.requests.findOne({ where: { id, organizationId: actor.orgId } });
    if (!request) throw AppError.notFound('Request');
    const slots = await this.approvers.find({ where: { requestId: id } });
    assertVisible(actor, request, slots);
    return request;
  }

  async get(actor: Actor, id: string): Promise<RequestView> {
    const request = await this.requests.findOne({ where: { id, organizationId: actor.orgId } });
    if (!request) throw AppError.notFound('Request');
    const slots = await this.approvers.find({ where: { requestId: id } });
    assertVisible(actor, request, slots);
    const view = toRequestView(request, slots);
    return { ...view, people: pick(await this.peopleOf(actor.orgId, [view]), view) };
  }

  /**
   * 承認者の指定: the members a request of `business` may name, for a caller who may request it (403 otherwise,
   * system operators included: they do not make requests). Only id, login ID and name.
   */
  async approverCandidates(actor: Actor, business: BusinessType): Promise<{ items: ApproverCandidate[] }> {
    if (actor.isSystemOperator) throw AppError.forbidden('Requests are made by members of the organization');
    assertMayRequestSome(actor, business);
    return { items: await this.directory.candidates(actor.orgId, business, actor.userId) };
  }

  /** Login ID and name of the requesters and approvers of `views`, members of the organization only. */
  private async peopleOf(orgId: string, views: readonly RequestView[]): Promise<Map<string, RequestPerson>> {
    const ids = [...new Set(views.flatMap((v) => [v.requesterId, ...v.approvers.map((a) => a.userId)]))];
    const people = new Map<string, RequestPerson>();
    if (!ids.length) return people;
    for (const m of await this.memberships.findNames(orgId, ids)) {
      people.set(m.id, { loginId: m.loginId, displayName: m.displayName });
    }
    return people;
  }

  /** Approve (承認) with the confirmation password (checked by the route's guard). */
  approve(actor: Actor, id: string): Promise<RequestView> {
    return this.decide(actor, id, { kind: 'approve', by: actor.userId, today: this.today() });
  }

  reject(actor: Actor, id: string, reason: string): Promise<RequestView> {
    return this.decide(actor, id, { kind: 'reject', by: actor.userId }, reason);
  }

  /** 引き戻し: the requester takes the request back while no approval is recorded. */
  withdraw(actor: Actor, id: string): Promise<RequestView> {
    return this.decide(actor, id, { kind: 'withdraw', by: actor.userId });
  }

  async list(actor: Actor, query: ListRequestsQuery): Promise<RequestPage> {
    const view = query.view ?? 'mine';
    if (view === 'all' && !actor.permissions.has(Permission.ApprovalsViewAll)) {
      throw AppError.forbidden(`Every request (全取引照会) needs ${Permission.ApprovalsViewAll}`);
    }
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const qb = this.requests
      .createQueryBuilder('r')
      .where('r.organizationId = :orgId', { orgId: actor.orgId });
    if (view === 'mine') qb.andWhere('r.requesterId = :me', { me: actor.userId });
    if (view === 'awaiting') {
      // Pending, naming me, not yet approved by me, and my turn: in ordered mode the one before me has approved.
      qb.innerJoin(
        ApprovalRequestApprover,
        'a',
        'a.requestId = r.id AND a.approverId = :me AND a.approvedAt IS NULL',
        { me: actor.userId },
      )
        .andWhere("r.status = 'pending'")
        .andWhere(
          `(r.approvalMode <> 'double_ordered' OR a.position = 1 OR EXISTS (
             SELECT 1 FROM approval_request_approvers p
              WHERE p.request_id = r.id AND p.position = a.position - 1 AND p.approved_at IS NOT NULL))`,
        );
    }
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.businessType) qb.andWhere('r.businessType = :business', { business: query.businessType });
    if (query.executionDateFrom) qb.andWhere('r.executionDate >= :from', { from: query.executionDateFrom });
    if (query.executionDateTo) qb.andWhere('r.executionDate <= :to', { to: query.executionDateTo });
    if (query.requesterLoginId !== undefined) {
      qb.andWhere(
        'r.requesterId IN (SELECT u.id FROM users u WHERE u.organization_id = :orgId AND u.login_id = :requesterLoginId)',
        { requesterLoginId: query.requesterLoginId },
      );
    }
    const [rows, total] = await qb
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    const slots = rows.length
      ? await this.approvers.find({ where: { requestId: In(rows.map((r) => r.id)) } })
      : [];
    const items = rows.map((r) =>
      toRequestView(
        r,
        slots.filter((s) => s.requestId === r.id),
      ),
    );
    const people = await this.peopleOf(actor.orgId, items);
    return {
      items: items.map((v) => ({ ...v, people: pick(people, v) })),
      total,
      page,
      perPage,
    };
  }

  /** One decision under the request's row lock, all or nothing. */
  private decide(
    actor: Actor,
    id: string,
    action: RequestAction,
    reason: string | null = null,
  ): Promise<RequestView> {
    return this.tx.run(async (em) => {
      const request = await this.lockRequest(em, actor.orgId, id);
      const slots = await em.find(ApprovalRequestApprover, { where: { requestId: id } });
      assertVisible(actor, request, slots);
      const next = transition(snapshotOf(request, slots), action);
      if (action.kind === 'approve' || action.kind === 'reject') {
        const permission = approvalPermission('approve', request.businessType);
        if (!actor.permissions.has(permission)) throw AppError.forbidden(`Deciding needs ${permission}`);
      }
      const now = this.clock.now();
      if (next.finalApproval) {
        await this.limits.assertPerTransaction(
          em,
          actor.orgId,
          request.requesterId,
          request.businessType,
          request.amount,
        );
        await this.limits.confirm(em, actor.orgId, request);
      }
      if (next.releasesLimits) await this.limits.release(em, actor.orgId, request);
      if (next.approvedPosition !== null) {
        await em.update(
          ApprovalRequestApprover,
          { requestId: id, position: next.approvedPosition },
          { approvedAt: now },
        );
        slots.find((s) => s.position === next.approvedPosition)!.approvedAt = now;
      }
      const ended = next.status !== 'pending';
      Object.assign(request, {
        status: next.status,
        rejectReason: action.kind === 'reject' ? reason : request.rejectReason,
        decidedBy: ended ? actor.userId : null,
        decidedAt: ended ? now : null,
        updatedAt: now,
      });
      await em.update(
        ApprovalRequest,
        { id, organizationId: actor.orgId },
        {
          status: request.status,
          rejectReason: request.rejectReason,
          decidedBy: request.decidedBy,
          decidedAt: request.decidedAt,
          updatedAt: now,
        },
      );
      return toRequestView(request, slots);
    });
  }

  /**
   * The expiry job's work (SPEC §5 "A scheduled job expires pending requests whose execution date has passed"):
   * each stale request ends `expired` in its own transaction, releasing its amount from the daily limits.
   * Idempotent and resumable: a request already ended is skipped. Returns how many expired.
   */
  async expireStale(): Promise<number> {
    const today = this.today();
    let expired = 0;
    let after = '';
    for (;;) {
      const batch = await this.requests
        .createQueryBuilder('r')
        .select(['r.id', 'r.organizationId'])
        .where("r.status = 'pending' AND r.executionDate < :today AND r.id > :after", { today, after })
        .orderBy('r.id', 'ASC')
        .take(EXPIRY_BATCH)
        .getMany();
      for (const r of batch) if (await this.expireOne(r.organizationId, r.id, today)) expired++;
      if (batch.length < EXPIRY_BATCH) return expired;
      after = batch[batch.length - 1].id;
    }
  }

  private expireOne(orgId: string, id: string, today: string): Promise<boolean> {
    return this.tx.run(async (em) => {
      const request = await this.lockRequest(em, orgId, id);
      if (request.status !== 'pending' || request.executionDate >= today) return false;
      const slots = await em.find(ApprovalRequestApprover, { where: { requestId: id } });
      const next = transition(snapshotOf(request, slots), { kind: 'expire', today });
      await this.limits.release(em, orgId, request);
      const now = this.clock.now();
      await em.update(
        ApprovalRequest,
        { id, organizationId: orgId },
        { status: next.status, decidedBy: null, decidedAt: now, updatedAt: now },
      );
      return true;
    });
  }

  private async lockRequest(em: EntityManager, orgId: string, id: string): Promise<ApprovalRequest> {
    const request = await this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(ApprovalRequest, 'r')
          .where('r.id = :id AND r.organizationId = :orgId', { id, orgId }),
      )
      .getOne();
    if (!request) throw AppError.notFound('Request');
    return request;
  }

  /**
   * The payee and the permission it needs (SPEC §14): a register entry (`payeeId`) by its registration, else a new
   * account (新規口座指定), which counts against the ad-hoc (都度指定) limit. 403 before anything is written.
   */
  private async resolvePayee(
    actor: Actor,
    business: BusinessType,
    input: PayeeDto,
  ): Promise<{ details: PayeeDetails; kind: PayeeKind }> {
    if (input.payeeId !== undefined) {
      const typed = (
        ['kind', 'name', 'bankCode', 'branchCode', 'accountType', 'accountNumber'] as const
      ).filter((k) => input[k] !== undefined);
      if (typed.length) {
        throw AppError.validation(
          Object.fromEntries(
            typed.map((k) => [`payee.${k}`, [`payee.${k} comes from the register with payeeId`]]),
          ),
        );
      }
      const entry = await this.payees.find(this.requests.manager, actor.orgId, input.payeeId);
      if (entry.kind !== (business === 'account_debit' ? 'debit' : 'transfer')) {
        throw AppError.validation({
          'payee.payeeId': [
            'account debits take a 請求先 (debit) payee, the other businesses a 振込先 (transfer)',
          ],
        });
      }
      assertMayRequest(actor, business, entry.registration);
      return {
        details: {
          name: entry.nameKana,
          bankCode: entry.bankCode,
          branchCode: entry.branchCode,
          accountType: entry.accountType,
          accountNumber: entry.accountNumber,
          payeeId: entry.id,
          source: entry.registration,
        },
        kind: entry.registration === 'registered' ? 'registered' : 'ad_hoc',
      };
    }
    if (input.name === undefined) throw AppError.validation({ 'payee.name': ['payee.name is required'] });
    const typed = {
      name: input.name,
      bankCode: input.bankCode ?? null,
      branchCode: input.branchCode ?? null,
      accountType: input.accountType ?? null,
      accountNumber: input.accountNumber ?? null,
      payeeId: null,
    };
    if (input.kind === 'registered') {
      // The declaration from before the register: only the full request permission, which covers new accounts too.
      const full = approvalPermission('request', business);
      if (!actor.permissions.has(full)) {
        throw AppError.forbidden(`Declaring a registered payee without payeeId needs ${full}; send payeeId`);
      }
      return { details: { ...typed, source: 'registered' }, kind: 'registered' };
    }
    assertMayRequest(actor, business, 'new_account');
    return { details: { ...typed, source: 'new_account' }, kind: 'ad_hoc' };
  }

  private assertExecutionDate(date: string): void {
    if (!isValidDateString(date)) {
      throw AppError.validation({ executionDate: ['executionDate must be a real date YYYY-MM-DD'] });
    }
    const today = this.today();
    if (date < today || date > addDays(today, MAX_DAYS_AHEAD)) {
      throw AppError.unprocessable(
        ErrorCode.ExecutionDateInvalid,
        `The execution date must be from today to ${MAX_DAYS_AHEAD} days ahead`,
        { executionDate: date, today },
      );
    }
  }

  private async assertUsableAccount(em: EntityManager, orgId: string, userId: string, accountId: string) {
    if (await this.settings.isUsable(em, orgId, userId, accountId)) return;
    if (!(await this.accounts.findMany(em, orgId, [accountId])).length) throw AppError.notFound('Account');
    throw AppError.unprocessable(
      ErrorCode.AccountNotUsable,
      'This account is not among your usable accounts (利用可能口座)',
      { accountId },
    );
  }
}

function snapshotOf(request: ApprovalRequest, slots: readonly ApprovalRequestApprover[]): RequestSnapshot {
  return {
    status: request.status,
    mode: request.approvalMode,
    requesterId: request.requesterId,
    executionDate: request.executionDate,
    slots: slots.map((s) => ({ approverId: s.approverId, position: s.position, approved: !!s.approvedAt })),
  };
}

/** The requester, the named approvers, and holders of approvals.view_all (全取引照会) see a request; others get 404. */
function assertVisible(
  actor: Actor,
  request: ApprovalRequest,
  slots: readonly ApprovalRequestApprover[],
): void {
  if (
    request.requesterId === actor.userId ||
    slots.some((s) => s.approverId === actor.userId) ||
    actor.permissions.has(Permission.ApprovalsViewAll)
  ) {
    return;
  }
  throw AppError.notFound('Request');
}

/** The people of one request (requester and approvers) out of those looked up for a page. */
function pick(people: ReadonlyMap<string, RequestPerson>, view: RequestView): Record<string, RequestPerson> {
  const out: Record<string, RequestPerson> = {};
  for (const id of [view.requesterId, ...view.approvers.map((a) => a.userId)]) {
    const person = people.get(id);
    if (person) out[id] = person;
  }
  return out;
}
