import { businessDate } from '@kanri/common/clock/business-date';
import { Permission } from '@kanri/access/permission';
import type { FeeRow } from '../../src/fees/fee-types';
import { DEFAULT_CONFIRMATION } from './factories';
import {
  addMember,
  createOrg,
  grantPermissions,
  operatorToken,
  type CreatedOrg,
  type OrgMember,
} from './org-factories';
import type { TestApp } from './test-app';

/** Helpers for the approvals and fees tests (SPEC §5, §6). Every call goes through the API. */

/** The manual's example shape: below 30,000 yen 0/110/380, from 30,000 yen 0/330/550. */
export function standardRows(
  low = { same: 0, branch: 110, bank: 380 },
  high = { same: 0, branch: 330, bank: 550 },
) {
  const t = 30_000;
  return [
    { from: 0, to: t, pattern: 'same_branch', fee: low.same },
    { from: t, to: null, pattern: 'same_branch', fee: high.same },
    { from: 0, to: t, pattern: 'other_branch', fee: low.branch },
    { from: t, to: null, pattern: 'other_branch', fee: high.branch },
    { from: 0, to: t, pattern: 'other_bank', fee: low.bank },
    { from: t, to: null, pattern: 'other_bank', fee: high.bank },
  ] satisfies FeeRow[];
}

/** The business date (Asia/Tokyo, the tests' APP_TIMEZONE) at the test clock's time, shifted by whole days. */
export function businessDay(t: TestApp, offsetDays = 0): string {
  return businessDate(new Date(t.clock.now().getTime() + offsetDays * 86_400_000), t.config.timeZone);
}

