import { Form, FormGroup, ActionGroup, Button, PageSection, TextInput, Title } from '@patternfly/react-core';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { ConfirmStep, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type OrganizationSummary, useIssueOrganization } from '../api';
import '../organization.css';

interface IssueValues {
  name: string;
  nameKana: string;
}

/**
 * 組織コード発行 (manual 000): the signed-in user creates an organization and becomes its first manager; the 完了
 * step shows the code to hand to the members. A manager whose organization already exists (one the system operator
 * registered with them as its first manager) is shown that organization's code to hand out instead.
 */
export function IssueCodeScreen() {
  const { t } = useTranslation('organization');
  const { principal } = useAuth();
  const issue = useIssueOrganization();
  const own = principal?.isManager ? principal.organization : null;
  if (own) {
    return (
      <PageSection>
        <Title headingLevel="h1" className="kanri-mb">
          {t('issue.title')}
        </Title>
        <p className="kanri-mb">{t('issue.managing', { name: own.name })}</p>
        <p>
          {t('issue.codeLabel')}: <strong className="kanri-org-code">{own.code}</strong>
        </p>
        <p>{t('issue.share')}</p>
        <Link to="/organization/managers">{t('managers.title')}</Link>
      </PageSection>
    );
  }
  return (
    <PageSection>
      <ConfirmStep<IssueValues, OrganizationSummary>
        title={t('issue.title')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'name', label: t('issue.name'), value: v.name },
          { name: 'nameKana', label: t('issue.nameKana'), value: v.nameKana },
        ]}
        submit={(v) => issue.mutateAsync({ name: v.name, ...(v.nameKana ? { nameKana: v.nameKana } : {}) })}
        done={(org) => (
          <>
            <p>{t('issue.done', { name: org.name })}</p>
            <p>
              {t('issue.codeLabel')}: <strong className="kanri-org-code">{org.code}</strong>
            </p>
            <p>{t('issue.share')}</p>
            <Link to="/organization/managers">{t('managers.title')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => <IssueInput values={values} errors={errors} onNext={onNext} />}
      />
    </PageSection>
  );
}

function IssueInput(props: { values?: IssueValues; errors: StepErrors; onNext(v: IssueValues): void }) {
  const { t } = useTranslation('organization');
  const form = useForm<IssueValues>({ defaultValues: props.values ?? { name: '', nameKana: '' } });
  const err = (name: keyof IssueValues) => form.formState.errors[name]?.message ?? props.errors.fields[name];
  const field = (name: keyof IssueValues, required: boolean) => {
    const reg = form.register(name, { required: required ? t('issue.required') : false });
    return (
      <FormGroup label={t(`issue.${name}`)} isRequired={required} fieldId={`org-${name}`}>
        <TextInput
          id={`org-${name}`}
          name={reg.name}
          ref={reg.ref}
          onChange={(e) => void reg.onChange(e)}
          onBlur={(e) => void reg.onBlur(e)}
          validated={err(name) ? 'error' : 'default'}
          aria-describedby={err(name) ? `org-${name}-error` : undefined}
        />
        <FieldError fieldId={`org-${name}`} message={err(name)} />
      </FormGroup>
    );
  };
  return (
    <Form onSubmit={(e) => void form.handleSubmit(props.onNext)(e)} noValidate>
      <p>{t('issue.lead')}</p>
      <FormError message={props.errors.form} />
      {field('name', true)}
      {field('nameKana', false)}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('confirm')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
