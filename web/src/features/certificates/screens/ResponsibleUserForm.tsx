import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Title,
} from '@patternfly/react-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { BulkConfirmDialog } from '../../../components/confirm-step';
import { FieldError } from '../../../lib/errors/fields';
import { useMemberOptions } from '../../certificate-officers/api';
import type { Certificate } from '../api';

/** PUT …/certificates/:id/responsible-user (利用管理者情報更新). */
function useMoveResponsible(certificateId: string) {
  const orgId = useAuth().orgId ?? '';
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/certificates/{certificateId}/responsible-user', {
          params: { path: { orgId, certificateId } },
          body: { userId },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['certificates', orgId] }),
  });
}

/**
 * 利用管理者情報更新 (manual 002): the registration officer moves a server or code-signing certificate's
 * responsible person (who receives the expiry notices) to another member, after a confirmation.
 */
export function ResponsibleUserForm({ certificate }: { certificate: Certificate }) {
  const { t } = useTranslation('certificates');
  const { orgId } = useAuth();
  const members = useMemberOptions(orgId ?? undefined);
  const move = useMoveResponsible(certificate.id);
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();
  const label = (id: string | null) => {
    const m = members.data?.find((x) => x.id === id);
    return m ? `${m.familyName} ${m.givenName} (${m.loginId})` : (id ?? '—');
  };
  return (
    <Form
      aria-labelledby="certificate-responsible-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setDone(undefined);
        if (!userId) return setError(t('responsible.choose'));
        setError(undefined);
        setConfirming(true);
      }}
    >
      <Title headingLevel="h2" id="certificate-responsible-title">
        {t('responsible.title')}
      </Title>
      <p>{t('responsible.current', { name: label(certificate.responsibleUserId) })}</p>
      {done && <Alert variant="success" isInline isPlain title={done} />}
      <FormGroup label={t('responsible.next')} fieldId="certificate-responsible-user" isRequired>
        <FormSelect
          id="certificate-responsible-user"
          value={userId}
          onChange={(_e, v) => setUserId(v)}
          validated={error ? 'error' : 'default'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'certificate-responsible-user-error' : undefined}
        >
          <FormSelectOption value="" label={t('responsible.choose')} isPlaceholder />
          {(members.data ?? [])
            .filter((m) => m.id !== certificate.responsibleUserId)
            .map((m) => (
              <FormSelectOption key={m.id} value={m.id} label={label(m.id)} />
            ))}
        </FormSelect>
        <FieldError fieldId="certificate-responsible-user" message={error} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="secondary">
          {t('responsible.button')}
        </Button>
      </ActionGroup>
      {confirming && (
        <BulkConfirmDialog
          title={t('responsible.title')}
          message={t('responsible.confirm', { name: label(userId) })}
          confirmationPassword={false}
          onConfirm={async () => {
            await move.mutateAsync(userId);
            setDone(t('responsible.done', { name: label(userId) }));
            setUserId('');
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </Form>
  );
}
