import { ActionGroup, Button, Checkbox, Form, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow } from '../../../components/confirm-step';
import { FormError } from '../../../lib/errors/fields';
import { type Grant, type PermissionGrantsView, usePermissions, useReplacePermissions } from '../api';

/** Every grantable permission, in the order of the permission enum (src/auth/authorization/permission.ts). */
export const PERMISSIONS = [
  'users.manage',
  'users.import',
  'users.export',
  'company.manage',
  'fees.manage',
  'approvals.view_all',
  'audit.read',
  'certificates.manage',
  'certificates.request',
  'personal_numbers.read',
  'personal_numbers.write',
  'personal_numbers.export',
  'approvals.request.transfer',
  'approvals.request.bulk_transfer',
  'approvals.request.payroll',
  'approvals.request.account_debit',
  'approvals.approve.transfer',
  'approvals.approve.bulk_transfer',
  'approvals.approve.payroll',
  'approvals.approve.account_debit',
] as const;

type Choice = Record<string, { granted: boolean; subtree: boolean }>;

function toChoice(grants: Grant[]): Choice {
  const c: Choice = {};
  for (const p of PERMISSIONS) c[p] = { granted: false, subtree: false };
  for (const g of grants) c[g.permission] = { granted: true, subtree: g.scope === 'subtree' };
  return c;
}

function toGrants(c: Choice): Grant[] {
  return PERMISSIONS.filter((p) => c[p].granted).map((p) => ({
    permission: p,
    scope: p === 'users.manage' && c[p].subtree ? 'subtree' : null,
  }));
}

/**
 * 権限設定: a member's grants in the organization, with 所属配下ユーザーのみ管理する for ユーザー管理; a manager's
 * implicit rights are shown and need no grant. Confirmed with the 確認用パスワード.
 */
export function PermissionsScreen() {
  const { userId = '' } = useParams();
  const view = usePermissions(userId);
  if (!view.data) return null;
  // Keyed by the user, not by the read: saving refreshes the grants, and the 完了 step must stay on screen.
  return <PermissionsFlow view={view.data} key={view.data.userId} />;
}

function PermissionsFlow({ view }: { view: PermissionGrantsView }) {
  const { t } = useTranslation('organization');
  const replace = useReplacePermissions(view.userId);
  const before = toChoice(view.permissions);
  const label = (p: string) => t(`permission.${p.replace(/\./g, '_')}`, { defaultValue: p });
  const describe = (c: { granted: boolean; subtree: boolean }, p: string) =>
    c.granted
      ? p === 'users.manage' && c.subtree
        ? t('permissions.grantedSubtree')
        : t('permissions.granted')
      : '';

  return (
    <PageSection>
      <ConfirmStep<Choice, PermissionGrantsView>
        title={t('permissions.title')}
        confirmationPassword
        review={(c): ReviewRow[] =>
          PERMISSIONS.map((p) => ({
            name: p,
            label: label(p),
            value: describe(c[p], p),
            changed:
              c[p].granted !== before[p].granted || (c[p].granted && c[p].subtree !== before[p].subtree),
          }))
        }
        submit={(c, confirmation) => replace.mutateAsync({ permissions: toGrants(c), ...confirmation })}
        done={() => <Link to={`/users/${view.userId}`}>{t('permissions.backToUser')}</Link>}
        input={({ values, errors, onNext }) => (
          <PermissionsInput
            initial={values ?? before}
            implicit={view.implicitPermissions}
            isManager={view.isManager}
            formError={errors.form}
            label={label}
            onNext={onNext}
            userId={view.userId}
          />
        )}
      />
    </PageSection>
  );
}

function PermissionsInput(props: {
  initial: Choice;
  implicit: string[];
  isManager: boolean;
  formError?: string;
  label(p: string): string;
  onNext(c: Choice): void;
  userId: string;
}) {
  const { t } = useTranslation('organization');
  const [choice, setChoice] = useState<Choice>(props.initial);
  const set = (p: string, change: Partial<{ granted: boolean; subtree: boolean }>) =>
    setChoice((c) => ({ ...c, [p]: { ...c[p], ...change } }));
  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        props.onNext(choice);
      }}
    >
      <FormError message={props.formError} />
      {props.isManager && <p>{t('permissions.managerNote')}</p>}
      <Table aria-label={t('permissions.title')} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('permissions.permission')}</Th>
            <Th>{t('permissions.grant')}</Th>
            <Th>{t('permissions.scope')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {PERMISSIONS.map((p) => (
            <Tr key={p}>
              <Td dataLabel={t('permissions.permission')}>{props.label(p)}</Td>
              <Td dataLabel={t('permissions.grant')}>
                <Checkbox
                  id={`grant-${p}`}
                  aria-label={props.label(p)}
                  isChecked={choice[p].granted}
                  onChange={(_e, v) => set(p, { granted: v })}
                  description={props.implicit.includes(p) ? t('permissions.implicit') : undefined}
                />
              </Td>
              <Td dataLabel={t('permissions.scope')}>
                {p === 'users.manage' && (
                  <Checkbox
                    id="grant-users.manage-subtree"
                    label={t('permissions.subtreeOnly')}
                    isChecked={choice[p].subtree}
                    isDisabled={!choice[p].granted}
                    onChange={(_e, v) => set(p, { subtree: v })}
                  />
                )}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('confirm')}
        </Button>
        <Link to={`/users/${props.userId}`}>{t('permissions.backToUser')}</Link>
      </ActionGroup>
    </Form>
  );
}
