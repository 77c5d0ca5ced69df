import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth, useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import { type Described, described, type OkBody } from '../../lib/api-types';

/**
 * Queries and mutations of the organizations module (src/organizations) over the generated client. Query keys:
 * ['organization', orgId, …]; changes here also invalidate the member lists (['members', orgId]).
 */
export const organizationKey = (orgId: string | null) => ['organization', orgId] as const;

export interface MemberSummary {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  isManager: boolean;
}

/** `GET/PUT /organizations/{orgId}/managers`: members, 組織内ユーザー数, the cap, whether it is exceeded. */
export type ManagersView = Described<
  OkBody<'managers.replace'>,
  { memberCount: number; maxManagers: number; overCap: boolean; members: MemberSummary[] }
>;

/** A page of ユーザー一覧 read for its member columns only. */
type MemberPage = Described<OkBody<'users.find'>, { items: MemberSummary[]; total: number }>;

/** `POST /organizations` (組織コード発行). */
export type OrganizationSummary = Described<
  OkBody<'organizations.create'>,
  { id: string; code: string; name: string; nameKana: string | null }
>;

/** `PUT /me/organization` (組織コードの紐づけ). */
type JoinedOrganization = Described<
  OkBody<'myOrganization.join'>,
  { organization: OrganizationSummary; isManager: boolean }
>;

/** `GET /organizations/{orgId}/groups`. */
type GroupList = Described<OkBody<'groups.list'>, { items: GroupView[] }>;

export interface GroupView {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

/** One grant as the API takes it (GrantDto): a permission, `subtree` for 所属配下のみ. */
export type Grant = components['schemas']['GrantDto'];

/** `GET/PUT /organizations/{orgId}/users/{userId}/permissions`. */
export type PermissionGrantsView = Described<
  OkBody<'permissions.get'>,
  { userId: string; isManager: boolean; permissions: Grant[]; implicitPermissions: string[] }
>;

function useInvalidate() {
  const queryClient = useQueryClient();
  const orgId = useOrgId();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: organizationKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['members', orgId] }),
    ]);
}

/** The keyword that finds the managers in ユーザー一覧's search: every manager's role label ends with it. */
const MANAGER_KEYWORD = '管理責任者';
const MANAGER_PAGE = 100;

/** ceil(members × 0.2): the cap the screen shows before sending (the API enforces it on 変更). */
export function managerCap(memberCount: number): number {
  return Math.ceil(memberCount * 0.2);
}

/**
 * 管理責任者修正's facts without reading every member: 組織内ユーザー数 is the member list's total (one COUNT), and
 * the managers are the members whose role the search finds as 管理責任者 (a few pages of at most 100: there are
 * at most 20% of the members). GET /managers would send the whole membership, which at 100,000 members is
 * megabytes; this stays a few rows.
 */
export function useManagerFacts() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...organizationKey(orgId), 'managers', 'facts'],
    queryFn: async ({ signal }) => {
      const path = { orgId };
      const all = described<MemberPage>(
        await api.GET('/api/v1/organizations/{orgId}/users', {
          params: { path, query: { page: 1, perPage: 25 } },
          signal,
        }),
      );
      const managers: MemberSummary[] = [];
      for (let page = 1; ; page += 1) {
        const found = described<MemberPage>(
          await api.GET('/api/v1/organizations/{orgId}/users', {
            params: { path, query: { q: MANAGER_KEYWORD, page, perPage: MANAGER_PAGE, sort: 'loginId' } },
            signal,
          }),
        );
        // A member named so would match the keyword by name too; the flag decides.
        managers.push(...found.items.filter((m) => m.isManager));
        if (page * MANAGER_PAGE >= found.total) break;
      }
      const maxManagers = managerCap(all.total);
      return { memberCount: all.total, maxManagers, overCap: managers.length > maxManagers, managers };
    },
    enabled: !!orgId,
  });
}

/** One page of the members (the paged search of 管理責任者修正), over ユーザー一覧's API. */
export function useMemberPage(query: Record<string, unknown>) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...organizationKey(orgId), 'managers', 'members', query],
    queryFn: async ({ signal }) =>
      described<MemberPage>(
        await api.GET('/api/v1/organizations/{orgId}/users', { params: { path: { orgId }, query }, signal }),
      ),
    placeholderData: keepPreviousData,
    enabled: !!orgId,
  });
}

export function useReplaceManagers() {
  const orgId = useOrgId();
  const invalidate = useInvalidate();
  const { refresh } = useAuth();
  return useMutation({
    mutationFn: async (managerUserIds: string[]) =>
      described<ManagersView>(
        await api.PUT('/api/v1/organizations/{orgId}/managers', {
          params: { path: { orgId } },
          body: { managerUserIds },
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      // The caller may have handed over their own manager flag.
      await refresh();
    },
  });
}

/** 組織コード発行: the caller becomes the new organization's first manager. */
export function useIssueOrganization() {
  const queryClient = useQueryClient();
  const { refresh } = useAuth();
  return useMutation({
    mutationFn: async (body: { name: string; nameKana?: string }) =>
      described<OrganizationSummary>(await api.POST('/api/v1/organizations', { body })),
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['organization'] });
    },
  });
}

/** 一般ユーザーと組織コードの紐づけ: joins (or moves to) the organization of the code. */
export function useJoinOrganization() {
  const queryClient = useQueryClient();
  const { refresh } = useAuth();
  return useMutation({
    mutationFn: async (code: string) =>
      described<JoinedOrganization>(await api.PUT('/api/v1/me/organization', { body: { code } })),
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['organization'] });
    },
  });
}

export const groupsKey = (orgId: string) => [...organizationKey(orgId), 'groups'] as const;

export function useGroupList() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: groupsKey(orgId),
    queryFn: async () =>
      described<GroupList>(
        await api.GET('/api/v1/organizations/{orgId}/groups', { params: { path: { orgId } } }),
      ).items,
    enabled: !!orgId,
  });
}

export function useSaveGroup() {
  const orgId = useOrgId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (g: { id?: string; code: string; name: string; parentId: string | null }) => {
      const body = { code: g.code, name: g.name, parentId: g.parentId };
      return g.id
        ? unwrap(
            await api.PATCH('/api/v1/organizations/{orgId}/groups/{groupId}', {
              params: { path: { orgId, groupId: g.id } },
              body,
            }),
          )
        : unwrap(
            await api.POST('/api/v1/organizations/{orgId}/groups', { params: { path: { orgId } }, body }),
          );
    },
    onSuccess: invalidate,
  });
}

export function useDeleteGroup() {
  const orgId = useOrgId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (groupId: string) =>
      unwrap(
        await api.DELETE('/api/v1/organizations/{orgId}/groups/{groupId}', {
          params: { path: { orgId, groupId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function usePermissions(userId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...organizationKey(orgId), 'permissions', userId],
    queryFn: async () =>
      described<PermissionGrantsView>(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/permissions', {
          params: { path: { orgId, userId } },
        }),
      ),
    enabled: !!orgId && !!userId,
  });
}

export function useReplacePermissions(userId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: { permissions: Grant[]; confirmationPassword?: string; stepUpToken?: string }) =>
      described<PermissionGrantsView>(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/permissions', {
          params: { path: { orgId, userId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}
