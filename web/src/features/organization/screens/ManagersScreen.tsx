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
  Pagination,
  Radio,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { type ManagersView, useManagers, useReplaceManagers } from '../api';
import '../organization.css';

const PAGE = 50;

/**
 * 管理責任者修正 (manual 000): each member as 管理責任者 or 一般ユーザー, changed in one step with 変更. The screen
 * states the cap (最大 N 名 = 20% of the members, rounded up) and the minimum of one before sending; if sent
 * anyway, the API's refusal shows in words.
 */
export function ManagersScreen() {
  const managers = useManagers();
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
  view: ManagersView;
  result: { ok: boolean; text: string } | undefined;
  onResult(result: { ok: boolean; text: string } | undefined): void;
}) {
  const { t } = useTranslation('organization');
  const replace = useReplaceManagers();
  const initial = useMemo(() => new Set(view.members.filter((m) => m.isManager).map((m) => m.id)), [view]);
  const [chosen, setChosen] = useState<Set<string>>(initial);
  const [page, setPage] = useState(1);

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

  const rows = view.members.slice((page - 1) * PAGE, page * PAGE);

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
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Table aria-label={t('managers.table')} variant="compact">
          <Thead>
            <Tr>
              <Th>{t('managers.loginId')}</Th>
              <Th>{t('managers.name')}</Th>
              <Th>{t('managers.kind')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((m) => {
              const isManager = chosen.has(m.id);
              return (
                <Tr key={m.id}>
                  <Td dataLabel={t('managers.loginId')}>{m.loginId}</Td>
                  <Td dataLabel={t('managers.name')}>{`${m.familyName} ${m.givenName}`}</Td>
                  <Td dataLabel={t('managers.kind')}>
                    <fieldset
                      className="kanri-inline-radios"
                      aria-label={t('managers.kindOf', { loginId: m.loginId })}
                    >
                      <Radio
                        id={`manager-${m.id}`}
                        name={`kind-${m.id}`}
                        label={<SpokenLabel text={t('managers.manager')} loginId={m.loginId} />}
                        isChecked={isManager}
                        onChange={() => set(m.id, true)}
                      />
                      <Radio
                        id={`general-${m.id}`}
                        name={`kind-${m.id}`}
                        label={<SpokenLabel text={t('managers.general')} loginId={m.loginId} />}
                        isChecked={!isManager}
                        onChange={() => set(m.id, false)}
                      />
                    </fieldset>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
        {view.members.length > PAGE && (
          <Pagination
            itemCount={view.members.length}
            perPage={PAGE}
            perPageOptions={[{ title: String(PAGE), value: PAGE }]}
            page={page}
            onSetPage={(_e, p) => setPage(p)}
            isCompact
          />
        )}
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
