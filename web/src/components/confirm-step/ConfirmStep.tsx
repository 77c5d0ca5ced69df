import { type ReactNode, useState } from 'react';
import './i18n';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  HelperText,
  HelperTextItem,
  ProgressStepper,
  ProgressStep,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { ConfirmationFields, useConfirmationAnswer } from './ConfirmationFields';
import type { Confirmation, StepErrors } from './confirmation-types';
import './confirm-step.css';

export type { Confirmation, StepErrors } from './confirmation-types';

/** One line of the 入力内容確認 table. */
export interface ReviewRow {
  /** The input's name, so that a server error on it shows on this line. */
  name: string;
  label: string;
  value: ReactNode;
  /** Changed from the stored value (highlighted). */
  changed?: boolean;
}

export interface ConfirmStepProps<V, R> {
  /** The screen's name, e.g. ユーザー作成. */
  title: string;
  /** The input step: the form; it calls onNext with its values when they pass the browser-side checks. */
  input(props: { values: V | undefined; errors: StepErrors; onNext(values: V): void }): ReactNode;
  /** The 入力内容確認 lines for the values. */
  review(values: V): ReviewRow[];
  /**
   * A confirm operation (the API marks it "confirm"): the confirm step asks for the 確認用パスワード, or takes a
   * passkey step-up on 確定 when the organization requires one.
   */
  confirmationPassword: boolean;
  /** Sends the values with the confirmation (undefined for operations that need none); rejects with the API's error. */
  submit(values: V, confirmation: Confirmation | undefined): Promise<R>;
  /** Turns a refusal into words; the console's error mapper (toStepErrors) when left out. */
  describeError?(error: unknown): StepErrors;
  /** The 完了 step. */
  done(result: R): ReactNode;
  /** Label of the final button (defaults to 確定). */
  submitLabel?: string;
}

type Step = 'input' | 'confirm' | 'done';

/**
 * The manuals' flow in one component: 入力 → 入力内容確認 (changed lines highlighted) → 完了, with the
 * 確認用パスワード on the confirm step (and the ワンタイムパスワード where the organization sets `confirmWithOtp`; the
 * field also appears when the API asks for a code the console did not know it needed). A refusal keeps the user on
 * the confirm step with the reason next to the line (or the password, or the code) it concerns; 戻る returns to the
 * input with the values kept.
 */
export function ConfirmStep<V, R>(props: ConfirmStepProps<V, R>) {
  const { t } = useTranslation('confirm');
  // Which fields to ask for, what is missing, the answer, where a refusal goes and the clearing: the same rules as
  // every other confirmation (useConfirmationAnswer), so that they live in one place.
  const confirmation = useConfirmationAnswer(props.confirmationPassword);
  const [step, setStep] = useState<Step>('input');
  const [values, setValues] = useState<V>();
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [result, setResult] = useState<R>();
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (values === undefined) return;
    const missing = confirmation.missing();
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing });
      return;
    }
    setSending(true);
    try {
      // The step-up happens here, at 確定, so that its token is fresh and serves this one request.
      const r = await props.submit(
        values,
        props.confirmationPassword ? await confirmation.answer() : undefined,
      );
      setResult(r);
      setErrors({ fields: {} });
      setStep('done');
    } catch (error) {
      setErrors(confirmation.describe(error, props.describeError?.(error)));
    } finally {
      confirmation.clear();
      setSending(false);
    }
  };

  const steps: [Step, string][] = [
    ['input', t('stepInput')],
    ['confirm', t('stepConfirm')],
    ['done', t('stepDone')],
  ];
  const at = steps.findIndex(([s]) => s === step);

  const rows = values === undefined ? [] : props.review(values);
  const reviewNames = new Set(rows.map((r) => r.name));
  const unplaced = Object.entries(errors.fields).filter(
    ([name]) => name !== 'confirmationPassword' && name !== 'otp' && !reviewNames.has(name),
  );

  return (
    <section aria-labelledby="confirm-step-title">
      <Title headingLevel="h1" id="confirm-step-title">
        {props.title}
        {step !== 'input' && `（${steps[at][1]}）`}
      </Title>
      <ProgressStepper isCenterAligned aria-label={t('progress')} className="kanri-confirm-stepper">
        {steps.map(([s, label], i) => (
          <ProgressStep
            key={s}
            id={`step-${s}`}
            titleId={`step-${s}-title`}
            variant={i < at ? 'success' : i === at ? 'info' : 'pending'}
            isCurrent={i === at}
            aria-label={label}
          >
            {label}
          </ProgressStep>
        ))}
      </ProgressStepper>

      {step === 'input' &&
        props.input({
          values,
          errors,
          onNext: (v) => {
            setValues(v);
            setErrors({ fields: {} });
            setStep('confirm');
          },
        })}

      {step === 'confirm' && values !== undefined && (
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <p>{t('confirmLead')}</p>
          {errors.form && <Alert variant="danger" isInline title={errors.form} role="alert" />}
          {unplaced.map(([name, message]) => (
            <Alert key={name} variant="danger" isInline title={message} role="alert" />
          ))}
          <Table aria-label={t('reviewTable')} variant="compact" className="kanri-review">
            <Thead>
              <Tr>
                <Th width={30}>{t('item')}</Th>
                <Th>{t('value')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((r) => (
                <Tr key={r.name} className={r.changed ? 'kanri-review__changed' : undefined}>
                  <Th scope="row">
                    {r.label}
                    {r.changed && <span className="kanri-review__mark"> {t('changed')}</span>}
                  </Th>
                  <Td>
                    <div>{r.value === '' || r.value === null || r.value === undefined ? '—' : r.value}</div>
                    {errors.fields[r.name] && (
                      <HelperText>
                        <HelperTextItem variant="error">{errors.fields[r.name]}</HelperTextItem>
                      </HelperText>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          {confirmation.byPasskey && <p>{t('passkeyLead')}</p>}
          {props.confirmationPassword && (
            <ConfirmationFields id="confirmation" confirmation={confirmation} errors={errors} />
          )}
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={sending} isDisabled={sending}>
              {props.submitLabel ?? t('submit')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setStep('input');
              }}
            >
              {t('back')}
            </Button>
          </ActionGroup>
        </Form>
      )}

      {step === 'done' && result !== undefined && (
        <>
          <Alert variant="success" isInline title={t('doneTitle')} role="status" />
          {props.done(result)}
        </>
      )}
    </section>
  );
}
