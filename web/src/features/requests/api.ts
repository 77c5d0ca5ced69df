import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth, useOrgId } from '../../app/auth';
import type { components, operations } from '../../api/schema';
import type { ListState } from '../../components/data-table/useListState';
import { type Described, type OkBody, described } from '../../lib/api-types';
import type { Confirmation } from '../../components/confirm-step';

/**
 * 依頼・承認 (src/approvals, SPEC §5) over the generated client: creating a transfer request, the approval inbox
 * (承認待ち), one request with its decisions (承認 / 差戻し / 引戻し) and 全取引照会. Query keys: ['requests', orgId, …].
 */
export type BusinessType = components['schemas']['CreateRequestDto']['businessType'];
export type RequestStatus = NonNullable<
  NonNullable<operations['approvalRequests.list']['parameters']['query']>['status']
>;
export type FeeBearer = NonNullable<components['schemas']['CreateRequestDto']['feeBearer']>;
export type TransferPattern = components['schemas']['PayeeDto']['pattern'];
export type AccountType = NonNullable<components['schemas']['PayeeDto']['accountType']>;
export type NewRequest = components['schemas']['CreateRequestDto'];
export type ApproverCandidate = OkBody<'approvalRequests.approverCandidates'>['items'][number];

export const BUSINESS_TYPES: readonly BusinessType[] = [
  'transfer',
  'bulk_transfer',
  'payroll',
  'account_debit',
];
export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'expired',
];
export const TRANSFER_PATTERNS: readonly TransferPattern[] = ['same_branch', 'other_branch', 'other_bank'];
export const ACCOUNT_TYPES: readonly AccountType[] = ['ordinary', 'current', 'savings'];

/** A request as `GET .../requests[/:id]` answers it (src/approvals/request.view.ts). */
export interface RequestView {
  id: string;
  businessType: BusinessType;
  payrollKind: 'salary' | 'bonus' | null;
  status: RequestStatus;
  approvalMode: 'none' | 'single' | 'double_unordered' | 'double_ordered';
  requesterId: string;
  accountId: string;
  amount: number;
  payee: {
    name?: string;
    payeeId?: string;
    pattern: TransferPattern;
    kind: 'ad_hoc' | 'registered';
    bankCode?: string;
    branchCode?: string;
    accountType?: AccountType;
    accountNumber?: string;
  };
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
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  people?: Record<string, { loginId: string; displayName: string }>;
}
type RequestPage = { items: RequestView[]; total: number; page: number; perPage: number };
type Request = Described<OkBody<'approvalRequests.get'>, RequestView>;
type Page = Described<OkBody<'approvalRequests.list'>, RequestPage>;

/** A company account as the usable-account list answers it. */
export interface UsableAccount {
  id: string;
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  accountName: string;
}
type UsableAccounts = Described<
  OkBody<'requesterSettings.usableAccounts'>,
  { userId: string; accounts: UsableAccount[] }
>;

/** A registered payee (振込先管理), as the payee list answers it. */
export interface RegisteredPayee {
  id: string;
  registration: 'registered' | 'user_registered';
  bankCode: string;
  bankName: string | null;
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  nameKana: string;
}

/** Who a person of a request is, in words: 氏名 (login ID), or the id when they have left. */
export function personName(request: RequestView, userId: string): string {
  const p = request.people?.[userId];
  return p ? `${p.displayName}（${p.loginId}）` : userId;
}

const requestsKey = (orgId: string) => ['requests', orgId] as const;

export type RequestFilters = 'status' | 'businessType' | 'from' | 'to' | 'requester';
export type RequestListView = 'awaiting' | 'all' | 'mine';

