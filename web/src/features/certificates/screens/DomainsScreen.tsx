import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { BulkConfirmDialog, toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type Domain, useDomains, useRegisterDomain, useRemoveDomain } from '../api';

/** ドメイン管理 (manual 002): the names server certificates may be issued for. A short list: no paging. */
export function DomainsScreen() {
  const { t } = useTranslation('certificates');
  const domains = useDomains();
  const register = useRegisterDomain();
  const remove = useRemoveDomain();
  const [domain, setDomain] = useState('');
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [done, setDone] = useState<string>();
  const [removing, setRemoving] = useState<Domain>();

  return (
    <PageSection>
      <Title headingLevel="h1">{t('domains.title')}</Title>
      <p>{t('domains.lead')}</p>
      <Form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setDone(undefined);
          if (!domain.trim()) return setErrors({ fields: { domain: t('domains.required') } });
          register.mutate(domain.trim(), {
            onSuccess: (d) => {
              setErrors({ fields: {} });
              setDone(t('domains.registered', { domain: d.domain }));
              setDomain('');
            },
            onError: (error) =>
              setErrors(
                toStepErrors(t, error, {
                  DOMAIN_ALREADY_REGISTERED: 'domain',
                  CERTIFICATE_NAME_INVALID: 'domain',
                }),
              ),
          });
        }}
      >
        <FormError message={errors.form} />
        <FormGroup label={t('domains.domain')} fieldId="domain-name" isRequired>
          <TextInput
            id="domain-name"
            isRequired
            value={domain}
            onChange={(_e, v) => setDomain(v)}
            validated={errors.fields.domain ? 'error' : 'default'}
            aria-invalid={errors.fields.domain ? true : undefined}
            aria-describedby={errors.fields.domain ? 'domain-name-error' : undefined}
          />
          <FieldError fieldId="domain-name" message={errors.fields.domain} />
        </FormGroup>
        <ActionGroup>
          <Button
            type="submit"
            variant="primary"
            isLoading={register.isPending}
            isDisabled={register.isPending}
          >
            {t('domains.register')}
          </Button>
        </ActionGroup>
      </Form>
      {done && <Alert variant="success" isInline isPlain title={done} />}
      <Table aria-label={t('domains.title')} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('domains.domain')}</Th>
            <Th>{t('domains.createdAt')}</Th>
            <Th screenReaderText={t('domains.remove')} />
          </Tr>
        </Thead>
        <Tbody>
          {(domains.data ?? []).map((d) => (
            <Tr key={d.id}>
              <Td>{d.domain}</Td>
              <Td>{formatDateTime(d.createdAt)}</Td>
              <Td>
                <Button
                  variant="link"
                  isDanger
                  isInline
                  aria-label={t('domains.removeOf', { domain: d.domain })}
                  onClick={() => setRemoving(d)}
                >
                  {t('domains.remove')}
                </Button>
              </Td>
            </Tr>
          ))}
          {domains.data?.length === 0 && (
            <Tr>
              <Td colSpan={3}>{t('domains.empty')}</Td>
            </Tr>
          )}
        </Tbody>
      </Table>
      {removing && (
        <BulkConfirmDialog
          title={t('domains.removeTitle')}
          message={t('domains.removeBody', { domain: removing.domain })}
          confirmationPassword={false}
          danger
          onConfirm={() => remove.mutateAsync(removing.id)}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </PageSection>
  );
}
