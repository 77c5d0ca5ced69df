import type { ReactNode } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  PageSection,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { Controller, useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { useCreateUser, useGroups, useUpdateUser, useUser } from '../api';
import type { UserView } from '../types';

/** The form's values: text as typed, lists as text (one IP a line, attributes comma separated). */
interface UserFormValues {
  loginId: string;
  password: string;
  provisional: boolean;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  email: string;
  subEmail: string;
  department: string;
  phoneExternal: string;
  phoneExtension: string;
  allowedIps: string;
  groupId: string;
  attributes: string;
  mustChangePassword: boolean;
  validFrom: string;
  validTo: string;
  language: string;
  note: string;
  disabled: boolean;
}

const TEXT_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'department',
  'phoneExternal',
  'phoneExtension',
  'validFrom',
  'validTo',
  'note',
] as const;

function fromUser(u: UserView | undefined): UserFormValues {
  return {
    loginId: u?.loginId ?? '',
    password: '',
    provisional: false,
    familyName: u?.familyName ?? '',
    givenName: u?.givenName ?? '',
    familyNameKana: u?.familyNameKana ?? '',
    givenNameKana: u?.givenNameKana ?? '',
    email: u?.email ?? '',
    subEmail: u?.subEmail ?? '',
    department: u?.department ?? '',
    phoneExternal: u?.phoneExternal ?? '',
    phoneExtension: u?.phoneExtension ?? '',
    allowedIps: (u?.allowedIps ?? []).join('\n'),
    groupId: u?.groupId ?? '',
    attributes: (u?.attributes ?? []).join(', '),
    mustChangePassword: u?.mustChangePassword ?? false,
    validFrom: u?.validFrom ?? '',
    validTo: u?.validTo ?? '',
    language: u?.language ?? '',
    note: u?.note ?? '',
    disabled: u?.status.disabled ?? false,
  };
}

