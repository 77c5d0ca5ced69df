import { Alert, Button, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { Screen } from './screen';

interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const SESSIONS_KEY = ['auth', 'sessions'] as const;

/** ログイン中のセッション (SPEC §3.6): the caller's open sessions; any but the current one can be ended. */
export function SessionsPage() {
  const { t, i18n } = useTranslation('sign-in');
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/auth/sessions')) as unknown as { items: SessionView[] },
  });
  const end = useMutation({
    mutationFn: async (sessionId: string) =>
      unwrap(await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'ja-JP');
  return (
    <Screen title={t('sessions.title')}>
      {sessions.error ? <Alert variant="danger" isInline title={errorMessage(t, sessions.error)} /> : null}
      {end.error ? <Alert variant="danger" isInline title={errorMessage(t, end.error)} /> : null}
      <Table aria-label={t('sessions.title')} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('sessions.createdAt')}</Th>
            <Th>{t('sessions.lastSeenAt')}</Th>
            <Th>{t('sessions.ip')}</Th>
            <Th>{t('sessions.userAgent')}</Th>
            <Th screenReaderText={t('sessions.actions')} />
          </Tr>
        </Thead>
        <Tbody>
          {(sessions.data?.items ?? []).map((s) => (
            <Tr key={s.id}>
              <Td dataLabel={t('sessions.createdAt')}>{time(s.createdAt)}</Td>
              <Td dataLabel={t('sessions.lastSeenAt')}>{time(s.lastSeenAt)}</Td>
              <Td dataLabel={t('sessions.ip')}>{s.ip ?? '-'}</Td>
              <Td dataLabel={t('sessions.userAgent')}>{s.userAgent ?? '-'}</Td>
              <Td dataLabel={t('sessions.actions')}>
                {s.current ? (
                  <Label color="blue">{t('sessions.current')}</Label>
                ) : (
                  <Button
                    variant="secondary"
                    isDanger
                    size="sm"
                    onClick={() => end.mutate(s.id)}
                    isDisabled={end.isPending}
                  >
                    {t('sessions.end')}
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Screen>
  );
}
