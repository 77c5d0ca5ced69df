import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { ConfirmStep } from '../../../components/confirm-step';
import { errorMessage } from '../../../lib/errors';
import {
  addressOf,
  type Destination,
  type NewDestination,
  type Registered,
  type TestResult,
  useCreateDestination,
  useDeleteDestination,
  useDestinations,
  useTestDestination,
} from '../api';
import '../audit-streaming.css';

type Mode = { screen: 'list' } | { screen: 'create' } | { screen: 'delete'; destination: Destination };

/**
 * 監査ログ転送設定: the organization's destinations with their delivery state (a destination whose every attempt
 * has failed for the configured time is marked 配信異常, with since when and the last error), registration of a
 * webhook (入力 → 確認 with the 確認用パスワード → 完了, where the signing secret is shown this once), テスト送信
 * and deletion. The secret lives only in this screen's state: never in storage, never in the URL.
 */
export function AuditStreamingScreen() {
  const [mode, setMode] = useState<Mode>({ screen: 'list' });
  const back = () => setMode({ screen: 'list' });
  if (mode.screen === 'create') return <CreateDestination onBack={back} />;
  if (mode.screen === 'delete') return <DeleteDestination destination={mode.destination} onBack={back} />;
  return (
    <DestinationList
      onCreate={() => setMode({ screen: 'create' })}
      onDelete={(destination) => setMode({ screen: 'delete', destination })}
    />
  );
}

function useTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  return (iso) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-US' : 'ja-JP');
}

