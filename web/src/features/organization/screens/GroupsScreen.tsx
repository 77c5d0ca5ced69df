import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { BulkConfirmDialog, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { useAuth } from '../../../app/auth';
import { type GroupView, useDeleteGroup, useGroupList, useSaveGroup } from '../api';
import '../organization.css';

interface Draft {
  id?: string;
  code: string;
  name: string;
  parentId: string;
}
const EMPTY: Draft = { code: '', name: '', parentId: '' };

/** The groups under a parent, code order (the API's order). */
function childrenOf(groups: GroupView[], parentId: string | null) {
  return groups.filter((g) => g.parentId === parentId);
}

/** The ids of a group and every group below it (a group cannot move under its own subtree). */
function subtree(groups: GroupView[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of groups) {
      if (g.parentId && out.has(g.parentId) && !out.has(g.id)) {
        out.add(g.id);
        grew = true;
      }
    }
  }
  return out;
}

/** グループ管理: the organization's group tree; add, rename, move and delete (only empty groups). */
export function GroupsScreen() {
  const { t } = useTranslation('organization');
  const { can } = useAuth();
  const groups = useGroupList();
  const save = useSaveGroup();
  const remove = useDeleteGroup();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [done, setDone] = useState<string>();
  const [deleting, setDeleting] = useState<GroupView>();
  const all = groups.data ?? [];
  const editable = can('users.manage');

  const submit = async () => {
    setDone(undefined);
    const local: Record<string, string> = {};
    if (!draft.code.trim()) local.code = t('groups.required');
    if (!draft.name.trim()) local.name = t('groups.required');
    if (Object.keys(local).length) return setErrors({ fields: local });
    try {
      await save.mutateAsync({
        id: draft.id,
        code: draft.code.trim(),
        name: draft.name.trim(),
        parentId: draft.parentId || null,
      });
      setDone(t(draft.id ? 'groups.updated' : 'groups.created', { name: draft.name }));
      setDraft(EMPTY);
      setErrors({ fields: {} });
    } catch (error) {
      // A taken group code is the only conflict here; the generic sentence speaks of concurrent edits.
      const conflict = !!error && typeof error === 'object' && 'code' in error && error.code === 'CONFLICT';
      setErrors(
        conflict ? { fields: { code: t('groups.codeTaken') } } : toStepErrors(t, error, { CONFLICT: 'code' }),
      );
    }
  };

  const excluded = draft.id ? subtree(all, draft.id) : new Set<string>();
  const tree = (parentId: string | null) => {
    const kids = childrenOf(all, parentId);
    if (!kids.length) return null;
    return (
      <ul className={parentId === null ? 'kanri-group-tree' : undefined}>
        {kids.map((g) => (
          <li key={g.id}>
            <span>
              {g.name}
              <small>（{g.code}）</small>
            </span>{' '}
            {editable && (
              <>
                <Button
                  variant="link"
                  isInline
                  onClick={() =>
                    setDraft({ id: g.id, code: g.code, name: g.name, parentId: g.parentId ?? '' })
                  }
                >
                  {t('groups.edit')}
                  <span className="pf-v6-screen-reader"> {g.name}</span>
                </Button>{' '}
                <Button variant="link" isInline isDanger onClick={() => setDeleting(g)}>
                  {t('groups.delete')}
                  <span className="pf-v6-screen-reader"> {g.name}</span>
                </Button>
              </>
            )}
            {tree(g.id)}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <PageSection>
      <Title headingLevel="h1">{t('groups.title')}</Title>
      {done && <Alert variant="success" isInline title={done} role="status" />}
      <Grid hasGutter>
        <GridItem md={6}>
          <Title headingLevel="h2" size="md">
            {t('groups.tree')}
          </Title>
          {all.length ? tree(null) : <p>{t('groups.none')}</p>}
        </GridItem>
        {editable && (
          <GridItem md={6}>
            <Title headingLevel="h2" size="md">
              {draft.id ? t('groups.editTitle') : t('groups.addTitle')}
            </Title>
            <Form
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
              noValidate
            >
              <FormError message={errors.form} />
              {(['code', 'name'] as const).map((name) => (
                <FormGroup key={name} label={t(`groups.${name}`)} isRequired fieldId={`group-${name}`}>
                  <TextInput
                    id={`group-${name}`}
                    value={draft[name]}
                    onChange={(_e, v) => setDraft((d) => ({ ...d, [name]: v }))}
                    validated={errors.fields[name] ? 'error' : 'default'}
                    aria-describedby={errors.fields[name] ? `group-${name}-error` : undefined}
                  />
                  <FieldError fieldId={`group-${name}`} message={errors.fields[name]} />
                </FormGroup>
              ))}
              <FormGroup label={t('groups.parent')} fieldId="group-parent">
                <FormSelect
                  id="group-parent"
                  value={draft.parentId}
                  onChange={(_e, v) => setDraft((d) => ({ ...d, parentId: v }))}
                >
                  <FormSelectOption value="" label={t('groups.topLevel')} />
                  {all
                    .filter((g) => !excluded.has(g.id))
                    .map((g) => (
                      <FormSelectOption key={g.id} value={g.id} label={`${g.name}（${g.code}）`} />
                    ))}
                </FormSelect>
                <FieldError fieldId="group-parent" message={errors.fields.parentId} />
              </FormGroup>
              <ActionGroup>
                <Button
                  type="submit"
                  variant="primary"
                  isLoading={save.isPending}
                  isDisabled={save.isPending}
                >
                  {draft.id ? t('groups.save') : t('groups.add')}
                </Button>
                {draft.id && (
                  <Button variant="link" onClick={() => setDraft(EMPTY)}>
                    {t('groups.cancel')}
                  </Button>
                )}
              </ActionGroup>
            </Form>
          </GridItem>
        )}
      </Grid>
      {deleting && (
        <BulkConfirmDialog
          title={t('groups.deleteTitle')}
          message={t('groups.deleteMessage', { name: deleting.name })}
          danger
          confirmationPassword={false}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await remove.mutateAsync(deleting.id);
            setDone(t('groups.deleted', { name: deleting.name }));
          }}
        />
      )}
    </PageSection>
  );
}
