import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch } from '../../api/client';
import { useAuth, useOrgId } from '../../app/auth';
import {
  appendConfirmation,
  type ApprovalMode,
  type Confirmation,
  useApprovalMode,
} from '../../components/confirm-step';
import type { ListDefaults, ListState } from '../../components/data-table/useListState';
import { described } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';

/**
 * 総合振込 / 給与・賞与振込 batches (src/approvals: request-batches) over the generated client: a batch is a request
 * whose lines are listed, exported and written as a Zengin file. Query keys: ['batches', orgId, …].
 */
export type BatchBusiness = 'bulk_transfer' | 'payroll';
export type PayrollKind = 'salary' | 'bonus';
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
export type RequestViewFilter = 'mine' | 'awaiting' | 'all';
export type TransferPattern = 'same_branch' | 'other_branch' | 'other_bank';
export type LineAccountType = 'ordinary' | 'current' | 'savings' | 'other';
export type FeeBearer = 'payer' | 'payee';
/**
 * 承認機能の利用有無 and its query live beside the organization's cache key, since 振込振替 (the requests feature) reads
 * them too; the batch screens keep importing them from here.
 */
export { type ApprovalMode, useApprovalMode };

export const BATCH_BUSINESSES: readonly BatchBusiness[] = ['bulk_transfer', 'payroll'];
export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'expired',
];
export const REQUEST_VIEWS: readonly RequestViewFilter[] = ['mine', 'awaiting', 'all'];
export const TRANSFER_PATTERNS: readonly TransferPattern[] = ['same_branch', 'other_branch', 'other_bank'];
export const LINE_ACCOUNT_TYPES: readonly LineAccountType[] = ['ordinary', 'current', 'savings', 'other'];

/** A request as the API answers it (src/approvals/request.view.ts); a batch's fee holds the totals of its lines. */
export interface Batch {
  id: string;
  businessType: BatchBusiness | 'transfer' | 'account_debit';
  payrollKind: PayrollKind | null;
  status: RequestStatus;
  approvalMode: ApprovalMode;
  requesterId: string;
  accountId: string;
  amount: number;
  executionDate: string;
  approvers: { userId: string; position: number; approvedAt: string | null }[];
  fee: {
    bearer: FeeBearer;
    deductedFee: number;
    transferAmount: number;
    actualFee: number;
    difference: number;
  } | null;
  rejectReason: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Login ID and name of the requester and approvers (members of the organization only). */
  people?: Record<string, { loginId: string; displayName: string }>;
}

export interface BatchPage {
  items: Batch[];
  total: number;
  page: number;
  perPage: number;
}

/** One line with its fee (LineView of request-batches.service.ts). */
export interface BatchLine {
  lineNo: number;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: LineAccountType;
  accountNumber: string;
  payeeName: string;
  amount: number;
  customerCode1: string;
  customerCode2: string;
  pattern: TransferPattern;
  deductedFee: number;
  transferAmount: number;
  actualFee: number;
  feeDifference: number;
}

export interface LinePage {
  items: BatchLine[];
  total: number;
  page: number;
  perPage: number;
}

/** A line as keyed in (BatchLineDto). */
export interface LineInput {
  bankCode: string;
  bankName?: string;
  branchCode: string;
  branchName?: string;
  accountType: LineAccountType;
  accountNumber: string;
  payeeNameKana: string;
  amount: number;
  pattern: TransferPattern;
  customerCode1?: string;
}

export interface CreateBatch {
  businessType: BatchBusiness;
  payrollKind?: PayrollKind;
  accountId: string;
  executionDate: string;
  approverIds: string[];
  feeBearer?: FeeBearer;
  lines: LineInput[];
}

export interface CompanyAccount {
  id: string;
  branchCode: string;
  branchName: string | null;
  accountType: string;
  accountNumber: string;
  accountName: string;
}

export type BatchFilter = 'businessType' | 'view' | 'status';
export const BATCH_LIST_DEFAULTS = {
  sort: 'createdAt',
  filters: ['businessType', 'view', 'status'],
} as const satisfies ListDefaults<BatchFilter>;

const batchesKey = (orgId: string) => ['batches', orgId] as const;

function useInvalidateBatches() {
  const queryClient = useQueryClient();
  const orgId = useOrgId();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: batchesKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['requests', orgId] }),
    ]);
}

