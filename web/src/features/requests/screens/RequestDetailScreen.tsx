import { type ReactNode, useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  PageSection,
  Spinner,
  TextArea,
  Title,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAuth } from '../../../app/auth';
import {
  approverFieldLabel,
  ConfirmStep,
  type ReviewRow,
  type StepErrors,
  toStepErrors,
} from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { FieldError } from '../../../lib/errors/fields';
import { type RequestView, personName, useDecide, useRequest } from '../api';
import { StatusLabel } from './RequestListScreen';

type Action = 'approve' | 'reject' | 'withdraw';

const yen = (t: TFunction, n: number) => t('create.yen', { amount: n.toLocaleString('ja-JP') });

/** The request's lines, as the detail and the confirm steps show them. */
function summary(t: TFunction, r: RequestView): ReviewRow[] {
  const p = r.payee;
  const account = [
    p.bankCode,
    p.branchCode,
    p.accountType && t(`accountType.${p.accountType}`),
    p.accountNumber,
  ]
    .filter(Boolean)
    .join(' ');
  return [
    { name: 'id', label: t('field.id'), value: r.id },
    { name: 'businessType', label: t('field.businessType'), value: t(`business.${r.businessType}`) },
    { name: 'requester', label: t('field.requester'), value: personName(r, r.requesterId) },
    { name: 'payee', label: t('field.payee'), value: [p.name, account].filter(Boolean).join(' / ') },
    { name: 'pattern', label: t('field.pattern'), value: t(`pattern.${p.pattern}`) },
    { name: 'amount', label: t('field.amount'), value: yen(t, r.amount) },
    ...(r.fee
      ? [
          { name: 'feeBearer', label: t('field.feeBearer'), value: t(`bearer.${r.fee.bearer}`) },
          ...(r.fee.bearer === 'payee'
            ? [{ name: 'deductedFee', label: t('field.deductedFee'), value: yen(t, r.fee.deductedFee) }]
            : []),
          { name: 'transferAmount', label: t('field.transferAmount'), value: yen(t, r.fee.transferAmount) },
          { name: 'fee', label: t('field.fee'), value: yen(t, r.fee.actualFee) },
        ]
      : []),
    { name: 'executionDate', label: t('field.executionDate'), value: r.executionDate },
    { name: 'mode', label: t('field.mode'), value: t(`mode.${r.approvalMode}`) },
    ...r.approvers.map((a) => ({
      name: `approver${a.position}`,
      label: approverFieldLabel(t, r.approvalMode, a.position - 1),
      value: `${personName(r, a.userId)} — ${
        a.approvedAt ? t('detail.approvedAt', { at: formatDateTime(a.approvedAt) }) : t('detail.waiting')
      }`,
    })),
  ];
}

