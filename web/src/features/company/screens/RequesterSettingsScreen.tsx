import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
  Tab,
  Tabs,
  TabTitleText,
  Title,
} from '@patternfly/react-core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { FormError, PlainTextField } from '../../../lib/errors/fields';
import {
  ACCOUNT_LIMIT_DIGITS,
  BUSINESS_TYPES,
  type BusinessType,
  type CompanyAccount,
  formatYen,
  type MemberItem,
  parseYen,
  useAccounts,
  useMembers,
  usePutTransactionLimits,
  usePutUsableAccounts,
  useTransactionLimits,
  useUsableAccounts,
} from '../api';

type Part = 'accounts' | 'limits';

const memberName = (m: MemberItem) =>
  `${m.loginId}${m.familyName || m.givenName ? `（${m.familyName ?? ''} ${m.givenName ?? ''}）` : ''}`;
const accountName = (t: (k: string) => string, a: CompanyAccount) =>
  `${a.branchName ?? ''} (${a.branchCode}) ${t(`accountType.${a.accountType}`)} ${a.accountNumber}`;

/**
 * 依頼者設定 (manual 001, 利用者登録[口座]): for a chosen member, 利用可能口座 and 利用者一回当たり限度額 per business,
 * each through 入力 → 入力内容確認 → 完了 with the 確認用パスワード (two confirm operations: one code each where the
 * organization confirms with a one-time password). The member and the part live in the URL.
 */
export function RequesterSettingsScreen() {
  const { t } = useTranslation('company');
  const [params, setParams] = useSearchParams();
  const members = useMembers();
  const userId = params.get('user') ?? '';
  const part: Part = params.get('part') === 'limits' ? 'limits' : 'accounts';
  const member = members.data?.find((m) => m.id === userId);
  return (
    <PageSection>
      {!member && <Title headingLevel="h1">{t('requesters.title')}</Title>}
      <p>{t('requesters.lead')}</p>
      <FormGroup label={t('requesters.member')} fieldId="requester-member">
        <FormSelect
          id="requester-member"
          value={userId}
          onChange={(_e, v) => setParams(v ? { user: v, part } : {}, { replace: true })}
        >
          <FormSelectOption value="" label={t('requesters.choose')} isPlaceholder />
          {(members.data ?? []).map((m) => (
            <FormSelectOption key={m.id} value={m.id} label={memberName(m)} />
          ))}
        </FormSelect>
      </FormGroup>
      {member && (
        <Tabs
          activeKey={part}
          onSelect={(_e, key) => setParams({ user: userId, part: String(key) }, { replace: true })}
          aria-label={t('requesters.title')}
        >
          <Tab eventKey="accounts" title={<TabTitleText>{t('requesters.usable')}</TabTitleText>}>
            {part === 'accounts' && <UsableAccounts member={member} key={member.id} />}
          </Tab>
          <Tab eventKey="limits" title={<TabTitleText>{t('requesters.limitsTitle')}</TabTitleText>}>
            {part === 'limits' && <TransactionLimits member={member} key={member.id} />}
          </Tab>
        </Tabs>
      )}
    </PageSection>
  );
}

function UsableAccounts({ member }: { member: MemberItem }) {
  const { t } = useTranslation('company');
  const accounts = useAccounts();
  const usable = useUsableAccounts(member.id);
  const put = usePutUsableAccounts(member.id);
  if (!accounts.data || !usable.data) return null;
  const all = accounts.data;
  const before = new Set(usable.data.accounts.map((a) => a.id));
  return (
    <ConfirmStep<string[], string[]>
      title={`${t('requesters.usableTitle')}：${memberName(member)}`}
      confirmationPassword
      review={(ids) =>
        all.map((a): ReviewRow => ({
          name: `account-${a.id}`,
          label: t('requesters.usableOf', { account: accountName(t, a) }),
          value: ids.includes(a.id) ? t('requesters.used') : t('requesters.notUsed'),
          changed: ids.includes(a.id) !== before.has(a.id),
        }))
      }
      submit={async (ids, confirmation) =>
        (await put.mutateAsync({ accountIds: ids, confirmation })).accounts.map((a) => a.id)
      }
      done={() => <p>{t('requesters.doneAccounts')}</p>}
      input={({ values, errors, onNext }) =>
        all.length === 0 ? (
          <p>{t('requesters.noAccounts')}</p>
        ) : (
          <UsableInput accounts={all} initial={values ?? [...before]} errors={errors} onNext={onNext} />
        )
      }
    />
  );
}

