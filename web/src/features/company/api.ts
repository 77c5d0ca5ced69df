import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import { type Confirmation, organizationKey } from '../../components/confirm-step';

/**
 * 企業情報変更, 口座 and 依頼者設定 (manual 001) over the generated client: `GET/PATCH /organizations/{orgId}`,
 * `/organizations/{orgId}/accounts`, `/organizations/{orgId}/users/{userId}/transaction-limits|usable-accounts`.
 * The document describes these answers only as objects, so their shapes are written out here.
 */
export const BUSINESS_TYPES = ['transfer', 'bulk_transfer', 'payroll', 'account_debit'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];
export const APPROVAL_MODES = ['none', 'single', 'double_unordered', 'double_ordered'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];
/** `none` (承認なし) is offered for 振込振替 only. */
export const modesFor = (business: BusinessType): readonly ApprovalMode[] =>
  business === 'transfer' ? APPROVAL_MODES : APPROVAL_MODES.filter((m) => m !== 'none');
export const COMPANY_LIMIT_KINDS = ['bulk_transfer', 'payroll', 'bonus', 'account_debit'] as const;
export type CompanyLimitKind = (typeof COMPANY_LIMIT_KINDS)[number];
export const ACCOUNT_LIMIT_KINDS = ['transferTotal', 'adHocPayee', 'registeredPayee'] as const;
export type AccountLimitKind = (typeof ACCOUNT_LIMIT_KINDS)[number];
export const ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Yen limits: the company's up to 12 digits, accounts' and users' up to 15 (SPEC §5). */
export const COMPANY_LIMIT_DIGITS = 12;
export const ACCOUNT_LIMIT_DIGITS = 15;

export interface Company {
  id: string;
  code: string;
  name: string;
  nameKana: string | null;
  settings: {
    approvalModes: Record<BusinessType, ApprovalMode>;
    dailyLimits: Record<CompanyLimitKind, number | null>;
    confirmWithOtp: boolean;
    passkeyStepUp: boolean;
  };
}

export interface CompanyChange {
  name?: string;
  nameKana?: string | null;
  approvalModes?: Partial<Record<BusinessType, ApprovalMode>>;
  dailyLimits?: Partial<Record<CompanyLimitKind, number | null>>;
}

export interface CompanyAccount {
  id: string;
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  accountName: string;
  dailyLimits: Record<AccountLimitKind, number | null>;
}

export interface NewAccount {
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  accountName: string;
  dailyLimits: Record<AccountLimitKind, number | null>;
}

export type AccountChange = Partial<Pick<NewAccount, 'branchName' | 'accountName' | 'dailyLimits'>>;

export interface MemberItem {
  id: string;
  loginId: string;
  familyName: string | null;
  givenName: string | null;
}

const accountsKey = (orgId: string) => ['company-accounts', orgId];
const requesterKey = (orgId: string, userId: string) => ['requester-settings', orgId, userId];

export function useCompany() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: organizationKey(orgId),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}', { params: { path: { orgId } } }),
      ) as unknown as Company,
  });
}

/** 企業情報の変更 (confirm): the answer replaces the cached organization, which the confirm steps read too. */
export function useUpdateCompany() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { change: CompanyChange; confirmation: Confirmation | undefined }) =>
      unwrap(
        await api.PATCH('/api/v1/organizations/{orgId}', {
          params: { path: { orgId } },
          // The screen offers 承認なし for 振込振替 only (modesFor); the API refuses it elsewhere.
          body: { ...v.change, ...v.confirmation } as components['schemas']['UpdateCompanySettingsDto'],
        }),
      ) as unknown as Company,
    onSuccess: (company) => queryClient.setQueryData(organizationKey(orgId), company),
  });
}

export function useAccounts() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: accountsKey(orgId),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations/{orgId}/accounts', { params: { path: { orgId } } }))
        .items as unknown as CompanyAccount[],
  });
}

export function useCreateAccount() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { account: NewAccount; confirmation: Confirmation | undefined }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/accounts', {
          params: { path: { orgId } },
          body: { ...v.account, ...v.confirmation },
        }),
      ) as unknown as CompanyAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsKey(orgId) }),
  });
}

