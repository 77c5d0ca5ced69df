import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, rawFetch, unwrap } from '../../api/client';
import { meQuery, useOrgId } from '../../app/auth';
import { appendConfirmation, type Confirmation } from '../../components/confirm-step';
import {
  listQuery,
  type ListDefaults,
  type ListState,
  readListState,
} from '../../components/data-table/useListState';
import { fillPath } from '../organization/path-params';
import { described } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';
import type { BulkAction, ImportJobView, ImportStarted, UsageStopPage, UserDetail, UserPage } from './types';
import type { components } from '../../api/schema';

/**
 * Queries and mutations of the user administration (src/users/administration) over the generated client. Query
 * keys: ['members', orgId, …]; every mutation invalidates the organization's member queries (and the managers
 * screen's, which counts members).
 */
export const membersKey = (orgId: string | null) => ['members', orgId] as const;

function useInvalidateMembers() {
  const queryClient = useQueryClient();
  const orgId = useOrgId();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['organization', orgId] }),
    ]);
}

/** ユーザー一覧's list state in the URL: sorted by ログインID, filtered by status, group and attribute. */
export const USER_LIST_DEFAULTS = {
  sort: 'loginId',
  filters: ['status', 'groupIds', 'attributes'],
} as const satisfies ListDefaults<UserListFilter>;
export type UserListFilter = 'status' | 'groupIds' | 'attributes';

/** One page of ユーザー一覧 as a query: the same key for the screen, its route's early start and the next page. */
export function userListQuery(orgId: string, state: ListState<string>) {
  const query = listQuery(state);
  return queryOptions({
    queryKey: [...membersKey(orgId), 'list', query],
    queryFn: async ({ signal }) =>
      described<UserPage>(
        await api.GET('/api/v1/organizations/{orgId}/users', { params: { path: { orgId }, query }, signal }),
      ),
    // A page just shown (or fetched ahead) is not asked for again when the user comes back to it within seconds.
    staleTime: 10_000,
  });
}

/**
 * Starts the page a /users URL asks for while the screen's code still loads (the route calls this), so the rows
 * arrive with the screen instead of after its first render. `me` is usually in flight already (app/router.tsx).
 */
export async function prefetchUserList(queryClient: QueryClient, url: URL): Promise<void> {
  const me = await queryClient.ensureQueryData(meQuery).catch(() => null);
  const orgId = me?.organization?.id;
  if (!orgId) return;
  await queryClient.prefetchQuery(userListQuery(orgId, readListState(url.searchParams, USER_LIST_DEFAULTS)));
}

/**
 * ユーザー一覧: only the page on screen; the previous page stays visible while the next one loads, and the next
 * page is fetched as soon as this one shows, so 次のページ usually finds it already here.
 */
export function useUserList(state: ListState<string>) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  const result = useQuery({
    ...userListQuery(orgId, state),
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
  const { data, isPlaceholderData } = result;
  const hasNext = !!data && !isPlaceholderData && state.page * state.perPage < data.total;
  useEffect(() => {
    if (hasNext) void queryClient.prefetchQuery(userListQuery(orgId, { ...state, page: state.page + 1 }));
  }, [hasNext, queryClient, orgId, state]);
  return result;
}

/**
 * Whether the organization has one member only (組織内ユーザー数 ≤ 1), which hides the check boxes. The list's own
 * total answers it when the list is unfiltered or shows two members or more; only a filtered list of one or none
 * asks the API for the organization's total (otherwise a second COUNT over every member on each visit).
 */
export function useSingleMember(
  state: ListState<string>,
  listTotal: number | undefined,
): boolean | undefined {
  const orgId = useOrgId();
  const unfiltered = !state.q && Object.values(state.filters).every((v) => v.length === 0);
  const fromList =
    listTotal === undefined ? undefined : unfiltered ? listTotal <= 1 : listTotal > 1 ? false : undefined;
  const { data } = useQuery({
    queryKey: [...membersKey(orgId), 'count'],
    queryFn: async () =>
      described<UserPage>(
        await api.GET('/api/v1/organizations/{orgId}/users', {
          params: { path: { orgId }, query: { page: 1, perPage: 25 } },
        }),
      ).total,
    enabled: !!orgId && listTotal !== undefined && fromList === undefined,
    staleTime: 30_000,
  });
  return fromList ?? (data === undefined ? undefined : data <= 1);
}

/** The organization's groups (filters and the user form) come from the organization feature's query. */
export { useGroupList as useGroups } from '../organization/api';

export function useBulkAction() {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: { action: BulkAction; userIds: string[] } & Confirmation) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/users/bulk', { params: { path: { orgId } }, body }),
      ),
    onSuccess: invalidate,
  });
}

export interface ExportRequest {
  q: string;
  status: string[];
  groupIds: string[];
  attributes: string[];
  encoding: 'utf8' | 'sjis';
}