function UsableInput(props: {
  accounts: CompanyAccount[];
  initial: string[];
  errors: StepErrors;
  onNext(ids: string[]): void;
}) {
  const { t } = useTranslation('company');
  const [ids, setIds] = useState(new Set(props.initial));
  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        props.onNext(props.accounts.map((a) => a.id).filter((id) => ids.has(id)));
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup role="group" label={t('requesters.usable')} fieldId="usable-accounts">
        {props.accounts.map((a) => (
          <Checkbox
            key={a.id}
            id={`usable-${a.id}`}
            label={accountName(t, a)}
            isChecked={ids.has(a.id)}
            onChange={(_e, checked) => {
              const next = new Set(ids);
              if (checked) next.add(a.id);
              else next.delete(a.id);
              setIds(next);
            }}
          />
        ))}
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('common.next')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

type Limits = Record<BusinessType, number | null>;

function TransactionLimits({ member }: { member: MemberItem }) {
  const { t } = useTranslation('company');
  const limits = useTransactionLimits(member.id);
  const put = usePutTransactionLimits(member.id);
  if (!limits.data) return null;
  const before = limits.data.limits;
  const yen = (n: number | null) =>
    n === null ? t('common.noLimit') : t('common.yen', { amount: formatYen(n) });
  return (
    <ConfirmStep<Limits, Limits>
      title={`${t('requesters.limitsTitle')}：${memberName(member)}`}
      confirmationPassword
      review={(v) =>
        BUSINESS_TYPES.map((b) => ({
          name: `limits.${b}`,
          label: t('requesters.limitOf', { business: t(`business.${b}`) }),
          value: yen(v[b]),
          changed: v[b] !== before[b],
        }))
      }
      submit={async (v, confirmation) => (await put.mutateAsync({ limits: v, confirmation })).limits}
      done={() => <p>{t('requesters.doneLimits')}</p>}
      input={({ values, errors, onNext }) => (
        <LimitsInput initial={values ?? before} errors={errors} onNext={onNext} />
      )}
    />
  );
}

function LimitsInput(props: { initial: Limits; errors: StepErrors; onNext(v: Limits): void }) {
  const { t } = useTranslation('company');
  const [texts, setTexts] = useState(
    Object.fromEntries(BUSINESS_TYPES.map((b) => [b, formatYen(props.initial[b])])) as Record<
      BusinessType,
      string
    >,
  );
  const [own, setOwn] = useState<Record<string, string>>({});
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = Object.fromEntries(
          BUSINESS_TYPES.map((b) => [b, parseYen(texts[b], ACCOUNT_LIMIT_DIGITS)]),
        ) as Limits;
        const problems = Object.fromEntries(
          BUSINESS_TYPES.filter((b) => Number.isNaN(parsed[b])).map((b) => [
            `limits.${b}`,
            t('common.invalidLimit', { digits: ACCOUNT_LIMIT_DIGITS }),
          ]),
        );
        setOwn(problems);
        if (!Object.keys(problems).length) props.onNext(parsed);
      }}
    >
      <FormError message={props.errors.form} />
      {BUSINESS_TYPES.map((b) => (
        <PlainTextField
          key={b}
          id={`requester-limit-${b}`}
          label={t('requesters.limitOf', { business: t(`business.${b}`) })}
          value={texts[b]}
          onChange={(v) => setTexts({ ...texts, [b]: v })}
          inputMode="numeric"
          helper={t('common.limitHelp', { digits: ACCOUNT_LIMIT_DIGITS })}
          error={own[`limits.${b}`] ?? props.errors.fields[`limits.${b}`]}
        />
      ))}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('common.next')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
