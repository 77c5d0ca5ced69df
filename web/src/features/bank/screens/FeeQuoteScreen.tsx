import { useState } from 'react';
import {
  ActionGroup,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type QuoteRequest, TRANSFER_PATTERNS, type TransferPattern, useFeeQuote } from '../api';

const BUSINESSES = ['transfer', 'bulk_transfer', 'payroll'] as const;

/** 手数料照会: what a payment of P yen costs under the organization's tables today (fee-calculator.ts). */
export function FeeQuoteScreen() {
  const { t } = useTranslation('bank');
  const quote = useFeeQuote();
  const [businessType, setBusinessType] = useState<(typeof BUSINESSES)[number]>('bulk_transfer');
  const [pattern, setPattern] = useState<TransferPattern>('other_bank');
  const [bearer, setBearer] = useState<QuoteRequest['bearer']>('payee');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });

  const select = <V extends string>(
    id: string,
    label: string,
    value: V,
    values: readonly V[],
    words: (v: V) => string,
    onChange: (v: V) => void,
  ) => (
    <FormGroup label={label} fieldId={id}>
      <FormSelect id={id} value={value} onChange={(_e, v) => onChange(v as V)}>
        {values.map((v) => (
          <FormSelectOption key={v} value={v} label={words(v)} />
        ))}
      </FormSelect>
      <FieldError fieldId={id} message={errors.fields[id.replace('quote-', '')]} />
    </FormGroup>
  );
  const result = quote.data;
  const yen = (n: number) => `${n.toLocaleString('ja-JP')} 円`;

  return (
    <PageSection>
      <Title headingLevel="h1">{t('quote.title')}</Title>
      <p>{t('quote.lead')}</p>
      <Form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!/^[1-9]\d{0,14}$/.test(amount.trim())) {
            quote.reset();
            return setErrors({ fields: { amount: t('quote.invalidAmount') } });
          }
          quote.mutate(
            { businessType, pattern, bearer, amount: Number(amount.trim()) },
            {
              onSuccess: () => setErrors({ fields: {} }),
              onError: (error) => setErrors(toStepErrors(t, error, { FEE_BEARER_NOT_ALLOWED: 'bearer' })),
            },
          );
        }}
      >
        <FormError message={errors.form} />
        {select(
          'quote-businessType',
          t('quote.businessType'),
          businessType,
          BUSINESSES,
          (v) => t(`business.${v}`),
          setBusinessType,
        )}
        {select(
          'quote-pattern',
          t('quote.pattern'),
          pattern,
          TRANSFER_PATTERNS,
          (v) => t(`pattern.${v}`),
          setPattern,
        )}
        {select(
          'quote-bearer',
          t('quote.bearer'),
          bearer,
          ['payee', 'payer'] as const,
          (v) => t(`bearer.${v}`),
          setBearer,
        )}
        <FormGroup label={t('quote.amount')} fieldId="quote-amount" isRequired>
          <TextInput
            id="quote-amount"
            isRequired
            inputMode="numeric"
            value={amount}
            onChange={(_e, v) => setAmount(v)}
            validated={errors.fields.amount ? 'error' : 'default'}
            aria-invalid={errors.fields.amount ? true : undefined}
            aria-describedby={errors.fields.amount ? 'quote-amount-error' : undefined}
          />
          <FieldError fieldId="quote-amount" message={errors.fields.amount} />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="primary" isLoading={quote.isPending} isDisabled={quote.isPending}>
            {t('quote.submit')}
          </Button>
        </ActionGroup>
      </Form>
      {result && (
        <section aria-labelledby="quote-result">
          <Title headingLevel="h2" id="quote-result">
            {t('quote.result')}
          </Title>
          <DescriptionList isHorizontal isCompact aria-label={t('quote.result')}>
            {(['deductedFee', 'transferAmount', 'actualFee', 'difference'] as const).map((k) => (
              <DescriptionListGroup key={k}>
                <DescriptionListTerm>{t(`quote.${k}`)}</DescriptionListTerm>
                <DescriptionListDescription>{yen(result[k])}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
        </section>
      )}
    </PageSection>
  );
}