/** One page of requests: 承認待ち (`awaiting`), 全取引照会 (`all`) or my own (`mine`), with the list's filters. */
export function useRequests(view: RequestListView, state: ListState<RequestFilters>) {
  const orgId = useOrgId();
  const query = {
    view,
    page: state.page,
    perPage: state.perPage,
    status: (state.filters.status?.[0] as RequestStatus | undefined) || undefined,
    businessType: (state.filters.businessType?.[0] as BusinessType | undefined) || undefined,
    executionDateFrom: state.filters.from?.[0] || undefined,
    executionDateTo: state.filters.to?.[0] || undefined,
    requesterLoginId: state.filters.requester?.[0] || undefined,
  };
  return useQuery({
    queryKey: [...requestsKey(orgId), 'list', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      described<Page>(
        await api.GET('/api/v1/organizations/{orgId}/requests', { params: { path: { orgId }, query } }),
      ),
  });
}

export function useRequest(requestId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...requestsKey(orgId), 'one', requestId],
    enabled: !!orgId && !!requestId,
    queryFn: async () =>
      described<Request>(
        await api.GET('/api/v1/organizations/{orgId}/requests/{requestId}', {
          params: { path: { orgId, requestId: requestId ?? '' } },
        }),
      ),
  });
}

/** 承認者の指定: the members this business's requests may name (empty while the business is unknown). */
export function useApproverCandidates(businessType: BusinessType) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...requestsKey(orgId), 'candidates', businessType],
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/requests/approver-candidates', {
          params: { path: { orgId }, query: { businessType } },
        }),
      ).items,
  });
}

/** 利用可能口座: the accounts the signed-in member may request with. */
export function useUsableAccounts() {
  const orgId = useOrgId();
  const userId = useAuth().principal?.user.id ?? '';
  return useQuery({
    queryKey: [...requestsKey(orgId), 'usable-accounts', userId],
    enabled: !!orgId && !!userId,
    queryFn: async () =>
      described<UsableAccounts>(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/usable-accounts', {
          params: { path: { orgId, userId } },
        }),
      ).accounts as UsableAccount[],
  });
}

/** 振込先 of the register (first 100 by kana), for a transfer to a registered payee. */
export function useRegisteredPayees() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...requestsKey(orgId), 'payees'],
    enabled: !!orgId,
    retry: false,
    queryFn: async () =>
      (
        unwrap(
          await api.GET('/api/v1/organizations/{orgId}/payees', {
            params: { path: { orgId }, query: { kind: 'transfer', perPage: 100 } },
          }),
        ).items as unknown as RegisteredPayee[]
      ).slice(),
  });
}

function useInvalidateRequests() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: requestsKey(orgId) });
}

export function useCreateRequest() {
  const orgId = useOrgId();
  const invalidate = useInvalidateRequests();
  return useMutation({
    mutationFn: async (body: NewRequest) =>
      described<Request>(
        await api.POST('/api/v1/organizations/{orgId}/requests', { params: { path: { orgId } }, body }),
      ),
    onSuccess: () => invalidate(),
  });
}

export type Decision =
  { kind: 'approve'; confirmation: Confirmation } | { kind: 'reject'; reason: string } | { kind: 'withdraw' };

/** 承認 (with the confirmation), 差戻し (with a reason) or 引戻し. */
export function useDecide(requestId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateRequests();
  return useMutation({
    mutationFn: async (decision: Decision) => {
      const params = { path: { orgId, requestId } };
      if (decision.kind === 'approve') {
        return described<Request>(
          await api.POST('/api/v1/organizations/{orgId}/requests/{requestId}/approve', {
            params,
            body: decision.confirmation as components['schemas']['ApproveRequestDto'],
          }),
        );
      }
      if (decision.kind === 'reject') {
        return described<Request>(
          await api.POST('/api/v1/organizations/{orgId}/requests/{requestId}/reject', {
            params,
            body: { reason: decision.reason },
          }),
        );
      }
      return described<Request>(
        await api.POST('/api/v1/organizations/{orgId}/requests/{requestId}/withdraw', { params }),
      );
    },
    onSuccess: () => invalidate(),
  });
}
