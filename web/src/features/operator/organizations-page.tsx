import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { DataTable, formatDateTime, useListState, type Column } from '../../components/data-table';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { FieldError, FormError } from '../../lib/errors/fields';
import { Screen } from '../sign-in/screen';

interface OrganizationRow {
  id: string;
  code: string;
  name: string;
  nameKana: string | null;
  status: string;
  planUserLimit: number | null;
  memberCount: number;
  createdAt: string;
}

const ORGANIZATIONS_KEY = ['operator', 'organizations'] as const;

/** 組織一覧 (system operator): every organization with its code, members and 契約プランのユーザー登録上限. */
export function OrganizationsPage() {
  const { t } = useTranslation('operator');
  const list = useListState({ sort: 'createdAt', order: 'desc' });
  const { page, perPage } = list.state;
  const [editing, setEditing] = useState<OrganizationRow | null>(null);
  const organizations = useQuery({
    queryKey: [...ORGANIZATIONS_KEY, { page, perPage }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations', { params: { query: { page, perPage } } })) as unknown as {
        items: OrganizationRow[];
        total: number;
      },
    placeholderData: (previous) => previous,
  });
  const columns: Column<OrganizationRow>[] = [
    { key: 'code', header: t('organizations.code'), cell: (o) => <code>{o.code}</code> },
    { key: 'name', header: t('organizations.name'), cell: (o) => o.name },
    {
      key: 'members',
      header: t('organizations.members'),
      cell: (o) => t('organizations.count', { count: o.memberCount }),
    },
    {
      key: 'plan',
      header: t('organizations.plan'),
      cell: (o) =>
        o.planUserLimit === null
          ? t('organizations.unlimited')
          : t('organizations.count', { count: o.planUserLimit }),
    },
    { key: 'createdAt', header: t('organizations.createdAt'), cell: (o) => formatDateTime(o.createdAt) },
  ];
  return (
    <Screen title={t('organizations.title')}>
      {organizations.error ? (
        <Alert variant="danger" isInline title={errorMessage(t, organizations.error)} />
      ) : null}
      <DataTable
        label={t('organizations.title')}
        columns={columns}
        rows={organizations.data?.items}
        rowId={(o) => o.id}
        total={organizations.data?.total}
        list={list}
        loading={organizations.isPending}
        actions={
          <Link to="/operator/organizations/new" className="pf-v6-c-button pf-m-primary">
            {t('organizations.open')}
          </Link>
        }
        rowActionsHeader={t('organizations.actions')}
        rowActions={(o) => (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setEditing(o)}
            aria-label={t('organizations.editPlanOf', { name: o.name })}
          >
            {t('organizations.editPlan')}
          </Button>
        )}
      />
      {editing ? <PlanDialog organization={editing} onClose={() => setEditing(null)} /> : null}
    </Screen>
  );
}

/** 契約プラン設定: the organization's user limit (empty = unlimited). */
function PlanDialog({ organization, onClose }: { organization: OrganizationRow; onClose: () => void }) {
  const { t } = useTranslation('operator');
  const queryClient = useQueryClient();
  const [value, setValue] = useState(
    organization.planUserLimit === null ? '' : String(organization.planUserLimit),
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (planUserLimit: number | null) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/plan', {
          params: { path: { orgId: organization.id } } as never,
          body: { planUserLimit } as never,
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ORGANIZATIONS_KEY });
      onClose();
    },
  });
  const fields = fieldErrors(t, save.error);
  const submit = () => {
    const trimmed = value.trim();
    // The API takes 1 or more (null = unlimited); 0 would be refused there, so it is refused here in words.
    if (trimmed !== '' && !(/^\d+$/.test(trimmed) && Number(trimmed) >= 1)) {
      setInvalid(t('plan.number'));
      return;
    }
    setInvalid(null);
    save.mutate(trimmed === '' ? null : Number(trimmed));
  };
  const message = invalid ?? fields.planUserLimit;
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="plan-dialog-title">
      <ModalHeader title={t('plan.title')} labelId="plan-dialog-title" description={organization.name} />
      <ModalBody>
        <Form
          id="plan-form"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <FormError message={save.error && !fields.planUserLimit ? errorMessage(t, save.error) : null} />
          <FormGroup label={t('plan.limit')} fieldId="plan-limit">
            <TextInput
              id="plan-limit"
              value={value}
              inputMode="numeric"
              onChange={(_event, v) => setValue(v)}
              validated={message ? 'error' : 'default'}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? 'plan-limit-error' : 'plan-limit-help'}
            />
            {message ? null : <p id="plan-limit-help">{t('plan.help')}</p>}
            <FieldError fieldId="plan-limit" message={message} />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <ActionGroup>
          <Button
            type="submit"
            form="plan-form"
            variant="primary"
            isLoading={save.isPending}
            isDisabled={save.isPending}
          >
            {t('app:actions.save')}
          </Button>
          <Button variant="link" onClick={onClose}>
            {t('app:actions.cancel')}
          </Button>
        </ActionGroup>
      </ModalFooter>
    </Modal>
  );
}
