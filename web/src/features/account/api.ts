import type { Confirmation } from '../../components/confirm-step';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import type { components } from '../../api/schema';

/** アカウント情報更新 over the generated client (`GET/PATCH /api/v1/me`). Query key: ['me']. */
export type OwnAccount = components['schemas']['OwnAccountView'];
export type OwnAccountChanges = Omit<components['schemas']['UpdateOwnAccountDto'], 'confirmationPassword'>;

export const ownAccountKey = ['me'] as const;

export function useOwnAccount() {
  return useQuery({ queryKey: ownAccountKey, queryFn: async () => unwrap(await api.GET('/api/v1/me')) });
}

export function useUpdateOwnAccount() {
  const queryClient = useQueryClient();
  const { refresh } = useAuth();
  return useMutation({
    mutationFn: async (v: { changes: OwnAccountChanges; confirmation: Confirmation | undefined }) =>
      unwrap(
        await api.PATCH('/api/v1/me', {
          body: { ...v.changes, ...v.confirmation },
        }),
      ),
    onSuccess: async (account) => {
      queryClient.setQueryData(ownAccountKey, account);
      await refresh();
    },
  });
}