const lines = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The body of POST (every filled field) or PATCH (only what changed). */
function toBody(v: UserFormValues, before: UserFormValues | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const changed = (k: keyof UserFormValues) => !before || v[k] !== before[k];
  if (!before) {
    body.loginId = v.loginId;
    body.provisional = v.provisional;
    if (v.password) body.password = v.password;
  } else {
    if (changed('loginId')) body.loginId = v.loginId;
    if (v.password) body.password = v.password;
    if (changed('disabled')) body.disabled = v.disabled;
  }
  // On update an emptied field is sent as null, which clears it (the API keeps a field that is left out).
  for (const k of TEXT_FIELDS) {
    if (!changed(k)) continue;
    if (v[k] !== '') body[k] = v[k];
    else if (before) body[k] = null;
  }
  if (changed('allowedIps')) body.allowedIps = lines(v.allowedIps);
  if (changed('attributes')) body.attributes = lines(v.attributes);
  if (changed('groupId')) body.groupId = v.groupId || (before ? null : undefined);
  if (changed('mustChangePassword')) body.mustChangePassword = v.mustChangePassword;
  if (changed('language') && (v.language || before)) body.language = v.language || null;
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

/** ユーザー作成 (/users/new) and ユーザー更新 (/users/:userId/edit), through 入力 → 入力内容確認 → 完了. */
export function UserFormScreen({ mode }: { mode: 'create' | 'edit' }) {
  const { userId } = useParams();
  const user = useUser(mode === 'edit' ? userId : undefined);
  if (mode === 'edit' && !user.data) return null;
  // Keyed by the user, not by its version: saving refreshes the user, and the 完了 step must stay on screen.
  return <UserForm mode={mode} user={user.data} key={user.data?.id ?? 'new'} />;
}

function UserForm({ mode, user }: { mode: 'create' | 'edit'; user: UserView | undefined }) {
  const { t } = useTranslation('members');
  const groups = useGroups();
  const create = useCreateUser();
  const update = useUpdateUser(user?.id ?? '');
  const before = mode === 'edit' ? fromUser(user) : undefined;
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? '';

  const review = (v: UserFormValues): ReviewRow[] => {
    const row = (name: keyof UserFormValues, value: ReactNode, label = t(`field.${name}`)): ReviewRow => ({
      name,
      label,
      value,
      changed: before ? v[name] !== before[name] : false,
    });
    const yesNo = (b: boolean) => (b ? t('field.yes') : t('field.no'));
    const rows = [
      row('loginId', v.loginId),
      ...(v.password ? [{ ...row('password', '********'), changed: !!before }] : []),
      ...(mode === 'create' ? [row('provisional', yesNo(v.provisional))] : []),
      ...TEXT_FIELDS.map((k) => row(k, v[k])),
      row('allowedIps', lines(v.allowedIps).join(', ')),
      row('groupId', groupName(v.groupId)),
      row('attributes', lines(v.attributes).join(', ')),
      row('mustChangePassword', yesNo(v.mustChangePassword)),
      row('language', v.language),
      ...(mode === 'edit' ? [row('disabled', yesNo(v.disabled))] : []),
    ];
    return rows;
  };

  return (
    <PageSection>
      <ConfirmStep<UserFormValues, UserView>
        title={t(`${mode}.title`)}
        confirmationPassword
        review={review}
        submit={(v, confirmation) => {
          const body = { ...toBody(v, before), ...confirmation };
          return mode === 'create' ? create.mutateAsync(body as never) : update.mutateAsync(body as never);
        }}
        done={(u) => (
          <>
            <p>{t(`${mode}.done`, { loginId: u.loginId })}</p>
            <ActionGroup>
              <Link to={`/users/${u.id}`}>{t('action.detail')}</Link>
              <Link to="/users">{t('action.backToList')}</Link>
            </ActionGroup>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <UserInput
            mode={mode}
            defaults={values ?? before ?? fromUser(undefined)}
            errors={errors}
            onNext={onNext}
            groups={groups.data ?? []}
          />
        )}
      />
    </PageSection>
  );
}

function UserInput(props: {
  mode: 'create' | 'edit';
  defaults: UserFormValues;
  errors: StepErrors;
  onNext(v: UserFormValues): void;
  groups: { id: string; name: string }[];
}) {
  const { t } = useTranslation('members');
  const { control, handleSubmit, watch, formState } = useForm<UserFormValues>({
    defaultValues: props.defaults,
  });
  const errorOf = (name: keyof UserFormValues) =>
    formState.errors[name]?.message ?? props.errors.fields[name] ?? undefined;

  /** A text field bound to the form, with its error in words under it. */
  const text = (
    name: TextName,
    opts: {
      required?: boolean;
      type?: 'text' | 'email' | 'date' | 'password';
      hint?: string;
      area?: boolean;
    } = {},
  ) => {
    const error = errorOf(name);
    const id = `user-${name}`;
    return (
      <GridItem md={opts.area ? 12 : 6} key={name}>
        <FormGroup label={t(`field.${name}`)} fieldId={id}>
          <Controller
            control={control}
            name={name}
            rules={{ required: opts.required ? t('field.required', { field: t(`field.${name}`) }) : false }}
            render={({ field }) =>
              opts.area ? (
                <TextArea
                  id={id}
                  name={field.name}
                  value={field.value}
                  onChange={(_e, v) => field.onChange(v)}
                  onBlur={field.onBlur}
                  validated={error ? 'error' : 'default'}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error || opts.hint ? `${id}-helper` : undefined}
                />
              ) : (
                <TextInput
                  id={id}
                  name={field.name}
                  type={opts.type ?? 'text'}
                  value={field.value}
                  onChange={(_e, v) => field.onChange(v)}
                  onBlur={field.onBlur}
                  isRequired={opts.required}
                  validated={error ? 'error' : 'default'}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error || opts.hint ? `${id}-helper` : undefined}
                  autoComplete={opts.type === 'password' ? 'new-password' : 'off'}
                />
              )
            }
          />
          <FieldMessage id={id} error={error} hint={opts.hint} />
        </FormGroup>
      </GridItem>
    );
  };
  const check = (name: 'provisional' | 'mustChangePassword' | 'disabled') => (
    <GridItem md={12} key={name}>
      <Controller
        control={control}
        name={name}
        render={({ field }) => (
          <Checkbox
            id={`user-${name}`}
            label={t(`field.${name}`)}
            isChecked={field.value}
            onChange={(_e, v) => field.onChange(v)}
          />
        )}
      />
    </GridItem>
  );
  const choice = (name: 'groupId' | 'language', options: { value: string; label: string }[]) => (
    <GridItem md={6} key={name}>
      <FormGroup label={t(`field.${name}`)} fieldId={`user-${name}`}>
        <Controller
          control={control}
          name={name}
          render={({ field }) => (
            <FormSelect id={`user-${name}`} value={field.value} onChange={(_e, v) => field.onChange(v)}>
              {options.map((o) => (
                <FormSelectOption key={o.value} value={o.value} label={o.label} />
              ))}
            </FormSelect>
          )}
        />
        <FieldMessage id={`user-${name}`} error={errorOf(name)} />
      </FormGroup>
    </GridItem>
  );
  const provisional = watch('provisional');
  const formErrors = Object.entries(props.errors.fields).filter(
    ([k]) => !(k in props.defaults) && k !== 'confirmationPassword',
  );

  return (
    <Form onSubmit={(e) => void handleSubmit(props.onNext)(e)} noValidate>
      {props.errors.form && <Alert variant="danger" isInline title={props.errors.form} role="alert" />}
      {formErrors.map(([k, m]) => (
        <Alert key={k} variant="danger" isInline title={m} role="alert" />
      ))}
      <Grid hasGutter>
        {text('loginId', { required: true })}
        {text('password', { type: 'password', required: props.mode === 'create' && !provisional })}
        {props.mode === 'create' && check('provisional')}
        {text('familyName', { required: true })}
        {text('givenName', { required: true })}
        {text('familyNameKana')}
        {text('givenNameKana')}
        {text('email', { type: 'email' })}
        {text('subEmail', { type: 'email' })}
        {text('department')}
        {text('phoneExternal')}
        {text('phoneExtension')}
        {choice('groupId', [
          { value: '', label: t('field.noGroup') },
          ...props.groups.map((g) => ({ value: g.id, label: g.name })),
        ])}
        {text('attributes', { hint: t('field.attributesHint') })}
        {text('validFrom', { type: 'date' })}
        {text('validTo', { type: 'date' })}
        {choice('language', [
          { value: '', label: '—' },
          { value: 'ja', label: '日本語' },
          { value: 'en', label: 'English' },
        ])}
        {text('allowedIps', { area: true, hint: t('field.allowedIpsHint') })}
        {text('note', { area: true })}
        {check('mustChangePassword')}
        {props.mode === 'edit' && check('disabled')}
      </Grid>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('action.next')}
        </Button>
        <Link to="/users">{t('action.backToList')}</Link>
      </ActionGroup>
    </Form>
  );
}

type TextName = Exclude<keyof UserFormValues, 'provisional' | 'mustChangePassword' | 'disabled'>;

/** Error (or hint) under a field, tied to it with aria-describedby. */
function FieldMessage({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (!error && !hint) return null;
  return (
    <FormHelperText>
      <HelperText id={`${id}-helper`}>
        <HelperTextItem variant={error ? 'error' : 'default'}>{error ?? hint}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}
