import { useState } from 'react';
import {
  Alert,
  Button,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  ToolbarItem,
} from '@patternfly/react-core';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BulkConfirmDialog } from '../../../components/confirm-step';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { Screen } from '../../sign-in/screen';
import {
  type EnrolmentIssued,
  type Officer,
  useOfficers,
  useOrganizationOptions,
  useReissueEnrolment,
  useRemoveOfficer,
} from '../api';
import { PinPanel } from './PinPanel';

/**
 * 登録担当者一覧 (system operator): the registration officers, by organization; 登録担当者登録, a new enrolment
 * link (a lost certificate, an expired or void link), whose access PIN is shown here once, and 削除 (confirm: the
 * officer's links are voided and certificates revoked). Removed officers stay listed as 削除済み, without actions.
 */
export function OfficersScreen() {
  const { t } = useTranslation('certificate-officers');
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('organization') ?? '';
  const list = useListState({ sort: 'createdAt' });
  const organizations = useOrganizationOptions();
  const officers = useOfficers(organizationId);
  const reissue = useReissueEnrolment();
  const [reissuing, setReissuing] = useState<Officer>();
  const [issued, setIssued] = useState<EnrolmentIssued>();
  const remove = useRemoveOfficer();
  const [removing, setRemoving] = useState<Officer>();
  const [removed, setRemoved] = useState<string>();
  const nameOf = (id: string) => organizations.data?.find((o) => o.id === id)?.name ?? id;

  const columns: Column<Officer>[] = [
    { key: 'nameRomaji', header: t('officers.nameRomaji'), cell: (o) => o.nameRomaji },
    { key: 'organization', header: t('officers.organization'), cell: (o) => nameOf(o.organizationId) },
    { key: 'email', header: t('officers.email'), cell: (o) => o.email },
    { key: 'createdAt', header: t('officers.createdAt'), cell: (o) => formatDateTime(o.createdAt) },
    {
      key: 'status',
      header: t('officers.status'),
      cell: (o) =>
        o.status === 'removed' ? (
          <Label color="grey">{t('officers.statusRemoved')}</Label>
        ) : (
          <Label color="green">{t('officers.statusActive')}</Label>
        ),
    },
  ];
  const { page, perPage } = list.state;
  const rows = officers.data?.slice((page - 1) * perPage, page * perPage);

  return (
    <Screen title={t('officers.title')}>
      <p>{t('officers.lead')}</p>
      {officers.error ? <Alert variant="danger" isInline title={errorMessage(t, officers.error)} /> : null}
      {removed && (
        <Alert variant="success" isInline isPlain title={t('officers.removed', { name: removed })} />
      )}
      {issued && (
        <>
          <Alert
            variant="success"
            isInline
            isPlain
            title={t('officers.reissued', { name: issued.officer.nameRomaji })}
          />
          <PinPanel issued={issued} onClose={() => setIssued(undefined)} />
        </>
      )}
      <DataTable<Officer>
        label={t('officers.title')}
        columns={columns}
        rows={rows}
        rowId={(o) => o.id}
        total={officers.data?.length}
        list={list}
        loading={officers.isFetching}
        emptyText={t('officers.empty')}
        filters={
          <ToolbarItem>
            <FormGroup label={t('officers.organization')} fieldId="officers-organization">
              <FormSelect
                id="officers-organization"
                value={organizationId}
                onChange={(_e, v) => {
                  const next = new URLSearchParams(params);
                  if (v) next.set('organization', v);
                  else next.delete('organization');
                  next.delete('page');
                  setParams(next);
                }}
              >
                <FormSelectOption value="" label={t('officers.allOrganizations')} />
                {(organizations.data ?? []).map((o) => (
                  <FormSelectOption key={o.id} value={o.id} label={`${o.name} (${o.code})`} />
                ))}
              </FormSelect>
            </FormGroup>
          </ToolbarItem>
        }
        actions={
          <Link
            className="pf-v6-c-button pf-m-primary"
            to={`/operator/registration-officers/new${organizationId ? `?organization=${organizationId}` : ''}`}
          >
            {t('officers.register')}
          </Link>
        }
        rowActionsHeader={t('officers.actions')}
        rowActions={(o) =>
          o.status === 'removed' ? null : (
            <>
              <Button
                variant="link"
                isInline
                aria-label={t('officers.reissueOf', { name: o.nameRomaji })}
                onClick={() => {
                  setIssued(undefined);
                  setRemoved(undefined);
                  setReissuing(o);
                }}
              >
                {t('officers.reissue')}
              </Button>{' '}
              <Button
                variant="link"
                isInline
                isDanger
                aria-label={t('officers.removeOf', { name: o.nameRomaji })}
                onClick={() => {
                  setIssued(undefined);
                  setRemoved(undefined);
                  setRemoving(o);
                }}
              >
                {t('officers.remove')}
              </Button>
            </>
          )
        }
      />
      {reissuing && (
        <BulkConfirmDialog
          title={t('officers.reissue')}
          message={t('officers.reissueBody', { name: reissuing.nameRomaji })}
          confirmationPassword={false}
          onConfirm={async () => setIssued(await reissue.mutateAsync(reissuing.id))}
          onClose={() => setReissuing(undefined)}
        />
      )}
      {removing && (
        <BulkConfirmDialog
          title={t('officers.removeTitle')}
          message={t('officers.removeBody', { name: removing.nameRomaji })}
          confirmationPassword
          danger
          onConfirm={async (confirmation) => {
            await remove.mutateAsync({ officerId: removing.id, confirmation });
            setRemoved(removing.nameRomaji);
          }}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </Screen>
  );
}
