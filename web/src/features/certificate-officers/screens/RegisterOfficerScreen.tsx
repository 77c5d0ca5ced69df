import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
} from '@patternfly/react-core';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { type EnrolmentIssued, useMemberOptions, useOrganizationOptions, useRegisterOfficer } from '../api';
import { PinPanel } from './PinPanel';

interface OfficerValues {
  organizationId: string;
  organizationLabel: string;
  userId: string;
  userLabel: string;
  nameRomaji: string;
  email: string;
}

const NAME_ROMAJI = /^[A-Za-z][A-Za-z .'-]{0,63}$/;

/**
 * 登録担当者登録 (system operator): organization, member, name in Latin letters → 入力内容確認 → 完了, where the
 * access PIN is shown this once (it is in the answer only; leaving the screen drops it).
 */
export function RegisterOfficerScreen() {
  const { t } = useTranslation('certificate-officers');
  const [params] = useSearchParams();
  const register = useRegisterOfficer();
  const initial: OfficerValues = {
    organizationId: params.get('organization') ?? '',
    organizationLabel: '',
    userId: '',
    userLabel: '',
    nameRomaji: '',
    email: '',
  };
  return (
    <PageSection>
      <ConfirmStep<OfficerValues, EnrolmentIssued>
        title={t('officers.register')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'organizationId', label: t('officers.organization'), value: v.organizationLabel },
          { name: 'userId', label: t('officers.user'), value: v.userLabel },
          { name: 'nameRomaji', label: t('officers.nameRomaji'), value: v.nameRomaji },
          { name: 'email', label: t('officers.email'), value: v.email || t('officers.none') },
        ]}
        describeError={(error) => toStepErrors(t, error)}
        submit={(v) =>
          register.mutateAsync({
            organizationId: v.organizationId,
            userId: v.userId,
            nameRomaji: v.nameRomaji.trim(),
            ...(v.email.trim() ? { email: v.email.trim() } : {}),
          })
        }
        done={(issued) => (
          <>
            <p>{t('officers.done', { name: issued.officer.nameRomaji })}</p>
            <PinPanel issued={issued} />
            <p>
              <Link to={`/operator/registration-officers?organization=${issued.officer.organizationId}`}>
                {t('officers.back')}
              </Link>
            </p>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <OfficerInput initial={values ?? initial} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function OfficerInput(props: { initial: OfficerValues; errors: StepErrors; onNext(v: OfficerValues): void }) {
  const { t } = useTranslation('certificate-officers');
  const [v, setV] = useState(props.initial);
  const [search, setSearch] = useState('');
  const [own, setOwn] = useState<Partial<Record<keyof OfficerValues, string>>>({});
  const organizations = useOrganizationOptions();
  const members = useMemberOptions(v.organizationId || undefined, search.trim());
  const message = (name: keyof OfficerValues) => own[name] ?? props.errors.fields[name];
  const set = <K extends keyof OfficerValues>(key: K, value: OfficerValues[K]) =>
    setV({ ...v, [key]: value });

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems: Partial<Record<keyof OfficerValues, string>> = {};
        if (!v.organizationId) problems.organizationId = t('officers.chooseOrganization');
        if (!v.userId) problems.userId = t('officers.chooseUser');
        if (!NAME_ROMAJI.test(v.nameRomaji.trim())) problems.nameRomaji = t('officers.nameRomajiHelp');
        setOwn(problems);
        if (Object.keys(problems).length) return;
        const org = organizations.data?.find((o) => o.id === v.organizationId);
        const member = members.data?.find((m) => m.id === v.userId);
        props.onNext({
          ...v,
          organizationLabel: org ? `${org.name} (${org.code})` : v.organizationLabel,
          userLabel: member ? `${member.familyName} ${member.givenName} (${member.loginId})` : v.userLabel,
        });
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup label={t('officers.organization')} fieldId="officer-organization" isRequired>
        <FormSelect
          id="officer-organization"
          value={v.organizationId}
          onChange={(_e, value) => setV({ ...v, organizationId: value, userId: '', userLabel: '' })}
          validated={message('organizationId') ? 'error' : 'default'}
          aria-invalid={message('organizationId') ? true : undefined}
          aria-describedby={message('organizationId') ? 'officer-organization-error' : undefined}
        >
          <FormSelectOption value="" label={t('officers.chooseOrganization')} isPlaceholder />
          {(organizations.data ?? []).map((o) => (
            <FormSelectOption key={o.id} value={o.id} label={`${o.name} (${o.code})`} />
          ))}
        </FormSelect>
        <FieldError fieldId="officer-organization" message={message('organizationId')} />
      </FormGroup>
      <PlainTextField
        id="officer-user-search"
        label={t('officers.userSearch')}
        value={search}
        onChange={setSearch}
        disabled={!v.organizationId}
      />
      <FormGroup label={t('officers.user')} fieldId="officer-user" isRequired>
        <FormSelect
          id="officer-user"
          value={v.userId}
          isDisabled={!v.organizationId}
          onChange={(_e, value) => set('userId', value)}
          validated={message('userId') ? 'error' : 'default'}
          aria-invalid={message('userId') ? true : undefined}
          aria-describedby={message('userId') ? 'officer-user-error' : undefined}
        >
          <FormSelectOption value="" label={t('officers.chooseUser')} isPlaceholder />
          {(members.data ?? []).map((m) => (
            <FormSelectOption
              key={m.id}
              value={m.id}
              label={`${m.familyName} ${m.givenName} (${m.loginId})`}
            />
          ))}
        </FormSelect>
        <FieldError fieldId="officer-user" message={message('userId')} />
      </FormGroup>
      <PlainTextField
        id="officer-name-romaji"
        label={t('officers.nameRomaji')}
        value={v.nameRomaji}
        onChange={(value) => set('nameRomaji', value)}
        error={message('nameRomaji')}
        helper={t('officers.nameRomajiHelp')}
        required
      />
      <PlainTextField
        id="officer-email"
        label={t('officers.email')}
        type="email"
        value={v.email}
        onChange={(value) => set('email', value)}
        error={message('email')}
        helper={t('officers.emailHelp')}
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('officers.next')}
        </Button>
        <Link to="/operator/registration-officers">{t('officers.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
