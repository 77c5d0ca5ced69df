import {
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { FieldError } from '../../../lib/errors/fields';
import { type ApproverCandidate, useApproverCandidates } from '../../requests/api';
import type { BatchBusiness } from '../api';

interface PickerProps {
  value: string[];
  onChange(ids: string[]): void;
  error?: string;
}

/** How a candidate reads in the choice and on 入力内容確認: 氏名（ログインID）. */
export function approverLabel(c: ApproverCandidate): string {
  return `${c.displayName}（${c.loginId}）`;
}

/**
 * 承認者 in order (at most two, as the approval modes have them), chosen among the members who may approve a
 * request of `business` (GET …/requests/approver-candidates: active holders of its approve permission, the
 * requester left out), so no member list or users.manage is needed. While the business is not known yet (a file
 * not read), `pending` says why nothing can be chosen. Left at （指定しない） for a business without approval.
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
      error={props.error ?? problem}
      note={note}
    />
  );
}

function ApproverSelects(props: PickerProps & { candidates: ApproverCandidate[]; note?: string }) {
  const { t } = useTranslation('batches');
  const at = (i: number) => props.value[i] ?? '';
  const set = (i: number, id: string) => {
    const next = [at(0), at(1)];
    next[i] = id;
    props.onChange(next.filter(Boolean));
  };
  return (
    <>
      {[0, 1].map((i) => {
        const id = `batch-approver-${i}`;
        const error = i === 0 ? props.error : undefined;
        const note = i === 0 && !error ? props.note : undefined;
        return (
          <FormGroup key={i} label={t('form.approverN', { n: i + 1 })} fieldId={id}>
            <FormSelect
              id={id}
              value={at(i)}
              onChange={(_e, v) => set(i, v)}
              validated={error ? 'error' : 'default'}
              aria-describedby={error ? `${id}-error` : note ? `${id}-note` : undefined}
            >
              <FormSelectOption value="" label={t('form.none')} />
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
    </>
  );
}