function DestinationList({
  onCreate,
  onDelete,
}: {
  onCreate(): void;
  onDelete(destination: Destination): void;
}) {
  const { t } = useTranslation('audit-streaming');
  const destinations = useDestinations();
  const test = useTestDestination();
  const [tested, setTested] = useState<
    { name: string; result: TestResult } | { name: string; error: unknown }
  >();

  const runTest = async (d: Destination) => {
    setTested(undefined);
    try {
      setTested({ name: d.name, result: await test.mutateAsync(d.id) });
    } catch (error) {
      setTested({ name: d.name, error });
    }
  };

  const items = destinations.data ?? [];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('title')}</Title>
      <p className="kanri-streams-lead">{t('lead')}</p>
      {destinations.isError && (
        <Alert variant="danger" isInline title={errorMessage(t, destinations.error)} role="alert" />
      )}
      <div aria-live="polite">
        {tested && <TestOutcome tested={tested} />}
        {items.some((d) => d.delivery.failing) && (
          <Alert variant="danger" isInline title={t('failingAlert')} />
        )}
      </div>
      <ActionGroup className="kanri-streams-actions">
        <Button variant="primary" onClick={onCreate} isDisabled={items.length >= 5}>
          {t('add')}
        </Button>
        <Button variant="secondary" onClick={() => void destinations.refetch()}>
          {t('refresh')}
        </Button>
      </ActionGroup>
      {destinations.isSuccess && items.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <Table aria-label={t('table')} variant="compact">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t('col.name')}</Th>
              <Th modifier="wrap">{t('col.kind')}</Th>
              <Th modifier="wrap">{t('col.address')}</Th>
              <Th modifier="nowrap">{t('col.enabled')}</Th>
              <Th modifier="wrap">{t('col.progress')}</Th>
              <Th modifier="wrap">{t('col.state')}</Th>
              <Th screenReaderText={t('col.actions')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((d) => (
              <Tr key={d.id}>
                <Th scope="row" dataLabel={t('col.name')}>
                  {d.name}
                </Th>
                <Td dataLabel={t('col.kind')}>{t(`kind.${d.kind}`)}</Td>
                <Td dataLabel={t('col.address')} modifier="breakWord" className="kanri-streams-address">
                  {addressOf(d)}
                </Td>
                <Td dataLabel={t('col.enabled')} modifier="nowrap">
                  {d.enabled ? t('enabled.on') : t('enabled.off')}
                </Td>
                <Td dataLabel={t('col.progress')}>
                  <div className="kanri-streams-progress">
                    {t('progress.operations', {
                      delivered: d.delivery.operations.deliveredSequence,
                      latest: d.delivery.operations.latestSequence,
                    })}
                  </div>
                  <div className="kanri-streams-progress">
                    {t('progress.login', {
                      delivered: d.delivery.login.deliveredSequence,
                      latest: d.delivery.login.latestSequence,
                    })}
                  </div>
                </Td>
                <Td dataLabel={t('col.state')}>
                  <DeliveryState destination={d} />
                </Td>
                <Td dataLabel={t('col.actions')} className="kanri-streams-row-actions">
                  <div>
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={t('test.buttonOf', { name: d.name })}
                      isLoading={test.isPending && test.variables === d.id}
                      isDisabled={test.isPending}
                      onClick={() => void runTest(d)}
                    >
                      {t('test.button')}
                    </Button>
                    <Button
                      variant="danger"
                      size="sm"
                      aria-label={t('remove.buttonOf', { name: d.name })}
                      onClick={() => onDelete(d)}
                    >
                      {t('remove.button')}
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}

function TestOutcome({
  tested,
}: {
  tested: { name: string; result: TestResult } | { name: string; error: unknown };
}) {
  const { t } = useTranslation('audit-streaming');
  if ('error' in tested) {
    return <Alert variant="danger" isInline role="alert" title={errorMessage(t, tested.error)} />;
  }
  const { name, result } = tested;
  if (result.delivered) {
    return (
      <Alert
        variant="success"
        isInline
        role="status"
        title={t('test.ok', { name, status: result.statusCode ?? '' })}
      />
    );
  }
  const error = result.error ?? (result.statusCode === null ? '' : `HTTP ${result.statusCode}`);
  return <Alert variant="danger" isInline role="alert" title={t('test.failed', { name, error })} />;
}

/** 正常 / 再試行中 / 配信異常, with since when, how many failures and the last error in words. */
function DeliveryState({ destination: d }: { destination: Destination }) {
  const { t } = useTranslation('audit-streaming');
  const time = useTime();
  const s = d.delivery;
  const label = s.failing ? (
    <Label color="red" status="danger">
      {t('state.failing')}
    </Label>
  ) : s.consecutiveFailures > 0 ? (
    <Label color="orange" status="warning">
      {t('state.retrying')}
    </Label>
  ) : (
    <Label color="green" status="success">
      {t('state.ok')}
    </Label>
  );
  return (
    <div className="kanri-streams-state">
      {label}
      {s.failingSince && s.consecutiveFailures > 0 && (
        <div>{t('state.since', { time: time(s.failingSince) })}</div>
      )}
      {s.consecutiveFailures > 0 && <div>{t('state.failures', { count: s.consecutiveFailures })}</div>}
      {s.lastError && <div>{t('state.lastError', { error: s.lastError })}</div>}
      <div>
        {s.lastDeliveredAt ? t('state.lastDelivered', { time: time(s.lastDeliveredAt) }) : t('state.never')}
      </div>
    </div>
  );
}

function CreateDestination({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('audit-streaming');
  const create = useCreateDestination();
  return (
    <PageSection>
      <ConfirmStep<NewDestination, Registered>
        title={t('create.title')}
        confirmationPassword
        input={({ values, errors, onNext }) => (
          <CreateInput values={values} errors={errors.fields} onNext={onNext} onCancel={onBack} />
        )}
        review={(v) => [
          { name: 'name', label: t('create.name'), value: v.name },
          { name: 'kind', label: t('col.kind'), value: t(`kind.${v.kind}`) },
          { name: 'url', label: t('create.url'), value: v.url },
        ]}
        submit={(values, confirmation) => create.mutateAsync({ values, confirmation })}
        done={(result) => (
          <>
            {result.secret !== null && (
              <Form onSubmit={(e) => e.preventDefault()}>
                <Alert variant="warning" isInline title={t('create.secretWarning')} />
                <FormGroup label={t('create.secret')} fieldId="stream-secret">
                  <TextInput
                    id="stream-secret"
                    readOnlyVariant="default"
                    value={result.secret}
                    className="kanri-streams-secret"
                  />
                </FormGroup>
              </Form>
            )}
            <ActionGroup>
              <Button variant="primary" onClick={onBack}>
                {t('create.backToList')}
              </Button>
            </ActionGroup>
          </>
        )}
      />
    </PageSection>
  );
}

function CreateInput({
  values,
  errors,
  onNext,
  onCancel,
}: {
  values: NewDestination | undefined;
  errors: Record<string, string>;
  onNext(values: NewDestination): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('audit-streaming');
  const [name, setName] = useState(values?.name ?? '');
  const [url, setUrl] = useState(values?.url ?? '');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const fieldError = (field: 'name' | 'url') => (missing[field] ? t('create.required') : errors[field]);

  const next = () => {
    const nextMissing = { name: !name.trim(), url: !url.trim() };
    setMissing(nextMissing);
    if (nextMissing.name || nextMissing.url) return;
    onNext({ name: name.trim(), kind: 'webhook', url: url.trim(), enabled: true, tls: true });
  };

  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        next();
      }}
    >
      <p>{t('create.lead')}</p>
      <FormGroup label={t('create.name')} isRequired fieldId="stream-name">
        <TextInput
          id="stream-name"
          isRequired
          value={name}
          onChange={(_e, v) => setName(v)}
          validated={fieldError('name') ? 'error' : 'default'}
          aria-describedby={fieldError('name') ? 'stream-name-error' : undefined}
        />
        {fieldError('name') && (
          <FormHelperText>
            <HelperText id="stream-name-error">
              <HelperTextItem variant="error">{fieldError('name')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
      </FormGroup>
      <FormGroup label={t('create.url')} isRequired fieldId="stream-url">
        <TextInput
          id="stream-url"
          type="url"
          isRequired
          value={url}
          onChange={(_e, v) => setUrl(v)}
          validated={fieldError('url') ? 'error' : 'default'}
          aria-describedby="stream-url-help"
        />
        <FormHelperText>
          <HelperText id="stream-url-help">
            {fieldError('url') ? (
              <HelperTextItem variant="error">{fieldError('url')}</HelperTextItem>
            ) : (
              <HelperTextItem>{t('create.urlHelp')}</HelperTextItem>
            )}
          </HelperText>
        </FormHelperText>
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('create.next')}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

function DeleteDestination({ destination: d, onBack }: { destination: Destination; onBack(): void }) {
  const { t } = useTranslation('audit-streaming');
  const remove = useDeleteDestination();
  return (
    <PageSection>
      <ConfirmStep<Destination, true>
        title={t('remove.title')}
        confirmationPassword
        input={({ onNext }) => (
          <Form
            onSubmit={(e) => {
              e.preventDefault();
              onNext(d);
            }}
          >
            <p>{t('remove.lead')}</p>
            <p>
              <strong>{d.name}</strong> — {addressOf(d)}
            </p>
            <ActionGroup>
              <Button type="submit" variant="danger">
                {t('remove.next')}
              </Button>
              <Button variant="link" onClick={onBack}>
                {t('cancel')}
              </Button>
            </ActionGroup>
          </Form>
        )}
        review={(v) => [
          { name: 'name', label: t('col.name'), value: v.name },
          { name: 'address', label: t('col.address'), value: addressOf(v) },
        ]}
        submit={async (v, confirmation) => {
          await remove.mutateAsync({ streamId: v.id, confirmation });
          return true as const;
        }}
        submitLabel={t('remove.button')}
        done={() => (
          <>
            <p>{t('remove.done')}</p>
            <ActionGroup>
              <Button variant="primary" onClick={onBack}>
                {t('create.backToList')}
              </Button>
            </ActionGroup>
          </>
        )}
      />
    </PageSection>
  );
}
