import { useState } from 'react';
import type { TFunction } from 'i18next';
import { ActionGroup, Alert, Button, Form, PageSection } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { ConfirmStep, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FormError, PlainTextField } from '../../../lib/errors/fields';
import { type IssuedScimToken, useIssueScimToken } from '../api';
import { CopyField, ScimBaseUrlField } from './CopyField';

interface IssueValues {
  clientName: string;
}

const MAX_CLIENT_NAME = 50;
// The API's rule (CreateScimTokenDto): no control characters.
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\x00-\x1F\x7F]/;

/**
 * SCIM トークン発行: 連携先の名前 → 入力内容確認 (確認用パスワード) → 完了, where the token is shown this once with a
 * コピー button and the warning that it cannot be shown again. The token lives in this screen's state only (the
 * confirm step's result; the mutation keeps nothing once the screen is gone): leaving 完了 drops it for good.
 */
export function IssueScimTokenScreen() {
  const { t } = useTranslation('scim-tokens');
  const issue = useIssueScimToken();
  return (
    <PageSection>
      <ConfirmStep<IssueValues, IssuedScimToken>
        title={t('create.title')}
        confirmationPassword
        review={(v) => [{ name: 'clientName', label: t('create.clientName'), value: v.clientName }]}
        describeError={(error) => describeIssueError(t, error)}
        submit={(v, confirmation) => issue.mutateAsync({ clientName: v.clientName, confirmation })}
        done={(issued) => <Issued issued={issued} />}
        input={({ values, errors, onNext }) => (
          <IssueInput initial={values ?? { clientName: '' }} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

/** The cap of tokens (409 CONFLICT with `details.max`) in words of its own; anything else as the console says it. */
function describeIssueError(t: TFunction, error: unknown): StepErrors {
  if (isApiError(error) && error.code === 'CONFLICT' && typeof error.details?.max === 'number') {
    return { fields: {}, form: t('limit', { max: error.details.max }) };
  }
  return toStepErrors(t, error);
}

function IssueInput(props: { initial: IssueValues; errors: StepErrors; onNext(v: IssueValues): void }) {
  const { t } = useTranslation('scim-tokens');
  const [clientName, setClientName] = useState(props.initial.clientName);
  const [own, setOwn] = useState<string>();
  const message = own ?? props.errors.fields.clientName;

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const name = clientName.trim();
        const problem = !name
          ? t('create.required')
          : name.length > MAX_CLIENT_NAME
            ? t('create.tooLong')
            : CONTROL.test(name)
              ? t('create.control')
              : undefined;
        setOwn(problem);
        if (problem) return;
        props.onNext({ clientName: name });
      }}
    >
      <p>{t('create.lead')}</p>
      <FormError message={props.errors.form} />
      <PlainTextField
        id="scim-client-name"
        label={t('create.clientName')}
        value={clientName}
        onChange={setClientName}
        error={message}
        helper={t('create.clientNameHelp')}
        autoComplete="off"
        required
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('create.next')}
        </Button>
        <Link to="/organization/scim-tokens">{t('create.back')}</Link>
      </ActionGroup>
    </Form>
  );
}

/** 完了: the token once, with the base URL beside it so that both go into the provider together. */
function Issued({ issued }: { issued: IssuedScimToken }) {
  const { t } = useTranslation('scim-tokens');
  return (
    <>
      <p className="kanri-mb">{t('create.done', { name: issued.clientName })}</p>
      <Alert variant="warning" isInline title={t('create.tokenWarning')} className="kanri-mb" />
      <Form className="kanri-mb" onSubmit={(e) => e.preventDefault()}>
        <CopyField
          id="scim-token"
          label={t('create.token')}
          value={issued.token}
          copyLabel={t('copyToken')}
          secret
        />
        <ScimBaseUrlField />
      </Form>
      <p>
        <Link to="/organization/scim-tokens">{t('create.back')}</Link>
      </p>
    </>
  );
}
