import {
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Stack,
} from '@patternfly/react-core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { APPROVERS_NEEDED, approverFieldLabel, type StepErrors } from '../../../components/confirm-step';
import { errorMessage } from '../../../lib/errors';
import { FieldError } from '../../../lib/errors/fields';
import { type ApproverCandidate, useApproverCandidates } from '../../requests/api';
import type { ApprovalMode, BatchBusiness } from '../api';

/** How a candidate reads in the choice and on 入力内容確認: 氏名（ログインID）. */
export function approverLabel(c: ApproverCandidate): string {
  return `${c.displayName}（${c.loginId}）`;
}

/** The approvers a request sends: exactly as many as the mode asks for, in order (the API refuses any other count). */
export function approversToSend(mode: ApprovalMode, ids: readonly string[]): string[] {
  return ids.slice(0, APPROVERS_NEEDED[mode]);
}

/**
 * The browser-side check of the choice, keyed `approverIds.<i>` so the words stand under that field: every approver
 * the mode asks for chosen, and two different people. The API checks again, and also that none is the requester and
 * that each may approve the business. `approverIds` when the mode is not known (nothing can be checked).
 */
export function approverProblems(
  t: TFunction,
  mode: ApprovalMode | undefined,
  ids: readonly string[],
): Record<string, string> {
  if (!mode) return { approverIds: t('batches:form.modeUnknown') };
  const problems: Record<string, string> = {};
  const needed = APPROVERS_NEEDED[mode];
  for (let i = 0; i < needed; i++) {
    if (!ids[i])
      problems[`approverIds.${i}`] = t('batches:form.chooseApprover', {
        field: approverFieldLabel(t, mode, i),
      });
  }
  if (needed === 2 && ids[0] && ids[0] === ids[1])
    problems['approverIds.1'] = t('batches:form.sameApprover', { first: approverFieldLabel(t, mode, 0) });
  return problems;
}

/** The API's refusals about the approvers (count, requester, twice the same, not allowed to approve). */
const APPROVER_CODES = new Set([
  'APPROVER_COUNT_MISMATCH',
  'APPROVER_IS_REQUESTER',
  'APPROVERS_NOT_DISTINCT',
  'APPROVER_NOT_ELIGIBLE',
]);

/**
 * Puts a refusal about the approvers next to them (`approverIds`: the 承認者 line of 入力内容確認, the first approver
 * field of the input) instead of above the form.
 */
export function placeApproverError(t: TFunction, error: unknown, errors: StepErrors): StepErrors {
  if (!isApiError(error) || !APPROVER_CODES.has(error.code) || errors.fields.approverIds) return errors;
  const message = errorMessage(t, error);
  return {
    fields: { ...errors.fields, approverIds: message },
    form: errors.form === message ? undefined : errors.form,
  };
}

interface PickerProps {
  /** The business's approval mode; undefined while it is being read (or cannot be). */
  mode: ApprovalMode | undefined;
  /** Why the mode is not known, in words (the organization could not be read). */
  modeError?: unknown;
  /** The chosen approvers by position ('' for one not chosen yet). */
  value: string[];
  onChange(ids: string[]): void;
  /** The words for a field: `approverIds.<i>` (the screen's own check) or `approverIds` (the API's, or the list). */
  errorOf(name: string): string | undefined;
}

/**
 * 承認者 as the organization's approval mode for the business asks (承認機能の利用有無): one for シングル承認, two for
 * ダブル承認 (in order or not, said in words), none for 承認なし; chosen among the members who may approve a request of
 * `business` (GET …/requests/approver-candidates: active holders of its approve permission, the requester left out),
 * so no member list or users.manage is needed. While the business is not known yet (a file not read), `pending`
 * says why nothing can be chosen.
 */
export function ApproverPicker(
  props: PickerProps & { business: BatchBusiness | undefined; pending?: string },
) {
  if (!props.business) return <ApproverSelects {...props} candidates={[]} note={props.pending} />;
  return <EligibleApprovers {...props} business={props.business} />;
}

function EligibleApprovers(props: PickerProps & { business: BatchBusiness }) {
  const { t } = useTranslation('batches');
  const candidates = useApproverCandidates(props.business);
  // A refusal (403: the caller may not request this business) is said in words where the approvers are chosen.
  const problem = candidates.error ? errorMessage(t, candidates.error) : undefined;
  const note = candidates.data?.length === 0 ? t('form.noApprovers') : undefined;
  return (
    <ApproverSelects
      {...props}
      candidates={candidates.data ?? []}
      errorOf={(name) => props.errorOf(name) ?? (name === 'approverIds' ? problem : undefined)}
      note={note}
      ready
    />
  );
}

function ApproverSelects(
  props: PickerProps & { candidates: ApproverCandidate[]; note?: string; ready?: boolean },
) {
  const { t } = useTranslation('batches');
  const { mode } = props;
  // Before the business or its mode is known, one field stands for the choice to come (nothing to choose yet).
  const slots = props.ready && mode ? APPROVERS_NEEDED[mode] : 1;
  const at = (i: number) => props.value[i] ?? '';
  const set = (i: number, id: string) => {
    const next = Array.from({ length: Math.max(slots, props.value.length) }, (_, j) => at(j));
    next[i] = id;
    props.onChange(next);
  };
  const modeId = 'batch-approval-mode';
  const listError =
    props.errorOf('approverIds') ?? (props.modeError ? errorMessage(t, props.modeError) : undefined);
  // One block with its own spacing, whether it stands in a grid cell (画面入力) or directly in the form (ファイル受付).
  return (
    <Stack hasGutter>
      {props.ready && mode && (
        <p id={modeId}>{t('form.modeLine', { mode: t(`mode.${mode}`), note: t(`modeNote.${mode}`) })}</p>
      )}
      {props.ready && mode && slots === 0 && <FieldError fieldId="batch-approver-0" message={listError} />}
      {Array.from({ length: slots }, (_, i) => {
        const id = `batch-approver-${i}`;
        const error = props.errorOf(`approverIds.${i}`) ?? (i === 0 ? listError : undefined);
        const note = i === 0 && !error ? props.note : undefined;
        const describedBy = [
          props.ready && mode ? modeId : undefined,
          error ? `${id}-error` : undefined,
          note ? `${id}-note` : undefined,
        ].filter(Boolean);
        return (
          <FormGroup
            key={i}
            label={approverFieldLabel(t, props.ready ? mode : undefined, i)}
            fieldId={id}
            isRequired={!!(props.ready && mode)}
          >
            <FormSelect
              id={id}
              value={at(i)}
              onChange={(_e, v) => set(i, v)}
              isDisabled={!props.ready || !mode}
              validated={error ? 'error' : 'default'}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy.length ? describedBy.join(' ') : undefined}
            >
              <FormSelectOption value="" label={t('form.choose')} isPlaceholder />
              {props.candidates.map((c) => (
                <FormSelectOption key={c.id} value={c.id} label={approverLabel(c)} />
              ))}
            </FormSelect>
            <FieldError fieldId={id} message={error} />
            {note && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem id={`${id}-note`}>{note}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
        );
      })}
    </Stack>
  );
}