export function useUpdateAccount() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      accountId: string;
      change: AccountChange;
      confirmation: Confirmation | undefined;
    }) =>
      unwrap(
        await api.PATCH('/api/v1/organizations/{orgId}/accounts/{accountId}', {
          params: { path: { orgId, accountId: v.accountId } },
          body: { ...v.change, ...v.confirmation },
        }),
      ) as unknown as CompanyAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsKey(orgId) }),
  });
}

export function useDeleteAccount() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { accountId: string; confirmation: Confirmation | undefined }) => {
      const result = await api.DELETE('/api/v1/organizations/{orgId}/accounts/{accountId}', {
        params: { path: { orgId, accountId: v.accountId } },
        body: { ...v.confirmation },
      });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsKey(orgId) }),
  });
}

/** Members to choose from on 依頼者設定 (the first 100 by login ID). */
export function useMembers() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: ['company-members', orgId],
    enabled: !!orgId,
    queryFn: async () =>
      (
        unwrap(
          await api.GET('/api/v1/organizations/{orgId}/users', {
            params: { path: { orgId }, query: { page: 1, perPage: 100, sort: 'loginId' } },
          }),
        ) as unknown as { items: MemberItem[] }
      ).items,
  });
}

export function useTransactionLimits(userId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...requesterKey(orgId, userId), 'limits'],
    enabled: !!orgId && !!userId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/transaction-limits', {
          params: { path: { orgId, userId } },
        }),
      ) as unknown as { userId: string; limits: Record<BusinessType, number | null> },
  });
}

export function usePutTransactionLimits(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      limits: Record<BusinessType, number | null>;
      confirmation: Confirmation | undefined;
    }) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/transaction-limits', {
          params: { path: { orgId, userId } },
          body: { limits: v.limits, ...v.confirmation },
        }),
      ) as unknown as { userId: string; limits: Record<BusinessType, number | null> },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requesterKey(orgId, userId) }),
  });
}

export function useUsableAccounts(userId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...requesterKey(orgId, userId), 'accounts'],
    enabled: !!orgId && !!userId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/usable-accounts', {
          params: { path: { orgId, userId } },
        }),
      ) as unknown as { userId: string; accounts: CompanyAccount[] },
  });
}

export function usePutUsableAccounts(userId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { accountIds: string[]; confirmation: Confirmation | undefined }) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/usable-accounts', {
          params: { path: { orgId, userId } },
          body: { accountIds: v.accountIds, ...v.confirmation },
        }),
      ) as unknown as { userId: string; accounts: CompanyAccount[] },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requesterKey(orgId, userId) }),
  });
}

/** Whole yen of at most `digits` digits from what was typed (commas forgiven); '' = no limit; NaN = not a number. */
export function parseYen(text: string, digits: number): number | null {
  const plain = text.replace(/[,，\s]/g, '');
  if (plain === '') return null;
  return new RegExp(`^\\d{1,${digits}}$`).test(plain) ? Number(plain) : NaN;
}

export const formatYen = (n: number | null) => (n === null ? '' : n.toLocaleString('ja-JP'));

/** 基準手数料 (SPEC §6), the system operator's dated versions of the standard fee table (`/fees/standard`). */
export interface StandardFeeVersion {
  id: string;
  revision: number;
  effectiveFrom: string;
  state: 'scheduled' | 'current' | 'superseded';
  rows: {
    from: number;
    to: number | null;
    pattern: 'same_branch' | 'other_branch' | 'other_bank';
    fee: number;
  }[];
  createdAt: string;
}

const standardKey = ['standard-fees'];

export function useStandardFees() {
  return useQuery({
    queryKey: standardKey,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/fees/standard')).items as unknown as StandardFeeVersion[],
  });
}

export function useCreateStandardFee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { effectiveFrom: string; rows: StandardFeeVersion['rows'] }) =>
      unwrap(await api.POST('/api/v1/fees/standard', { body })) as unknown as StandardFeeVersion,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: standardKey }),
  });
}

export function useWithdrawStandardFee() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const result = await api.DELETE('/api/v1/fees/standard/{id}', { params: { path: { id } } });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: standardKey }),
  });
}
