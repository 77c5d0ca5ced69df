import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  TextInput,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import {
  type NumberRecord,
  type RecordState,
  type Relation,
  RELATIONS,
  STATES,
  useCreateRecord,
  useRecord,
  useUpdateRecord,
} from '../api';

/** The form as typed. The number is kept only in this state, never in the URL or storage. */
interface RecordValues {
  employeeCode: string;
  familyName: string;
  givenName: string;
  relation: Relation;
  number: string;
  removeNumber: boolean;
  state: Exclude<RecordState, 'collected'>;
  retiredOn: string;
}

const LIST = '/personal-numbers/records';

/** Where the API's codes about a record belong on this form. */
const FIELD_OF_CODE = {
  PERSONAL_NUMBER_INVALID: 'number',
  PERSONAL_NUMBER_DUPLICATE: 'number',
  PERSONAL_NUMBER_RELATION_TAKEN: 'relation',
};

function fromRecord(r: NumberRecord | undefined): RecordValues {
  return {
    employeeCode: r?.employeeCode ?? '',
    familyName: r?.familyName ?? '',
    givenName: r?.givenName ?? '',
    relation: r?.relation ?? 'self',
    number: '',
    removeNumber: false,
    state: r && r.state !== 'collected' ? r.state : 'not_submitted',
    retiredOn: r?.retiredOn ?? '',
  };
}

/** マイナンバー登録 (manual 004): 入力 → 入力内容確認 → 完了; a wrong check digit is refused next to the number. */
export function RecordCreateScreen() {
  const { t } = useTranslation('vault');
  const create = useCreateRecord();
  return (
    <PageSection>
      <RecordFlow
        title={t('form.createTitle')}
        submit={(v) =>
          create.mutateAsync({
            employeeCode: v.employeeCode,
            familyName: v.familyName,
            givenName: v.givenName,
            relation: v.relation,
            ...(v.number ? { number: v.number } : { state: v.state }),
            ...(v.retiredOn ? { retiredOn: v.retiredOn } : {}),
          })
        }
        doneText={(r) => t('form.created', { code: r.employeeCode, relation: t(`relation.${r.relation}`) })}
      />
    </PageSection>
  );
}

/** マイナンバー変更: only what changed is sent; an empty number keeps the stored one. */
export function RecordEditScreen() {
  const { id } = useParams();
  const record = useRecord(id);
  if (!record.data) return null;
  return <RecordEdit record={record.data} key={record.data.id} />;
}

function RecordEdit({ record }: { record: NumberRecord }) {
  const { t } = useTranslation('vault');
  const update = useUpdateRecord(record.id);
  const before = fromRecord(record);
  return (
    <PageSection>
      <RecordFlow
        title={t('form.editTitle')}
        record={record}
        submit={(v) =>
          update.mutateAsync({
            ...(v.familyName !== before.familyName ? { familyName: v.familyName } : {}),
            ...(v.givenName !== before.givenName ? { givenName: v.givenName } : {}),
            ...(v.relation !== before.relation ? { relation: v.relation } : {}),
            ...(v.number ? { number: v.number } : v.removeNumber ? { number: null } : {}),
            ...(!v.number && (v.removeNumber || record.state !== 'collected') && v.state !== before.state
              ? { state: v.state }
              : {}),
            ...(v.retiredOn !== before.retiredOn ? { retiredOn: v.retiredOn || null } : {}),
          })
        }
        doneText={(r) => t('form.updated', { code: r.employeeCode, relation: t(`relation.${r.relation}`) })}
      />
    </PageSection>
  );
}

function RecordFlow(props: {
  title: string;
  record?: NumberRecord;
  submit(v: RecordValues): Promise<NumberRecord>;
  doneText(r: NumberRecord): string;
}) {
  const { t } = useTranslation('vault');
  const { t: tConfirm } = useTranslation('confirm');
  const before = fromRecord(props.record);
  const editing = !!props.record;
  const review = (v: RecordValues): ReviewRow[] => {
    const numberText = v.number
      ? t('form.numberEntered')
      : v.removeNumber
        ? t('form.numberRemoved')
        : editing
          ? t('form.numberUnchanged')
          : t('list.none');
    const rows: ReviewRow[] = [
      { name: 'employeeCode', label: t('field.employeeCode'), value: v.employeeCode },
      {
        name: 'familyName',
        label: t('field.familyName'),
        value: v.familyName,
        changed: editing && v.familyName !== before.familyName,
      },
      {
        name: 'givenName',
        label: t('field.givenName'),
        value: v.givenName,
        changed: editing && v.givenName !== before.givenName,
      },
      {
        name: 'relation',
        label: t('field.relation'),
        value: t(`relation.${v.relation}`),
        changed: editing && v.relation !== before.relation,
      },
      {
        name: 'number',
        label: t('field.number'),
        value: numberText,
        changed: editing && (!!v.number || v.removeNumber),
      },
    ];
    if (!v.number && (!editing || v.removeNumber || props.record?.state !== 'collected')) {
      rows.push({
        name: 'state',
        label: t('field.state'),
        value: t(`state.${v.state}`),
        changed: editing && v.state !== before.state,
      });
    }
    rows.push({
      name: 'retiredOn',
      label: t('field.retiredOn'),
      value: v.retiredOn || t('list.none'),
      changed: editing && v.retiredOn !== before.retiredOn,
    });
    return rows;
  };
  return (
    <ConfirmStep<RecordValues, NumberRecord>
      title={props.title}
      confirmationPassword={false}
      review={review}
      submit={(v) => props.submit(v)}
      describeError={(error) => toStepErrors(tConfirm, error, FIELD_OF_CODE)}
      done={(r) => (
        <>
          <p>{props.doneText(r)}</p>
          <Link to={LIST}>{t('form.back')}</Link>
        </>
      )}
      input={({ values, errors, onNext }) => (
        <RecordInput initial={values ?? before} record={props.record} errors={errors} onNext={onNext} />
      )}
    />
  );
}

