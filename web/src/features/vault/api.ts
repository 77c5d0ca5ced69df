import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import { appendConfirmation, type Confirmation } from '../../components/confirm-step';
import type { components } from '../../api/schema';
import type { ListState } from '../../components/data-table/useListState';
import type { OkBody } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';

/**
 * マイナンバー管理 (src/personal-numbers) over the generated client. Query keys: ['vault', orgId, …]. A revealed
 * number is the answer of a mutation, never of a query: it is not cached, and the screen drops it when it masks it
 * again (see useReveal).
 */
export type NumberRecord = OkBody<'personalNumbers.get'>;
export type RecordPage = OkBody<'personalNumbers.list'>;
export type InputStatusReport = OkBody<'personalNumbers.status'>;
export type InputStatusRow = InputStatusReport['items'][number];
export type HandlingLogPage = OkBody<'personalNumbers.log'>;
export type HandlingLogRow = HandlingLogPage['items'][number];
export type Relation = NumberRecord['relation'];
export type RecordState = NumberRecord['state'];
export type NewRecord = components['schemas']['CreateRecordDto'];
export type RecordChange = components['schemas']['UpdateRecordDto'];

export const RELATIONS: readonly Relation[] = ['self', 'spouse', 'child', 'parent', 'other'];
export const STATES: readonly RecordState[] = ['collected', 'not_submitted', 'refused'];

const vaultKey = (orgId: string) => ['vault', orgId] as const;

function useInvalidateVault() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: vaultKey(orgId) });
}

/** マイナンバー照会: one page of records, masked, with the list's filters. */
export function useRecords(state: ListState<'relation' | 'state' | 'retired'>) {
  const orgId = useOrgId();
  const query = {
    page: state.page,
    perPage: state.perPage,
    employeeCode: state.q || undefined,
    relation: state.filters.relation[0] as Relation | undefined,
    state: state.filters.state[0] as RecordState | undefined,
    retired: state.filters.retired[0] === undefined ? undefined : state.filters.retired[0] === 'true',
  };
  return useQuery({
    queryKey: [...vaultKey(orgId), 'records', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/personal-numbers', {
          params: { path: { orgId }, query },
        }),
      ),
  });
}

export function useRecord(id: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...vaultKey(orgId), 'record', id],
    enabled: !!orgId && !!id,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/personal-numbers/{id}', {
          params: { path: { orgId, id: id ?? '' } },
        }),
      ),
  });
}

export function useCreateRecord() {
  const orgId = useOrgId();
  const invalidate = useInvalidateVault();
  return useMutation({
    mutationFn: async (body: NewRecord) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/personal-numbers', {
          params: { path: { orgId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateRecord(id: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateVault();
  return useMutation({
    mutationFn: async (body: RecordChange) =>
      unwrap(
        await api.PATCH('/api/v1/organizations/{orgId}/personal-numbers/{id}', {
          params: { path: { orgId, id } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteRecord() {
  const orgId = useOrgId();
  const invalidate = useInvalidateVault();
  return useMutation({
    mutationFn: async (id: string) => {
      const result = await api.DELETE('/api/v1/organizations/{orgId}/personal-numbers/{id}', {
        params: { path: { orgId, id } },
      });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: invalidate,
  });
}

/**
 * 表示: the number of one record. Each call is a handling (取扱記録) of its own, so the handling log is read again;
 * the answer lives only in this mutation's state until the screen resets it.
 */
export function useReveal() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/personal-numbers/{id}/reveal', {
          params: { path: { orgId, id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...vaultKey(orgId), 'log'] }),
  });
}

/** マイナンバー入力状況確認. */
export function useInputStatus(state: ListState<'status'>) {
  const orgId = useOrgId();
  const status = state.filters.status[0] as 'complete' | 'incomplete' | undefined;
  const query = { page: state.page, perPage: state.perPage, status };
  return useQuery({
    queryKey: [...vaultKey(orgId), 'status', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/personal-numbers/input-status', {
          params: { path: { orgId }, query },
        }),
      ),
  });
}

export const HANDLING_ACTIONS = [
  'reveal',
  'export',
  'import',
  'delete',
  'retiree_purge',
  'purge',
  'document_upload',
  'document_view',
  'document_delete',
] as const;

/** マイナンバー取扱記録, newest first. */
export function useHandlingLog(state: ListState<'action'>, from: string, to: string) {
  const orgId = useOrgId();
  const action = state.filters.action[0] as (typeof HANDLING_ACTIONS)[number] | undefined;
  const query = {
    page: state.page,
    perPage: state.perPage,
    action,
    from: from || undefined,
    to: to || undefined,
  };
  return useQuery({
    queryKey: [...vaultKey(orgId), 'log', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/personal-numbers/handling-log', {
          params: { path: { orgId }, query },
        }),
      ),
  });
}

export interface ExportRequest {
  encoding: 'utf8' | 'sjis';
  includeNumbers: boolean;
  /** The confirmation's answer (確認用パスワード, with the ワンタイムパスワード where asked, or a step-up token). */
  confirmation: Confirmation;
}

/** マイナンバーエクスポート: the CSV file (with the numbers unless asked not to), saved under the server's name. */
export function useExportRecords() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ confirmation, ...options }: ExportRequest) => {
      const response = await rawFetch(
        fillPath('/api/v1/organizations/{orgId}/personal-numbers/export', { orgId }),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...options, ...confirmation }),
        },
      );
      return saveDownload(response, 'personal-numbers.csv');
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...vaultKey(orgId), 'log'] }),
  });
}

/** What the import did: the counts of records created and changed. */
export type ImportResult = OkBody<'personalNumbers.import'>;

/** マイナンバー取込: the multipart upload (file + the confirmation's fields), all rows or none. */
export function useImportRecords() {
  const orgId = useOrgId();
  const invalidate = useInvalidateVault();
  return useMutation({
    mutationFn: async ({ file, confirmation }: { file: File; confirmation: Confirmation }) => {
      const form = new FormData();
      appendConfirmation(form, confirmation);
      form.append('file', file);
      const response = await rawFetch(
        fillPath('/api/v1/organizations/{orgId}/personal-numbers/import', { orgId }),
        { method: 'POST', body: form },
      );
      return (await response.json()) as ImportResult;
    },
    onSuccess: invalidate,
  });
}

/** マイナンバー全削除: every record of the organization (manager, confirm: the confirmation's answer is the body). */
export function usePurge() {
  const orgId = useOrgId();
  const invalidate = useInvalidateVault();
  return useMutation({
    mutationFn: async (confirmation: Confirmation) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/personal-numbers/purge', {
          params: { path: { orgId } },
          body: confirmation,
        }),
      ),
    onSuccess: invalidate,
  });
}