/** One request (依頼内容) with the decisions the signed-in member may try: 承認, 差戻し (approvers), 引戻し (requester). */
export function RequestDetailScreen() {
  const { t } = useTranslation('requests');
  const { requestId = '' } = useParams();
  const me = useAuth().principal?.user.id;
  const { data: request, error, isLoading } = useRequest(requestId);
  const [action, setAction] = useState<Action>();

  if (isLoading) return <Spinner aria-label={t('detail.title')} />;
  if (!request) {
    return (
      <PageSection>
        <Title headingLevel="h1">{t('detail.title')}</Title>
        <Alert variant="danger" isInline title={error ? errorMessage(t, error) : t('detail.notFound')} />
      </PageSection>
    );
  }
  const pending = request.status === 'pending';
  const mySlot = request.approvers.find((a) => a.userId === me);
  const mayDecide = pending && !!mySlot && !mySlot.approvedAt;
  const mayWithdraw = pending && request.requesterId === me && request.approvers.every((a) => !a.approvedAt);

  if (action) {
    return (
      <PageSection>
        <DecisionSteps request={request} action={action} onClose={() => setAction(undefined)} />
      </PageSection>
    );
  }

  return (
    <PageSection>
      <Title headingLevel="h1">
        {t('detail.title')} <StatusLabel status={request.status} />
      </Title>
      <DescriptionList isHorizontal isCompact>
        {summary(t, request).map((row) => (
          <DescriptionListGroup key={row.name}>
            <DescriptionListTerm>{row.label}</DescriptionListTerm>
            <DescriptionListDescription>{row.value}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
        {request.rejectReason && (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('field.rejectReason')}</DescriptionListTerm>
            <DescriptionListDescription>{request.rejectReason}</DescriptionListDescription>
          </DescriptionListGroup>
        )}
        {request.decidedAt && (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('field.decidedAt')}</DescriptionListTerm>
            <DescriptionListDescription>{formatDateTime(request.decidedAt)}</DescriptionListDescription>
          </DescriptionListGroup>
        )}
      </DescriptionList>
      <Flex
        className="pf-v6-u-mt-lg"
        spaceItems={{ default: 'spaceItemsMd' }}
        alignItems={{ default: 'alignItemsCenter' }}
      >
        {mayDecide && (
          <>
            <Button variant="primary" onClick={() => setAction('approve')}>
              {t('detail.approve')}
            </Button>
            <Button variant="secondary" onClick={() => setAction('reject')}>
              {t('detail.reject')}
            </Button>
          </>
        )}
        {mayWithdraw && (
          <Button variant="secondary" onClick={() => setAction('withdraw')}>
            {t('detail.withdraw')}
          </Button>
        )}
        <Link to={mySlot ? '/requests/inbox' : '/requests/mine'}>{t('detail.back')}</Link>
      </Flex>
    </PageSection>
  );
}

interface Values {
  reason: string;
}

/**
 * 承認 (with the confirmation password), 差戻し (with a reason) or 引戻し through the shared confirm step. A refusal
 * (the second approver before the first, a request decided meanwhile) stays on the confirm step in words.
 */
function DecisionSteps({
  request,
  action,
  onClose,
}: {
  request: RequestView;
  action: Action;
  onClose(): void;
}) {
  const { t } = useTranslation('requests');
  const decide = useDecide(request.id);
  const title = t(`detail.${action}Title` as 'detail.approveTitle', {
    defaultValue: t(`detail.${action}`),
  });
  const lead: Record<Action, string> = {
    approve: t('detail.approveLead'),
    reject: t('detail.reasonHelp'),
    withdraw: t('detail.withdrawConfirm'),
  };
  const submitLabel: Record<Action, string> = {
    approve: t('detail.approve'),
    reject: t('detail.rejectSubmit'),
    withdraw: t('detail.withdrawSubmit'),
  };
  return (
    <ConfirmStep<Values, RequestView>
      title={title}
      confirmationPassword={action === 'approve'}
      submitLabel={submitLabel[action]}
      input={({ values, errors, onNext }) => (
        <DecisionInput
          action={action}
          lead={lead[action]}
          initial={values}
          errors={errors}
          onNext={onNext}
          onCancel={onClose}
        />
      )}
      review={(v) => [
        ...summary(t, request),
        ...(action === 'reject' ? [{ name: 'reason', label: t('detail.reason'), value: v.reason }] : []),
      ]}
      submit={(v, confirmation) =>
        decide.mutateAsync(
          action === 'approve'
            ? { kind: 'approve', confirmation: confirmation ?? {} }
            : action === 'reject'
              ? { kind: 'reject', reason: v.reason.trim() }
              : { kind: 'withdraw' },
        )
      }
      describeError={(error): StepErrors => {
        const e = toStepErrors(t, error);
        // A refusal of the decision itself (order, state, not an approver) is about the whole request: say it above.
        const form =
          e.form ??
          Object.entries(e.fields).find(
            ([name]) => name !== 'confirmationPassword' && name !== 'reason',
          )?.[1];
        return { ...e, form: form ? `${t('detail.refused')}: ${form}` : undefined };
      }}
      done={(r) => (
        <>
          <p>
            {t(`detail.${action}Done` as 'detail.approveDone')} <StatusLabel status={r.status} />
          </p>
          <Button variant="secondary" onClick={onClose}>
            {t('detail.title')}
          </Button>
        </>
      )}
    />
  );
}

function DecisionInput(props: {
  action: Action;
  lead: string;
  initial: Values | undefined;
  errors: StepErrors;
  onNext(values: Values): void;
  onCancel(): void;
}): ReactNode {
  const { t } = useTranslation('requests');
  const [reason, setReason] = useState(props.initial?.reason ?? '');
  const [own, setOwn] = useState<string>();
  const reasonError = own ?? props.errors.fields.reason;
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (props.action === 'reject' && !reason.trim()) return setOwn(t('detail.reasonRequired'));
        setOwn(undefined);
        props.onNext({ reason });
      }}
    >
      <p>{props.lead}</p>
      {props.action === 'reject' && (
        <FormGroup label={t('detail.reason')} isRequired fieldId="reject-reason">
          <TextArea
            id="reject-reason"
            value={reason}
            onChange={(_e, v) => setReason(v)}
            maxLength={200}
            isRequired
            validated={reasonError ? 'error' : 'default'}
            aria-describedby={reasonError ? 'reject-reason-error' : 'reject-reason-help'}
          />
          {reasonError ? (
            <FieldError fieldId="reject-reason" message={reasonError} />
          ) : (
            <FormHelperText>
              <HelperText id="reject-reason-help">
                <HelperTextItem>{t('detail.reasonHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          )}
        </FormGroup>
      )}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('create.next')}
        </Button>
        <Button variant="link" onClick={props.onCancel}>
          {t('detail.cancel')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
