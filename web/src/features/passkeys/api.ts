import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { registerPasskey } from '../../lib/passkeys';

/** The caller's passkeys over the generated client; every change invalidates the one list. */
export type PasskeyView = components['schemas']['PasskeyView'];

export const PASSKEYS_KEY = ['auth', 'passkeys'] as const;

export function usePasskeys() {
  return useQuery({
    queryKey: PASSKEYS_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/passkeys')),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
}

export function useRegisterPasskey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) => registerPasskey(name || undefined),
    onSettled: invalidate,
  });
}

export function useRenamePasskey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ passkeyId, name }: { passkeyId: string; name: string }) =>
      unwrap(
        await api.PATCH('/api/v1/auth/passkeys/{passkeyId}', {
          params: { path: { passkeyId } },
          body: { name },
        }),
      ),
    onSettled: invalidate,
  });
}

export function useRemovePasskey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (passkeyId: string) =>
      unwrap(await api.DELETE('/api/v1/auth/passkeys/{passkeyId}', { params: { path: { passkeyId } } })),
    onSettled: invalidate,
  });
}
