import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch } from '../../api/client';
import { useOrgId } from '../../app/auth';
import { appendConfirmation, type Confirmation } from '../../components/confirm-step';
import { listQuery, type ListDefaults, type ListState } from '../../components/data-table/useListState';
import { described } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';

/**
 * 振込先管理 / 請求先管理 (src/payees) over the generated client; multipart imports and the CSV download go through
 * rawFetch. Query keys: ['payees', orgId, …]; every change invalidates them.
 */
export type PayeeKind = 'transfer' | 'debit';
export type PayeeRegistration = 'registered' | 'user_registered';
export type PayeeAccountType = 'ordinary' | 'current' | 'savings';
export const PAYEE_KINDS: readonly PayeeKind[] = ['transfer', 'debit'];
export const PAYEE_REGISTRATIONS: readonly PayeeRegistration[] = ['user_registered', 'registered'];
export const PAYEE_ACCOUNT_TYPES: readonly PayeeAccountType[] = ['ordinary', 'current', 'savings'];

/** A payee as the API answers it (src/payees/payee.view.ts). */
export interface Payee {
  id: string;
  kind: PayeeKind;
  registration: PayeeRegistration;
  bankCode: string;
  bankName: string | null;
  branchCode: string;
  branchName: string | null;
  accountType: PayeeAccountType;
  accountNumber: string;
  nameKana: string;
  groupName: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface PayeePage {
  items: Payee[];
  total: number;
  page: number;
  perPage: number;
}

/** The fields a person types (POST) or changes (PATCH). */
export interface PayeeFields {
  kind?: PayeeKind;
  registration?: PayeeRegistration;
  bankCode?: string;
  bankName?: string | null;
  branchCode?: string;
  branchName?: string | null;
  accountType?: PayeeAccountType;
  accountNumber?: string;
  nameKana?: string;
  groupName?: string | null;
}

export type PayeeFilter = 'registration' | 'name' | 'groupName';
export const PAYEE_LIST_DEFAULTS = {
  sort: 'nameKana',
  filters: ['registration', 'name', 'groupName'],
} as const satisfies ListDefaults<PayeeFilter>;

const payeesKey = (orgId: string) => ['payees', orgId] as const;

function useInvalidatePayees() {
  const queryClient = useQueryClient();
  const orgId = useOrgId();
  return () => queryClient.invalidateQueries({ queryKey: payeesKey(orgId) });
}

/** The list's query: the API pages (no sort or keyword); the filters are single-valued. */
function payeeQuery(kind: PayeeKind, state: ListState<PayeeFilter>) {
  const { page, perPage } = listQuery(state) as { page: number; perPage: 25 | 50 | 100 };
  const query: {
    kind: PayeeKind;
    page: number;
    perPage: 25 | 50 | 100;
    registration?: PayeeRegistration;
    name?: string;
    groupName?: string;
  } = { kind, page, perPage };
  const reg = state.filters.registration[0];
  if (reg === 'registered' || reg === 'user_registered') query.registration = reg;
  if (state.filters.name[0]) query.name = state.filters.name[0];
  if (state.filters.groupName[0]) query.groupName = state.filters.groupName[0];
  return query;
}

export function usePayeeList(kind: PayeeKind, state: ListState<PayeeFilter>) {
  const orgId = useOrgId();
  const query = payeeQuery(kind, state);
  return useQuery({
    queryKey: [...payeesKey(orgId), 'list', query],
    queryFn: async ({ signal }) =>
      described<PayeePage>(
        await api.GET('/api/v1/organizations/{orgId}/payees', { params: { path: { orgId }, query }, signal }),
      ),
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

/** Every payee of a kind, for picking lines of a batch (the register pages at 100). */
export function usePayeePicker(kind: PayeeKind, name: string) {
  const orgId = useOrgId();
  const query = { kind, page: 1, perPage: 100 as const, ...(name ? { name } : {}) };
  return useQuery({
    queryKey: [...payeesKey(orgId), 'picker', query],
    queryFn: async () =>
      described<PayeePage>(
        await api.GET('/api/v1/organizations/{orgId}/payees', { params: { path: { orgId }, query } }),
      ),
    enabled: !!orgId,
  });
}

export function usePayee(payeeId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...payeesKey(orgId), 'one', payeeId],
    queryFn: async () =>
      described<Payee>(
        await api.GET('/api/v1/organizations/{orgId}/payees/{payeeId}', {
          params: { path: { orgId, payeeId: payeeId ?? '' } },
        }),
      ),
    enabled: !!orgId && !!payeeId,
  });
}

type Confirmed = { confirmationPassword?: string; stepUpToken?: string };

export function useCreatePayee() {
  const orgId = useOrgId();
  const invalidate = useInvalidatePayees();
  return useMutation({
    mutationFn: async (body: PayeeFields & Confirmed) =>
      described<Payee>(
        await api.POST('/api/v1/organizations/{orgId}/payees', {
          params: { path: { orgId } },
          body: body as never,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdatePayee(payeeId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidatePayees();
  return useMutation({
    mutationFn: async (body: PayeeFields & Confirmed) =>
      described<Payee>(
        await api.PATCH('/api/v1/organizations/{orgId}/payees/{payeeId}', {
          params: { path: { orgId, payeeId } },
          body: body as never,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeletePayee(payeeId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidatePayees();
  return useMutation({
    mutationFn: async (body: Confirmed) => {
      await rawFetch(fillPath('/api/v1/organizations/{orgId}/payees/{payeeId}', { orgId, payeeId }), {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return true;
    },
    onSuccess: invalidate,
  });
}

export interface PayeeExport {
  kind: PayeeKind;
  registration?: string;
  name?: string;
  groupName?: string;
  encoding: 'utf8' | 'sjis';
}

/** エクスポート: the filtered register, every page, as CSV. */
export function useExportPayees() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async (r: PayeeExport) => {
      const query = new URLSearchParams({ kind: r.kind, encoding: r.encoding });
      if (r.registration) query.set('registration', r.registration);
      if (r.name) query.set('name', r.name);
      if (r.groupName) query.set('groupName', r.groupName);
      const response = await rawFetch(
        `${fillPath('/api/v1/organizations/{orgId}/payees/export', { orgId })}?${query.toString()}`,
      );
      return saveDownload(response, 'payees.csv');
    },
  });
}

export type PayeeFileFormat = 'csv' | 'zengin';

/** CSV or Zengin import (all or nothing): `{imported}`, or 422 IMPORT_INVALID naming lines or records. */
export function useImportPayees() {
  const orgId = useOrgId();
  const invalidate = useInvalidatePayees();
  return useMutation({
    mutationFn: async (r: {
      format: PayeeFileFormat;
      file: File;
      registration: PayeeRegistration;
      confirmation: Confirmation;
    }) => {
      const form = new FormData();
      appendConfirmation(form, r.confirmation);
      form.append('file', r.file);
      const path =
        r.format === 'csv'
          ? fillPath('/api/v1/organizations/{orgId}/payees/import', { orgId })
          : `${fillPath('/api/v1/organizations/{orgId}/payees/import-zengin', { orgId })}?registration=${r.registration}`;
      const response = await rawFetch(path, { method: 'POST', body: form });
      return (await response.json()) as { imported: number };
    },
    onSuccess: invalidate,
  });
}
