import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { Confirmation } from '../../components/confirm-step';
import type { OkBody } from '../../lib/api-types';

/**
 * SCIM連携設定 (src/scim/scim-tokens.controller.ts) over the generated client: the organization's SCIM bearer
 * tokens, issued and revoked by its managers with the 確認用パスワード. Query key: ['scim-tokens', orgId].
 *
 * The token itself is in the answer of the issuing mutation only: never a query, never browser storage or a URL.
 * The mutation keeps no result once the screen that asked for it is gone (gcTime 0), so the 完了 view that shows it
 * is its only holder.
 */
export type ScimToken = OkBody<'scimTokens.list'>['items'][number];
/** What issuing answers: the token's row and, this once, `token`. */
export type IssuedScimToken = OkBody<'scimTokens.create'>;

/** Where the identity provider sends its requests: Kanri's own origin, outside /api/v1. */
export function scimBaseUrl(): string {
  return `${window.location.origin}/scim/v2`;
}

const tokensKey = (orgId: string) => ['scim-tokens', orgId] as const;

export function useScimTokens() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: tokensKey(orgId),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations/{orgId}/scim-tokens', { params: { path: { orgId } } })),
  });
}

/** Issues a token for a provisioning client (confirm); the answer carries the token once. */
export function useIssueScimToken() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    gcTime: 0,
    mutationFn: async ({ clientName, confirmation }: { clientName: string; confirmation?: Confirmation }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/scim-tokens', {
          params: { path: { orgId } },
          body: { clientName, ...confirmation },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(orgId) }),
  });
}

/** Revokes a token (confirm): the client's next request answers 401. */
export function useRevokeScimToken() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ tokenId, confirmation }: { tokenId: string; confirmation?: Confirmation }) => {
      const result = await api.DELETE('/api/v1/organizations/{orgId}/scim-tokens/{tokenId}', {
        params: { path: { orgId, tokenId } },
        body: { ...confirmation },
      });
      if (result.error !== undefined) throw result.error;
    },
    // Also after a refusal: a token another manager revoked meanwhile (404) leaves the list.
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey(orgId) }),
  });
}
