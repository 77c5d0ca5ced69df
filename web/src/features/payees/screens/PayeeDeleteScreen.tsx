import {
  ActionGroup,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  PageSection,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow } from '../../../components/confirm-step';
import { FormError } from '../../../lib/errors/fields';
import { type Payee, useDeletePayee, usePayee } from '../api';
import { usePayeeKind } from './kind';

/** 振込先削除 / 請求先削除: the payee shown, then 入力内容確認 with the 確認用パスワード, then 完了. */
export function PayeeDeleteScreen() {
  const { payeeId } = useParams();
  const payee = usePayee(payeeId);
  if (!payee.data) return null;
  return <PayeeDelete payee={payee.data} />;
}

function PayeeDelete({ payee }: { payee: Payee }) {
  const { t } = useTranslation('payees');
  const kind = usePayeeKind();
  const remove = useDeletePayee(payee.id);
  const rows: ReviewRow[] = [
    { name: 'nameKana', label: t('field.nameKana'), value: payee.nameKana },
    { name: 'bank', label: t('col.bank'), value: `${payee.bankCode} ${payee.bankName ?? ''}` },
    { name: 'branch', label: t('col.branch'), value: `${payee.branchCode} ${payee.branchName ?? ''}` },
    { name: 'accountType', label: t('field.accountType'), value: t(`accountType.${payee.accountType}`) },
    { name: 'accountNumber', label: t('field.accountNumber'), value: payee.accountNumber },
    { name: 'registration', label: t('field.registration'), value: t(`registration.${payee.registration}`) },
  ];

  return (
    <PageSection>
      <ConfirmStep<Payee, boolean>
        title={t(`remove.title.${kind}`)}
        confirmationPassword
        submitLabel={t('remove.submit')}
        review={() => rows}
        submit={(_v, confirmation) => remove.mutateAsync(confirmation ?? {})}
        done={() => (
          <>
            <p>{t('remove.done', { name: payee.nameKana })}</p>
            <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
          </>
        )}
        input={({ errors, onNext }) => (
          <Form
            onSubmit={(e) => {
              e.preventDefault();
              onNext(payee);
            }}
          >
            <p>{t('remove.lead')}</p>
            <FormError message={errors.form} />
            <DescriptionList isHorizontal>
              {rows.map((r) => (
                <DescriptionListGroup key={r.name}>
                  <DescriptionListTerm>{r.label}</DescriptionListTerm>
                  <DescriptionListDescription>{r.value}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
            <ActionGroup>
              <Button type="submit" variant="danger">
                {t('remove.next')}
              </Button>
              <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
            </ActionGroup>
          </Form>
        )}
      />
    </PageSection>
  );
}
