import { useState } from 'react';
import { Alert, Button, Form, Label } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { BulkConfirmDialog, toStepErrors } from '../../../components/confirm-step';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { Screen } from '../../sign-in/screen';
import { type ScimToken, useRevokeScimToken, useScimTokens } from '../api';
import { ScimBaseUrlField } from './CopyField';

/**
 * SCIM連携設定: the SCIM base URL to paste into the identity provider, the organization's SCIM tokens (client name,
 * issued, last used, whether the provider has used it yet; never the token), SCIM トークン発行 and 失効 (a
 * confirmation popup with the 確認用パスワード). A revoked token is deleted by the API, so it leaves the list.
 */
export function ScimTokensScreen() {
  const { t } = useTranslation('scim-tokens');
  const list = useListState({ sort: 'createdAt' });
  const tokens = useScimTokens();
  const revoke = useRevokeScimToken();
  const [revoking, setRevoking] = useState<ScimToken>();
  const [revoked, setRevoked] = useState<string>();

  const columns: Column<ScimToken>[] = [
    { key: 'clientName', header: t('col.clientName'), cell: (token) => token.clientName },
    { key: 'createdAt', header: t('col.createdAt'), cell: (token) => formatDateTime(token.createdAt) },
    {
      key: 'lastUsedAt',
      header: t('col.lastUsedAt'),
      cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('never')),
    },
    {
      key: 'state',
      header: t('col.state'),
      cell: (token) =>
        token.lastUsedAt ? (
          <Label color="green">{t('state.used')}</Label>
        ) : (
          <Label color="grey">{t('state.unused')}</Label>
        ),
    },
  ];
  const items = tokens.data?.items;
  // The API's cap comes with the list (409 CONFLICT beyond it).
  const max = tokens.data?.max;
  const { page, perPage } = list.state;
  const rows = items?.slice((page - 1) * perPage, page * perPage);
  const full = max !== undefined && (items?.length ?? 0) >= max;

  return (
    <Screen title={t('title')}>
      <p className="kanri-mb">{t('lead')}</p>
      <Form className="kanri-narrow-form kanri-mb" onSubmit={(e) => e.preventDefault()}>
        <ScimBaseUrlField />
      </Form>
      {tokens.error ? (
        <Alert variant="danger" isInline title={errorMessage(t, tokens.error)} role="alert" />
      ) : null}
      {revoked && (
        <Alert variant="success" isInline isPlain role="status" title={t('revoke.done', { name: revoked })} />
      )}
      {full && <Alert variant="info" isInline isPlain title={t('limit', { max })} />}
      <DataTable<ScimToken>
        label={t('table')}
        columns={columns}
        rows={rows}
        rowId={(token) => token.id}
        total={items?.length}
        list={list}
        loading={tokens.isFetching}
        emptyText={t('empty')}
        actions={
          full ? (
            <Button variant="primary" isDisabled>
              {t('issue')}
            </Button>
          ) : (
            <Link className="pf-v6-c-button pf-m-primary" to="/organization/scim-tokens/new">
              {t('issue')}
            </Link>
          )
        }
        rowActionsHeader={t('col.actions')}
        rowActions={(token) => (
          <Button
            variant="link"
            isInline
            isDanger
            aria-label={t('revoke.buttonOf', { name: token.clientName })}
            onClick={() => {
              setRevoked(undefined);
              setRevoking(token);
            }}
          >
            {t('revoke.button')}
          </Button>
        )}
      />
      {revoking && (
        <BulkConfirmDialog
          title={t('revoke.title')}
          message={t('revoke.body', { name: revoking.clientName })}
          confirmationPassword
          danger
          describeError={(error) =>
            isApiError(error) && error.code === 'NOT_FOUND'
              ? { fields: {}, form: t('revoke.gone') }
              : toStepErrors(t, error)
          }
          onConfirm={async (confirmation) => {
            await revoke.mutateAsync({ tokenId: revoking.id, confirmation });
            setRevoked(revoking.clientName);
          }}
          onClose={() => setRevoking(undefined)}
        />
      )}
    </Screen>
  );
}
