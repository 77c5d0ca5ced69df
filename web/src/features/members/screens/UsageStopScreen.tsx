import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Checkbox,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type StepErrors } from '../../../components/confirm-step';
import { type Column, DataTable, todayInAppZone, useListState } from '../../../components/data-table';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { useSetUsageStopDate, useUsageStopDates, useUser } from '../api';
import type { UsageStopEntry, UserView } from '../types';

/**
 * ユーザー利用停止日一覧 (manual 000): every member with their stop date; the login ID opens ユーザー利用停止日設定
 * for that member.
 */
export function UsageStopScreen() {
  const { t } = useTranslation('members');
  const list = useListState({ sort: 'loginId', filters: ['scheduled'] as const });
  const scheduledOnly = list.state.filters.scheduled.includes('1');
  const { data, isFetching } = useUsageStopDates(list.state, scheduledOnly);

  const columns: Column<UsageStopEntry>[] = [
    {
      key: 'loginId',
      header: t('col.loginId'),
      cell: (u) => <Link to={`/users/usage-stop-dates/${u.id}`}>{u.loginId}</Link>,
    },
    {
      key: 'name',
      header: `${t('col.familyName')} ${t('col.givenName')}`,
      cell: (u) => `${u.familyName} ${u.givenName}${u.isManager ? `（${t('usageStop.manager')}）` : ''}`,
    },
    {
      key: 'date',
      header: t('field.usageStopDate'),
      cell: (u) => u.usageStopDate ?? t('usageStop.none'),
    },
  ];

  return (
    <PageSection>
      <Title headingLevel="h1">{t('usageStop.title')}</Title>
      <p>{t('usageStop.lead')}</p>
      <DataTable<UsageStopEntry>
        label={t('usageStop.title')}
        columns={columns}
        rows={data?.items}
        rowId={(u) => u.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={
          <Checkbox
            id="usage-stop-scheduled"
            label={t('usageStop.scheduledOnly')}
            isChecked={scheduledOnly}
            onChange={(_e, v) => list.setFilter('scheduled', v ? ['1'] : [])}
          />
        }
      />
    </PageSection>
  );
}

/**
 * ユーザー利用停止日設定 (manual 000): the date from which the member stops using Kanri (empty cancels it), through
 * 入力 → 入力内容確認 → 完了. The API refuses past dates and the last manager's stop date; the reason shows on the
 * confirm step next to the date.
 */
export function UsageStopSettingScreen() {
  const { userId } = useParams();
  const user = useUser(userId);
  if (!user.data) return null;
  return <UsageStopSetting user={user.data} key={user.data.id} />;
}

function UsageStopSetting({ user }: { user: UserView }) {
  const { t } = useTranslation('members');
  const save = useSetUsageStopDate();
  const before = user.usageStopDate ?? '';
  return (
    <PageSection>
      <ConfirmStep<{ date: string }, { date: string }>
        title={t('usageStop.settingTitle')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'loginId', label: t('col.loginId'), value: user.loginId },
          { name: 'name', label: t('usageStop.name'), value: `${user.familyName} ${user.givenName}` },
          {
            name: 'date',
            label: t('field.usageStopDate'),
            value: v.date || t('usageStop.cancelled'),
            changed: v.date !== before,
          },
        ]}
        submit={async (v) => {
          await save.mutateAsync({ userId: user.id, date: v.date || null });
          return v;
        }}
        done={(v) => (
          <>
            <p>{v.date ? t('usageStop.done', { date: v.date }) : t('usageStop.doneCleared')}</p>
            <Link to="/users/usage-stop-dates">{t('usageStop.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <UsageStopInput user={user} initial={values?.date ?? before} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function UsageStopInput(props: {
  user: UserView;
  initial: string;
  errors: StepErrors;
  onNext(v: { date: string }): void;
}) {
  const { t } = useTranslation('members');
  const [date, setDate] = useState(props.initial);
  const [own, setOwn] = useState<string>();
  const today = todayInAppZone();
  const message = own ?? props.errors.fields.date;
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (date && date < today) return setOwn(t('usageStop.past'));
        setOwn(undefined);
        props.onNext({ date });
      }}
    >
      <p>
        {t('col.loginId')}: {props.user.loginId}（{props.user.familyName} {props.user.givenName}）
      </p>
      <p>{t('usageStop.inputLead')}</p>
      <FormError message={props.errors.form} />
      <FormGroup label={t('field.usageStopDate')} fieldId="usage-stop-date">
        <TextInput
          id="usage-stop-date"
          type="date"
          min={today}
          value={date}
          onChange={(_e, v) => setDate(v)}
          validated={message ? 'error' : 'default'}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? 'usage-stop-date-error' : undefined}
        />
        <FieldError fieldId="usage-stop-date" message={message} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('usageStop.next')}
        </Button>
        <Link to="/users/usage-stop-dates">{t('usageStop.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