function RecordInput(props: {
  initial: RecordValues;
  record?: NumberRecord;
  errors: StepErrors;
  onNext(v: RecordValues): void;
}) {
  const { t } = useTranslation('vault');
  const { t: tApp } = useTranslation();
  const [v, setV] = useState<RecordValues>(props.initial);
  const [own, setOwn] = useState<Partial<Record<keyof RecordValues, string>>>({});
  const editing = !!props.record;
  const set = <K extends keyof RecordValues>(key: K, value: RecordValues[K]) => setV({ ...v, [key]: value });
  const message = (name: keyof RecordValues) => own[name] ?? props.errors.fields[name];

  const text = (
    name: 'employeeCode' | 'familyName' | 'givenName' | 'retiredOn',
    opts: { type?: 'date'; disabled?: boolean } = {},
  ) => {
    return (
      <PlainTextField
        id={`vault-${name}`}
        label={t(`field.${name}`)}
        type={opts.type}
        required={name !== 'retiredOn'}
        disabled={opts.disabled}
        value={v[name]}
        onChange={(value) => set(name, value)}
        error={message(name)}
        helper={name === 'retiredOn' ? t('form.retiredHelp') : undefined}
      />
    );
  };
  const numberError = message('number');
  const stateAsked = !v.number && (!editing || v.removeNumber || props.record?.state !== 'collected');

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const missing: Partial<Record<keyof RecordValues, string>> = {};
        for (const name of ['employeeCode', 'familyName', 'givenName'] as const) {
          if (!v[name].trim()) missing[name] = tApp('app:state.required');
        }
        setOwn(missing);
        if (Object.keys(missing).length === 0) props.onNext(v);
      }}
    >
      <FormError message={props.errors.form} />
      {text('employeeCode', { disabled: editing })}
      {text('familyName')}
      {text('givenName')}
      <FormGroup label={t('field.relation')} fieldId="vault-relation" isRequired>
        <FormSelect
          id="vault-relation"
          value={v.relation}
          onChange={(_e, value) => set('relation', value as Relation)}
          validated={message('relation') ? 'error' : 'default'}
          aria-describedby={message('relation') ? 'vault-relation-error' : undefined}
        >
          {RELATIONS.map((r) => (
            <FormSelectOption key={r} value={r} label={t(`relation.${r}`)} />
          ))}
        </FormSelect>
        <FieldError fieldId="vault-relation" message={message('relation')} />
      </FormGroup>
      <FormGroup label={t('field.number')} fieldId="vault-number">
        <TextInput
          id="vault-number"
          type="password"
          autoComplete="off"
          inputMode="numeric"
          value={v.number}
          isDisabled={v.removeNumber}
          onChange={(_e, value) => set('number', value)}
          validated={numberError ? 'error' : 'default'}
          aria-invalid={numberError ? true : undefined}
          aria-describedby={numberError ? 'vault-number-error' : 'vault-number-help'}
        />
        {!numberError && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="vault-number-help">
                {t('form.numberHelp')} {editing ? t('form.numberKeep') : ''}
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
        <FieldError fieldId="vault-number" message={numberError} />
      </FormGroup>
      {editing && props.record?.state === 'collected' && (
        <Checkbox
          id="vault-remove-number"
          label={t('form.numberRemove')}
          isChecked={v.removeNumber}
          onChange={(_e, checked) => setV({ ...v, removeNumber: checked, number: checked ? '' : v.number })}
        />
      )}
      {stateAsked && (
        <FormGroup label={t('field.state')} fieldId="vault-state">
          <FormSelect
            id="vault-state"
            value={v.state}
            onChange={(_e, value) => set('state', value as RecordValues['state'])}
          >
            {STATES.filter((s) => s !== 'collected').map((s) => (
              <FormSelectOption key={s} value={s} label={t(`state.${s}`)} />
            ))}
          </FormSelect>
          <FieldError fieldId="vault-state" message={message('state')} />
        </FormGroup>
      )}
      {text('retiredOn', { type: 'date' })}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('form.next')}
        </Button>
        <Link to={LIST}>{t('form.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
