import { ActionGroup, Button, Form, FormGroup, PageSection, TextInput } from '@patternfly/react-core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { useAuth } from '../../../app/auth';
import { type OrganizationSummary, useJoinOrganization } from '../api';
import '../organization.css';

/**
 * 一般ユーザーと組織コードの紐づけ (manual 000): the code the manager shared; joining moves the user out of any
 * organization they belonged to (and clears their manager flag).
 */
export function JoinScreen() {
  const { t } = useTranslation('organization');
  const { principal } = useAuth();
  const join = useJoinOrganization();
  const current = principal?.organization;
  return (
    <PageSection>
      <ConfirmStep<{ code: string }, { organization: OrganizationSummary }>
        title={t('join.title')}
        confirmationPassword={false}
        review={(v) => [{ name: 'code', label: t('join.code'), value: v.code }]}
        submit={(v) => join.mutateAsync(v.code)}
        done={(r) => <p>{t('join.done', { name: r.organization.name })}</p>}
        input={({ values, errors, onNext }) => (
          <>
            {current && (
              <p>
                {t('join.current', { name: current.name })}{' '}
                <span className="kanri-org-code">{current.code}</span>
              </p>
            )}
            <JoinInput values={values} errors={errors} onNext={onNext} moving={!!current} />
          </>
        )}
      />
    </PageSection>
  );
}

function JoinInput(props: {
  values?: { code: string };
  errors: StepErrors;
  onNext(v: { code: string }): void;
  moving: boolean;
}) {
  const { t } = useTranslation('organization');
  const form = useForm<{ code: string }>({ defaultValues: props.values ?? { code: '' } });
  const reg = form.register('code', { required: t('join.required') });
  const error = form.formState.errors.code?.message ?? props.errors.fields.code;
  return (
    <Form onSubmit={(e) => void form.handleSubmit(props.onNext)(e)} noValidate>
      <p>{t(props.moving ? 'join.leadMove' : 'join.lead')}</p>
      <FormError message={props.errors.form} />
      <FormGroup label={t('join.code')} isRequired fieldId="join-code">
        <TextInput
          id="join-code"
          name={reg.name}
          ref={reg.ref}
          autoComplete="off"
          onChange={(e) => void reg.onChange(e)}
          onBlur={(e) => void reg.onBlur(e)}
          validated={error ? 'error' : 'default'}
          aria-describedby={error ? 'join-code-error' : undefined}
        />
        <FieldError fieldId="join-code" message={error} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('confirm')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
