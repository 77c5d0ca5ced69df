import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { pathParams } from './path-params';

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

/** 管理責任者修正: members, 組織内ユーザー数, the cap ceil(count × 0.2), and whether it is exceeded. */
export interface ManagersView {
  memberCount: number;
  maxManagers: number;
  overCap: boolean;
  members: MemberSummary[];
}

export interface OrganizationSummary {
  id: string;
  code: string;
  name: string;
  nameKana: string | null;
}

export interface GroupView {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

export interface Grant {
  permission: string;
  scope: 'subtree' | null;
}

export interface PermissionGrantsView {
  userId: string;
  isManager: boolean;
  permissions: Grant[];
  implicitPermissions: string[];
}

function useOrg(): string {
  return useAuth().orgId ?? '';
}

function useInvalidate() {
  const queryClient = useQueryClient();
  const orgId = useOrg();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: organizationKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['members', orgId] }),
    ]);
}

export function useManagers() {
  const orgId = useOrg();
  return useQuery({
    queryKey: [...organizationKey(orgId), 'managers'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/managers', { params: pathParams({ orgId }) }),
      ) as unknown as ManagersView,
    enabled: !!orgId,
  });
}

export function useReplaceManagers() {
  const orgId = useOrg();
  const invalidate = useInvalidate();
  const { refresh } = useAuth();
  return useMutation({
    mutationFn: async (managerUserIds: string[]) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/managers', {
          params: pathParams({ orgId }),
          body: { managerUserIds },
        }),
      ) as unknown as ManagersView,
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
      unwrap(await api.POST('/api/v1/organizations', { body })) as unknown as OrganizationSummary,
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
      unwrap(await api.PUT('/api/v1/me/organization', { body: { code } })) as unknown as {
        organization: OrganizationSummary;
        isManager: boolean;
      },
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['organization'] });
    },
  });
}

export const groupsKey = (orgId: string) => [...organizationKey(orgId), 'groups'] as const;

export function useGroupList() {
  const orgId = useOrg();
  return useQuery({
    queryKey: groupsKey(orgId),
    queryFn: async () =>
      (
        unwrap(
          await api.GET('/api/v1/organizations/{orgId}/groups', { params: pathParams({ orgId }) }),
        ) as unknown as { items: GroupView[] }
      ).items,
    enabled: !!orgId,
  });
}

export function useSaveGroup() {
  const orgId = useOrg();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (g: { id?: string; code: string; name: string; parentId: string | null }) => {
      const body = { code: g.code, name: g.name, parentId: g.parentId };
      return g.id
        ? unwrap(
            await api.PATCH('/api/v1/organizations/{orgId}/groups/{groupId}', {
              params: pathParams({ orgId, groupId: g.id }),
              body,
            }),
          )
        : unwrap(
            await api.POST('/api/v1/organizations/{orgId}/groups', { params: pathParams({ orgId }), body }),
          );
    },
    onSuccess: invalidate,
  });
}

export function useDeleteGroup() {
  const orgId = useOrg();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (groupId: string) =>
      unwrap(
        await api.DELETE('/api/v1/organizations/{orgId}/groups/{groupId}', {
          params: pathParams({ orgId, groupId }),
        }),
      ),
    onSuccess: invalidate,
  });
}

export function usePermissions(userId: string) {
  const orgId = useOrg();
  return useQuery({
    queryKey: [...organizationKey(orgId), 'permissions', userId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/permissions', {
          params: pathParams({ orgId, userId }),
        }),
      ) as unknown as PermissionGrantsView,
    enabled: !!orgId && !!userId,
  });
}

export function useReplacePermissions(userId: string) {
  const orgId = useOrg();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: { permissions: Grant[]; confirmationPassword: string }) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/users/{userId}/permissions', {
          params: pathParams({ orgId, userId }),
          body: body as never,
        }),
      ) as unknown as PermissionGrantsView,
    onSuccess: invalidate,
  });
}