/** The operator adds a standard fee version. */
export async function postStandardFee(t: TestApp, effectiveFrom: string, rows: FeeRow[] = standardRows()) {
  let res = await t.api('post', '/fees/standard', await operatorToken(t)).send({ effectiveFrom, rows });
  if (res.status === 401) {
    res = await t.api('post', '/fees/standard', await operatorToken(t, true)).send({ effectiveFrom, rows });
  }
  if (res.status !== 201) throw new Error(`standard fee failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; revision: number };
}

/** 企業情報の変更 as the creator: approval modes and company daily limits. */
export async function patchCompany(
  t: TestApp,
  org: CreatedOrg,
  body: Record<string, unknown>,
): Promise<void> {
  const res = await t
    .api('patch', `/organizations/${org.orgId}`, org.manager.token)
    .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body });
  if (res.status !== 200)
    throw new Error(`company settings failed: ${res.status} ${JSON.stringify(res.body)}`);
}

let accountCounter = 0;

/** Registers a company account (creator, company.manage); returns its id. */
export async function createCompanyAccount(
  t: TestApp,
  org: CreatedOrg,
  dailyLimits: Record<string, number | null> = {},
): Promise<string> {
  accountCounter += 1;
  const res = await t.api('post', `/organizations/${org.orgId}/accounts`, org.manager.token).send({
    confirmationPassword: DEFAULT_CONFIRMATION,
    branchCode: '081',
    branchName: '法人営業部',
    accountType: 'ordinary',
    accountNumber: String(1_000_000 + accountCounter).slice(-7),
    accountName: 'カ）カンリ',
    dailyLimits,
  });
  if (res.status !== 201) throw new Error(`account failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function setUsableAccounts(t: TestApp, org: CreatedOrg, userId: string, accountIds: string[]) {
  const res = await t
    .api('put', `/organizations/${org.orgId}/users/${userId}/usable-accounts`, org.manager.token)
    .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds });
  if (res.status !== 200)
    throw new Error(`usable accounts failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function setTransactionLimits(
  t: TestApp,
  org: CreatedOrg,
  userId: string,
  limits: Record<string, number | null>,
) {
  const res = await t
    .api('put', `/organizations/${org.orgId}/users/${userId}/transaction-limits`, org.manager.token)
    .send({ confirmationPassword: DEFAULT_CONFIRMATION, limits });
  if (res.status !== 200) throw new Error(`limits failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface ApprovalOrg {
  org: CreatedOrg;
  accountId: string;
  /** May request every business and use the account. */
  requester: OrgMember;
  /** Hold every approve permission. */
  approver1: OrgMember;
  approver2: OrgMember;
  /** A member with no approval permission at all. */
  bystander: OrgMember;
}

const ALL_REQUEST = [
  Permission.ApprovalsRequestTransfer,
  Permission.ApprovalsRequestBulkTransfer,
  Permission.ApprovalsRequestPayroll,
  Permission.ApprovalsRequestAccountDebit,
];
const ALL_APPROVE = [
  Permission.ApprovalsApproveTransfer,
  Permission.ApprovalsApproveBulkTransfer,
  Permission.ApprovalsApprovePayroll,
  Permission.ApprovalsApproveAccountDebit,
];

/** An organization ready for requests: one account, a requester, two approvers and a bystander. */
export async function approvalOrg(
  t: TestApp,
  options: {
    modes?: Record<string, string>;
    accountLimits?: Record<string, number | null>;
    dailyLimits?: object;
  } = {},
): Promise<ApprovalOrg> {
  const org = await createOrg(t);
  if (options.modes || options.dailyLimits) {
    await patchCompany(t, org, {
      ...(options.modes ? { approvalModes: options.modes } : {}),
      ...(options.dailyLimits ? { dailyLimits: options.dailyLimits } : {}),
    });
  }
  const accountId = await createCompanyAccount(t, org, options.accountLimits);
  const [requester, approver1, approver2, bystander] = [
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
  ];
  await grantPermissions(t, org, requester.id, ALL_REQUEST);
  await grantPermissions(t, org, approver1.id, ALL_APPROVE);
  await grantPermissions(t, org, approver2.id, ALL_APPROVE);
  await setUsableAccounts(t, org, requester.id, [accountId]);
  return { org, accountId, requester, approver1, approver2, bystander };
}

/** A request body with sensible defaults: a transfer of `amount` for today to an ad-hoc payee at another branch. */
export function requestBody(t: TestApp, o: ApprovalOrg, overrides: Record<string, unknown> = {}) {
  return {
    businessType: 'transfer',
    accountId: o.accountId,
    amount: 10_000,
    payee: { name: 'ヤマダ タロウ', pattern: 'other_branch' },
    executionDate: businessDay(t),
    approverIds: [o.approver1.id],
    ...overrides,
  };
}

export function postRequest(t: TestApp, o: ApprovalOrg, token: string, body: Record<string, unknown>) {
  return t.api('post', `/organizations/${o.org.orgId}/requests`, token).send(body);
}

export function approve(
  t: TestApp,
  o: ApprovalOrg,
  token: string,
  requestId: string,
  password = DEFAULT_CONFIRMATION,
) {
  return t
    .api('post', `/organizations/${o.org.orgId}/requests/${requestId}/approve`, token)
    .send({ confirmationPassword: password });
}

/** The request's row as stored. */
export async function requestRow(t: TestApp, id: string) {
  const [row] = (await t.dataSource.query(
    'SELECT status, amount, deducted_fee, transfer_amount, actual_fee, fee_difference, decided_by FROM approval_requests WHERE id = ?',
    [id],
  )) as Record<string, unknown>[];
  return row;
}

/** The daily usage of one scope: reserved (pending + approved) and approved, as numbers. */
export async function usageOf(t: TestApp, orgId: string, scopeKey: string, date: string) {
  const rows = (await t.dataSource.query(
    'SELECT reserved_amount, approved_amount FROM approval_daily_usage WHERE organization_id = ? AND scope_key = ? AND business_date = ?',
    [orgId, scopeKey, date],
  )) as { reserved_amount: number | string; approved_amount: number | string }[];
  return rows.length
    ? { reserved: Number(rows[0].reserved_amount), approved: Number(rows[0].approved_amount) }
    : { reserved: 0, approved: 0 };
}