/** The list's business (総合振込 unless the URL says payroll); the API filters one business at a time. */
export function businessOf(state: ListState<BatchFilter>): BatchBusiness {
  return state.filters.businessType[0] === 'payroll' ? 'payroll' : 'bulk_transfer';
}

export function useBatchList(state: ListState<BatchFilter>) {
  const orgId = useOrgId();
  const view = state.filters.view[0];
  const status = state.filters.status[0];
  const query = {
    page: state.page,
    perPage: state.perPage,
    businessType: businessOf(state),
    ...(view && (REQUEST_VIEWS as string[]).includes(view) ? { view: view as RequestViewFilter } : {}),
    ...(status && (REQUEST_STATUSES as string[]).includes(status) ? { status: status as RequestStatus } : {}),
  };
  return useQuery({
    queryKey: [...batchesKey(orgId), 'list', query],
    queryFn: async ({ signal }) =>
      described<BatchPage>(
        await api.GET('/api/v1/organizations/{orgId}/requests', {
          params: { path: { orgId }, query },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

export function useBatch(requestId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...batchesKey(orgId), 'one', requestId],
    queryFn: async () =>
      described<Batch>(
        await api.GET('/api/v1/organizations/{orgId}/requests/{requestId}', {
          params: { path: { orgId, requestId: requestId ?? '' } },
        }),
      ),
    enabled: !!orgId && !!requestId,
  });
}

export function useBatchLines(requestId: string, state: ListState<string>) {
  const orgId = useOrgId();
  const query = { page: state.page, perPage: state.perPage };
  return useQuery({
    queryKey: [...batchesKey(orgId), 'lines', requestId, query],
    queryFn: async ({ signal }) =>
      described<LinePage>(
        await api.GET('/api/v1/organizations/{orgId}/requests/{requestId}/lines', {
          params: { path: { orgId, requestId }, query },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    enabled: !!orgId && !!requestId,
  });
}

/** 明細出力 (CSV of every line) or the Zengin file of an approved batch, saved under the server's name. */
export function useBatchDownload(requestId: string) {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async (what: 'csv' | 'zengin') => {
      const path =
        what === 'csv'
          ? '/api/v1/organizations/{orgId}/requests/{requestId}/lines/export'
          : '/api/v1/organizations/{orgId}/requests/{requestId}/zengin';
      const response = await rawFetch(fillPath(path, { orgId, requestId }));
      return saveDownload(response, what === 'csv' ? `lines_${requestId}.csv` : `zengin_${requestId}.txt`);
    },
  });
}

/** The caller's 利用可能口座 (the paying accounts a batch may draw on). */
export function useUsableAccounts() {
  const { orgId, principal } = useAuth();
  const userId = principal?.user.id ?? '';
  return useQuery({
    queryKey: ['batches', orgId, 'usable-accounts', userId],
    queryFn: async () =>
      described<{ accounts: CompanyAccount[] }>(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/usable-accounts', {
          params: { path: { orgId: orgId ?? '', userId } },
        }),
      ).accounts,
    enabled: !!orgId && !!userId,
  });
}

export function useCreateBatch() {
  const orgId = useOrgId();
  const invalidate = useInvalidateBatches();
  return useMutation({
    mutationFn: async (body: CreateBatch) =>
      described<Batch>(
        await api.POST('/api/v1/organizations/{orgId}/requests/batches', {
          params: { path: { orgId } },
          body: body as never,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** A batch from a Zengin file (multipart, confirm): 422 ZENGIN_FILE_INVALID names each bad record and field. */
export function useImportBatch() {
  const orgId = useOrgId();
  const invalidate = useInvalidateBatches();
  return useMutation({
    mutationFn: async (r: {
      file: File;
      approverIds: string[];
      feeBearer: FeeBearer;
      confirmation: Confirmation;
    }) => {
      const form = new FormData();
      appendConfirmation(form, r.confirmation);
      form.append('approverIds', r.approverIds.join(','));
      form.append('feeBearer', r.feeBearer);
      form.append('file', r.file);
      const response = await rawFetch(fillPath('/api/v1/organizations/{orgId}/requests/import', { orgId }), {
        method: 'POST',
        body: form,
      });
      return (await response.json()) as Batch;
    },
    onSuccess: invalidate,
  });
}