/** エクスポート: the filtered rows, every page, streamed by the server as CSV. */
export function useExportUsers() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async (r: ExportRequest) => {
      const query = new URLSearchParams();
      if (r.q) query.set('q', r.q);
      for (const s of r.status) query.append('status', s);
      for (const g of r.groupIds) query.append('groupIds', g);
      for (const a of r.attributes) query.append('attributes', a);
      query.set('encoding', r.encoding);
      const response = await rawFetch(
        `${fillPath('/api/v1/organizations/{orgId}/users/export', { orgId })}?${query.toString()}`,
      );
      return saveDownload(response, 'users.csv');
    },
  });
}

export function useUser(userId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...membersKey(orgId), 'user', userId],
    queryFn: async () =>
      described<UserDetail>(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}', {
          params: { path: { orgId, userId: userId ?? '' } },
        }),
      ),
    enabled: !!orgId && !!userId,
  });
}

export type CreateUserBody = components['schemas']['CreateOrganizationUserDto'];
export type UpdateUserBody = components['schemas']['UpdateOrganizationUserDto'];

export function useCreateUser() {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: CreateUserBody) =>
      described<UserDetail>(
        await api.POST('/api/v1/organizations/{orgId}/users', { params: { path: { orgId } }, body }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateUser(userId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: UpdateUserBody) =>
      described<UserDetail>(
        await api.PATCH('/api/v1/organizations/{orgId}/users/{userId}', {
          params: { path: { orgId, userId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteUser(userId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (confirmation: Confirmation) =>
      unwrap(
        await api.DELETE('/api/v1/organizations/{orgId}/users/{userId}', {
          params: { path: { orgId, userId } },
          body: confirmation,
        }),
      ),
    onSuccess: invalidate,
  });
}

export type SignInAction = 'unlock' | 'otp/lift-suspension' | 'totp/revoke' | 'two-factor/disable';

/** アカウントロック解除, ワンタイムパスワード利用停止解除, トークンの失効, 2要素認証の無効化. */
export function useSignInAction(userId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (action: SignInAction) => {
      const params = { path: { orgId, userId } };
      switch (action) {
        case 'unlock':
          return unwrap(await api.POST('/api/v1/organizations/{orgId}/users/{userId}/unlock', { params }));
        case 'otp/lift-suspension':
          return unwrap(
            await api.POST('/api/v1/organizations/{orgId}/users/{userId}/otp/lift-suspension', { params }),
          );
        case 'totp/revoke':
          return unwrap(
            await api.POST('/api/v1/organizations/{orgId}/users/{userId}/totp/revoke', { params }),
          );
        case 'two-factor/disable':
          return unwrap(
            await api.POST('/api/v1/organizations/{orgId}/users/{userId}/two-factor/disable', { params }),
          );
      }
    },
    onSuccess: invalidate,
  });
}

/** ユーザー利用停止日一覧. */
export function useUsageStopDates(state: ListState<string>, scheduledOnly: boolean) {
  const orgId = useOrgId();
  const query = { page: state.page, perPage: state.perPage, scheduledOnly };
  return useQuery({
    queryKey: [...membersKey(orgId), 'usage-stop-dates', query],
    queryFn: async () =>
      described<UsageStopPage>(
        await api.GET('/api/v1/organizations/{orgId}/users/usage-stop-dates', {
          params: { path: { orgId }, query },
        }),
      ),
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

export function useSetUsageStopDate() {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async ({ userId, date }: { userId: string; date: string | null }) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/usage-stop-date', {
          params: { path: { orgId, userId } },
          body: { date },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** ユーザーインポート: the multipart upload (file + the confirmation's fields); answers the job id. */
export function useStartImport() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async ({ file, confirmation }: { file: File; confirmation: Confirmation }) => {
      const form = new FormData();
      appendConfirmation(form, confirmation);
      form.append('file', file);
      const response = await rawFetch(fillPath('/api/v1/organizations/{orgId}/users/import', { orgId }), {
        method: 'POST',
        body: form,
      });
      return (await response.json()) as ImportStarted;
    },
  });
}

/** The import job, polled every half second until it ends: `{state, processed, total, errors}`. */
export function useImportJob(jobId: string | undefined) {
  const orgId = useOrgId();
  const invalidate = useInvalidateMembers();
  return useQuery({
    queryKey: ['imports', orgId, jobId],
    queryFn: async () => {
      const job = described<ImportJobView>(
        await api.GET('/api/v1/organizations/{orgId}/users/import/{jobId}', {
          params: { path: { orgId, jobId: jobId ?? '' } },
        }),
      );
      if (job.state === 'succeeded') await invalidate();
      return job;
    },
    enabled: !!orgId && !!jobId,
    refetchInterval: (q) => {
      const state = q.state.data?.state;
      return state === 'succeeded' || state === 'failed' ? false : 500;
    },
  });
}
