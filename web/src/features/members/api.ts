import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { listQuery, type ListState } from '../../components/data-table';
import { fillPath, pathParams } from '../organization/path-params';
import type { BulkAction, ImportJob, Page, UsageStopEntry, UserListItem, UserView } from './types';
import type { components } from '../../api/schema';

/**
 * Queries and mutations of the user administration (src/users/administration) over the generated client. Query
 * keys: ['members', orgId, …]; every mutation invalidates the organization's member queries (and the managers
 * screen's, which counts members).
 */
export const membersKey = (orgId: string | null) => ['members', orgId] as const;

function useOrg(): string {
  const { orgId } = useAuth();
  return orgId ?? '';
}

function useInvalidateMembers() {
  const queryClient = useQueryClient();
  const orgId = useOrg();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['organization', orgId] }),
    ]);
}

/** ユーザー一覧: only the page on screen; the previous page stays visible while the next one loads. */
export function useUserList(state: ListState<string>) {
  const orgId = useOrg();
  const query = listQuery(state);
  return useQuery({
    queryKey: [...membersKey(orgId), 'list', query],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users', {
          params: { ...pathParams({ orgId }), query },
          signal,
        }),
      ) as unknown as Page<UserListItem>,
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

/** 組織内ユーザー数 (the unfiltered total), to hide the check boxes of a single-user organization. */
export function useMemberCount(): number | undefined {
  const orgId = useOrg();
  const { data } = useQuery({
    queryKey: [...membersKey(orgId), 'count'],
    queryFn: async () =>
      (
        unwrap(
          await api.GET('/api/v1/organizations/{orgId}/users', {
            params: { ...pathParams({ orgId }), query: { page: 1, perPage: 25 } },
          }),
        ) as unknown as Page<UserListItem>
      ).total,
    enabled: !!orgId,
    staleTime: 30_000,
  });
  return data;
}

/** The organization's groups (filters and the user form) come from the organization feature's query. */
export { useGroupList as useGroups } from '../organization/api';

export function useBulkAction() {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: { action: BulkAction; userIds: string[]; confirmationPassword: string }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/users/bulk', { params: pathParams({ orgId }), body }),
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

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** Hands a downloaded file to the browser under the server's name. */
export async function saveDownload(response: Response, fallback: string): Promise<string> {
  const name = fileNameOf(response, fallback);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** エクスポート: the filtered rows, every page, streamed by the server as CSV. */
export function useExportUsers() {
  const orgId = useOrg();
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
  const orgId = useOrg();
  return useQuery({
    queryKey: [...membersKey(orgId), 'user', userId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}', {
          params: pathParams({ orgId, userId: userId ?? '' }),
        }),
      ) as unknown as UserView,
    enabled: !!orgId && !!userId,
  });
}

export type CreateUserBody = components['schemas']['CreateOrganizationUserDto'];
export type UpdateUserBody = components['schemas']['UpdateOrganizationUserDto'];

export function useCreateUser() {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: CreateUserBody) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/users', { params: pathParams({ orgId }), body }),
      ) as unknown as UserView,
    onSuccess: invalidate,
  });
}

export function useUpdateUser(userId: string) {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (body: UpdateUserBody) =>
      unwrap(
        await api.PATCH('/api/v1/organizations/{orgId}/users/{userId}', {
          params: pathParams({ orgId, userId }),
          body,
        }),
      ) as unknown as UserView,
    onSuccess: invalidate,
  });
}

export function useDeleteUser(userId: string) {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (confirmationPassword: string) =>
      unwrap(
        await api.DELETE('/api/v1/organizations/{orgId}/users/{userId}', {
          params: pathParams({ orgId, userId }),
          body: { confirmationPassword },
        }),
      ),
    onSuccess: invalidate,
  });
}

export type SignInAction = 'unlock' | 'otp/lift-suspension' | 'totp/revoke' | 'two-factor/disable';

/** アカウントロック解除, ワンタイムパスワード利用停止解除, トークンの失効, 2要素認証の無効化. */
export function useSignInAction(userId: string) {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async (action: SignInAction) => {
      const params = pathParams({ orgId, userId });
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
  const orgId = useOrg();
  const query = { page: state.page, perPage: state.perPage, scheduledOnly };
  return useQuery({
    queryKey: [...membersKey(orgId), 'usage-stop-dates', query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/usage-stop-dates', {
          params: { ...pathParams({ orgId }), query },
        }),
      ) as unknown as Page<UsageStopEntry>,
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

export function useSetUsageStopDate() {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: async ({ userId, date }: { userId: string; date: string | null }) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/usage-stop-date', {
          params: pathParams({ orgId, userId }),
          body: { date } as never,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** ユーザーインポート: the multipart upload (file + 確認用パスワード); answers the job id. */
export function useStartImport() {
  const orgId = useOrg();
  return useMutation({
    mutationFn: async ({ file, confirmationPassword }: { file: File; confirmationPassword: string }) => {
      const form = new FormData();
      form.append('confirmationPassword', confirmationPassword);
      form.append('file', file);
      const response = await rawFetch(fillPath('/api/v1/organizations/{orgId}/users/import', { orgId }), {
        method: 'POST',
        body: form,
      });
      return (await response.json()) as { jobId: string };
    },
  });
}

/** The import job, polled every half second until it ends: `{state, processed, total, errors}`. */
export function useImportJob(jobId: string | undefined) {
  const orgId = useOrg();
  const invalidate = useInvalidateMembers();
  return useQuery({
    queryKey: ['imports', orgId, jobId],
    queryFn: async () => {
      const job = unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/import/{jobId}', {
          params: pathParams({ orgId, jobId: jobId ?? '' }),
        }),
      ) as unknown as ImportJob;
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
