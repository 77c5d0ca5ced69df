import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import type { OkBody } from '../../lib/api-types';
import type { Confirmation } from '../../components/confirm-step';

/**
 * 監査ログ転送設定 (src/audit-streaming) over the generated client: the organization's destinations with their
 * delivery state, registration, deletion and the test delivery. Query keys: ['audit-streaming', orgId].
 */
export type Destination = OkBody<'auditStreaming.list'>['items'][number];
/** The answer of a registration: the destination and, for a webhook, its signing secret (shown once). */
export type Registered = OkBody<'auditStreaming.create'>;
export type TestResult = OkBody<'auditStreaming.test'>;
export type NewDestination = Omit<components['schemas']['CreateDestinationDto'], 'confirmationPassword'>;

/** How often the list is read again while open: the delivery state changes without anyone acting on screen. */
const REFRESH_MS = 5_000;

const streamsKey = (orgId: string) => ['audit-streaming', orgId] as const;

export function useDestinations() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: streamsKey(orgId),
    enabled: !!orgId,
    refetchInterval: REFRESH_MS,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations/{orgId}/audit/streams', { params: { path: { orgId } } }))
        .items,
  });
}

export function useCreateDestination() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ values, confirmation }: { values: NewDestination; confirmation?: Confirmation }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/audit/streams', {
          params: { path: { orgId } },
          body: { ...values, ...confirmation },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: streamsKey(orgId) }),
  });
}

export function useDeleteDestination() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ streamId, confirmation }: { streamId: string; confirmation?: Confirmation }) => {
      const result = await api.DELETE('/api/v1/organizations/{orgId}/audit/streams/{streamId}', {
        params: { path: { orgId, streamId } },
        body: { ...confirmation },
      });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: streamsKey(orgId) }),
  });
}

export function useTestDestination() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async (streamId: string) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/audit/streams/{streamId}/test', {
          params: { path: { orgId, streamId } },
        }),
      ),
  });
}

/** The address as one line: the webhook's URL, or the syslog collector's host:port. */
export function addressOf(d: Destination): string {
  if (d.kind === 'webhook') return d.url ?? '';
  return `${d.host ?? ''}${d.port === null ? '' : `:${d.port}`}`;
}
