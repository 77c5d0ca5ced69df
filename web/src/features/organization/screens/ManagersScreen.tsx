import { useMemo, useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  PageSection,
  Radio,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, listQuery, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { type MemberSummary, useManagerFacts, useMemberPage, useReplaceManagers } from '../api';
import '../organization.css';

interface ManagerFacts {
  memberCount: number;
  maxManagers: number;
  overCap: boolean;
  managers: MemberSummary[];
}

/**
 * 管理責任者修正 (manual 000): each member as 管理責任者 or 一般ユーザー, changed in one step with 変更. The screen
 * states the cap (最大 N 名 = 20% of the members, rounded up) and the minimum of one before sending; if sent
 * anyway, the API's refusal shows in words. The members are a paged search (25/50/100, by login ID, name or
 * role), so the screen reads a page, never the whole membership.
 */
export function ManagersScreen() {
  const managers = useManagerFacts();
  // Kept above the form: the form starts over from the refetched list after a change, the message stays.
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  if (managers.isError) {
    return <ManagersError error={managers.error} />;
  }
  if (!managers.data) return null;
  return (
    <ManagersForm view={managers.data} key={managers.dataUpdatedAt} result={result} onResult={setResult} />
  );
}

function ManagersError({ error }: { error: unknown }) {
  const { t } = useTranslation('organization');
  return (
    <PageSection>
      <Title headingLevel="h1">{t('managers.title')}</Title>
      <Alert variant="danger" isInline title={errorMessage(t, error)} role="alert" />
    </PageSection>
  );
}

function ManagersForm({
  view,
  result,
  onResult: setResult,
}: {
  view: ManagerFacts;
  result: { ok: boolean; text: string } | undefined;
  onResult(result: { ok: boolean; text: string } | undefined): void;
}) {
  const { t } = useTranslation('organization');
  const replace = useReplaceManagers();
  const initial = useMemo(() => new Set(view.managers.map((m) => m.id)), [view]);
  const [chosen, setChosen] = useState<Set<string>>(initial);
  const list = useListState({ sort: 'loginId' });
  const members = useMemberPage(listQuery(list.state));

  const count = chosen.size;
  const adding = [...chosen].some((id) => !initial.has(id));
  const overCap = count > view.maxManagers && adding;
  const none = count === 0 && view.memberCount > 0;
  const changed = count !== initial.size || [...chosen].some((id) => !initial.has(id));

  const set = (id: string, manager: boolean) => {
    setResult(undefined);
    setChosen((c) => {
      const next = new Set(c);
      if (manager) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const send = async () => {
    try {
      await replace.mutateAsync([...chosen]);
      setResult({ ok: true, text: t('managers.done') });
    } catch (error) {
      setResult({ ok: false, text: errorMessage(t, error) });
    }
  };

  const columns: Column<MemberSummary>[] = [
    { key: 'loginId', header: t('managers.loginId'), sortKey: 'loginId', cell: (m) => m.loginId },
    { key: 'name', header: t('managers.name'), cell: (m) => `${m.familyName} ${m.givenName}` },
    {
      key: 'kind',
      header: t('managers.kind'),
      cell: (m) => (
        <KindRadios member={m} isManager={chosen.has(m.id)} onChange={(manager) => set(m.id, manager)} />
      ),
    },
  ];

  return (
    <PageSection>
      <Title headingLevel="h1">{t('managers.title')}</Title>
      {result && (
        <Alert
          variant={result.ok ? 'success' : 'danger'}
          isInline
          title={result.text}
          role={result.ok ? 'status' : 'alert'}
        />
      )}
      <DescriptionList
        columnModifier={{ default: '3Col' }}
        aria-label={t('managers.summary')}
        className="kanri-managers-summary"
      >
        <DescriptionListGroup>
          <DescriptionListTerm>{t('managers.memberCount')}</DescriptionListTerm>
          <DescriptionListDescription>
            {t('managers.people', { count: view.memberCount })}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('managers.cap')}</DescriptionListTerm>
          <DescriptionListDescription>
            {t('managers.max', { count: view.maxManagers })}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('managers.selected')}</DescriptionListTerm>
          <DescriptionListDescription>
            <span aria-live="polite">{t('managers.people', { count })}</span>
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      <p>{t('managers.rules', { count: view.maxManagers })}</p>
      {view.overCap && <Alert variant="warning" isInline title={t('managers.alreadyOverCap')} />}
      <div aria-live="polite">
        {overCap && (
          <Alert
            variant="warning"
            isInline
            title={t('managers.overCap', { count: view.maxManagers, selected: count })}
          />
        )}
        {none && <Alert variant="warning" isInline title={t('managers.needOne')} />}
      </div>
      <DataTable<MemberSummary>
        label={t('managers.table')}
        columns={columns}
        rows={members.data?.items}
        rowId={(m) => m.id}
        total={members.data?.total}
        list={list}
        loading={members.isFetching}
        searchPlaceholder={t('managers.search')}
      />
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <ActionGroup>
          <Button
            type="submit"
            variant="primary"
            isDisabled={!changed || replace.isPending}
            isLoading={replace.isPending}
          >
            {t('managers.change')}
          </Button>
          <Button variant="link" isDisabled={!changed} onClick={() => setChosen(initial)}>
            {t('managers.reset')}
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
}

/** The row's two radios: 管理責任者 or 一般ユーザー. */
function KindRadios({
  member: m,
  isManager,
  onChange,
}: {
  member: MemberSummary;
  isManager: boolean;
  onChange(manager: boolean): void;
}) {
  const { t } = useTranslation('organization');
  return (
    <fieldset className="kanri-inline-radios" aria-label={t('managers.kindOf', { loginId: m.loginId })}>
      <Radio
        id={`manager-${m.id}`}
        name={`kind-${m.id}`}
        label={<SpokenLabel text={t('managers.manager')} loginId={m.loginId} />}
        isChecked={isManager}
        onChange={() => onChange(true)}
      />
      <Radio
        id={`general-${m.id}`}
        name={`kind-${m.id}`}
        label={<SpokenLabel text={t('managers.general')} loginId={m.loginId} />}
        isChecked={!isManager}
        onChange={() => onChange(false)}
      />
    </fieldset>
  );
}

/** 管理責任者 / 一般ユーザー on screen; "u001 を管理責任者にする" for a screen reader, which hears the row's user too. */
function SpokenLabel({ text, loginId }: { text: string; loginId: string }) {
  const { t } = useTranslation('organization');
  const [before, after] = t('managers.spoken', { loginId, kind: '\u0000' }).split('\u0000');
  return (
    <>
      <span className="pf-v6-screen-reader">{before}</span>
      {text}
      <span className="pf-v6-screen-reader">{after}</span>
    </>
  );
}
