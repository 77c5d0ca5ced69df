import { useState } from 'react';
import {
  ActionList,
  ActionListItem,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BulkConfirmDialog, toStepErrors } from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { useAuth } from '../../../app/auth';
import { type SignInAction, useDeleteUser, useGroups, useSignInAction, useUser } from '../api';
import { StatusLabels } from '../components/StatusLabels';

const SIGN_IN_ACTIONS: { action: SignInAction; key: string; when?: 'locked' | 'twoFactor' }[] = [
  { action: 'unlock', key: 'action.unlock', when: 'locked' },
  { action: 'two-factor/disable', key: 'action.twoFactorOff', when: 'twoFactor' },
  { action: 'otp/lift-suspension', key: 'action.otpLift' },
  { action: 'totp/revoke', key: 'action.tokenRevoke', when: 'twoFactor' },
];

/** ユーザー詳細: the registered information, its status, and the actions on the account. */
export function UserDetailScreen() {
  const { t } = useTranslation('members');
  const { userId = '' } = useParams();
  const { principal, can } = useAuth();
  const navigate = useNavigate();
  const user = useUser(userId);
  const groups = useGroups();
  const remove = useDeleteUser(userId);
  const signIn = useSignInAction(userId);
  const [asking, setAsking] = useState<{ action: SignInAction | 'delete'; label: string }>();
  const [done, setDone] = useState<string>();
  const [failure, setFailure] = useState<string>();

  if (user.isError) {
    return (
      <PageSection>
        <Alert variant="danger" isInline title={errorMessage(t, user.error)} role="alert" />
      </PageSection>
    );
  }
  const u = user.data;
  if (!u) return null;
  const self = principal?.user.id === u.id;
  const group = groups.data?.find((g) => g.id === u.groupId);

  const items: [string, string | null | undefined][] = [
    [t('field.loginId'), u.loginId],
    [t('field.familyName'), u.familyName],
    [t('field.givenName'), u.givenName],
    [t('field.familyNameKana'), u.familyNameKana],
    [t('field.givenNameKana'), u.givenNameKana],
    [t('field.email'), u.email],
    [t('field.subEmail'), u.subEmail],
    [t('field.department'), u.department],
    [t('field.phoneExternal'), u.phoneExternal],
    [t('field.phoneExtension'), u.phoneExtension],
    [t('field.allowedIps'), u.allowedIps.join(', ')],
    [t('field.groupId'), group?.name],
    [t('field.attributes'), u.attributes.join(', ')],
    [t('field.validFrom'), u.validFrom],
    [t('field.validTo'), u.validTo],
    [t('field.usageStopDate'), u.usageStopDate],
    [t('field.language'), u.language],
    [t('field.note'), u.note],
    [t('detail.lockedAt'), formatDateTime(u.lockedAt)],
    [t('col.lastLoginAt'), formatDateTime(u.lastLoginAt)],
    [t('detail.createdAt'), formatDateTime(u.createdAt)],
    [t('detail.updatedAt'), formatDateTime(u.updatedAt)],
  ];

  const run = async (action: SignInAction, label: string) => {
    setFailure(undefined);
    await signIn.mutateAsync(action);
    setDone(t('detail.actionDone', { action: label }));
  };

  return (
    <PageSection>
      <Title headingLevel="h1">{t('detail.title')}</Title>
      {done && <Alert variant="success" isInline title={done} role="status" />}
      {failure && <Alert variant="danger" isInline title={failure} role="alert" />}
      <Title headingLevel="h2" size="md">
        {t('detail.statusHeading')}
      </Title>
      <StatusLabels status={u.status} />
      <DescriptionList isHorizontal isCompact aria-label={t('detail.title')}>
        {items.map(([term, value]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{value || '—'}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
      <ActionList>
        <ActionListItem>
          <Button variant="primary" onClick={() => void navigate(`/users/${u.id}/edit`)}>
            {t('action.edit')}
          </Button>
        </ActionListItem>
        {can('users.manage') && (
          <ActionListItem>
            <Button variant="secondary" onClick={() => void navigate(`/users/${u.id}/permissions`)}>
              {t('action.permissions')}
            </Button>
          </ActionListItem>
        )}
        {can('certificates.manage') && (
          <ActionListItem>
            <Link className="pf-v6-c-button pf-m-secondary" to={`/users/${u.id}/client-certificates`}>
              {t('action.clientCertificates')}
            </Link>
          </ActionListItem>
        )}
        <ActionListItem>
          <Button
            variant="danger"
            isDisabled={self}
            onClick={() => setAsking({ action: 'delete', label: t('action.delete') })}
          >
            {t('action.delete')}
          </Button>
        </ActionListItem>
      </ActionList>
      {self && <p>{t('detail.selfDelete')}</p>}
      <Title headingLevel="h2" size="md">
        {t('detail.signInHeading')}
      </Title>
      <ActionList>
        {SIGN_IN_ACTIONS.map(({ action, key, when }) => (
          <ActionListItem key={action}>
            <Button
              variant="secondary"
              isDisabled={
                (when === 'locked' && !u.status.locked) ||
                (when === 'twoFactor' && !u.status.twoFactorEnabled)
              }
              onClick={() => setAsking({ action, label: t(key) })}
            >
              {t(key)}
            </Button>
          </ActionListItem>
        ))}
      </ActionList>
      <p>
        <Link to="/users">{t('action.backToList')}</Link>
      </p>
      {asking && (
        <BulkConfirmDialog
          title={asking.action === 'delete' ? t('detail.deleteTitle') : asking.label}
          message={
            asking.action === 'delete'
              ? t('detail.deleteMessage', { loginId: u.loginId })
              : t('detail.confirmAction', { loginId: u.loginId, action: asking.label })
          }
          danger={asking.action === 'delete'}
          confirmationPassword={asking.action === 'delete'}
          describeError={(e) => toStepErrors(t, e)}
          onClose={() => setAsking(undefined)}
          onConfirm={async (confirmation) => {
            if (asking.action === 'delete') {
              await remove.mutateAsync(confirmation ?? {});
              void navigate('/users', { replace: true });
            } else {
              await run(asking.action, asking.label);
            }
          }}
        />
      )}
    </PageSection>
  );
}
