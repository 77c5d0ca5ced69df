import { FormGroup, FormSelect, FormSelectOption } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { FieldError, PlainTextField } from '../../../lib/errors/fields';
import { useApproverCandidates } from '../api';

/**
 * 承認者 in order (at most two, as the approval modes have them). A caller who may read the member list picks
 * members; anyone else types the approvers' user IDs, as the API takes them. Empty for a business without approval.
 */
export function ApproverPicker(props: { value: string[]; onChange(ids: string[]): void; error?: string }) {
  const { t } = useTranslation('batches');
  const { can, principal } = useAuth();
  const readable = can('users.manage');
  const candidates = useApproverCandidates(readable);
  const selfId = principal?.user.id;

  if (!readable || candidates.isError) {
    return (
      <PlainTextField
        id="batch-approverIds"
        label={t('form.approverIds')}
        value={props.value.join(',')}
        onChange={(v) =>
          props.onChange(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }
        error={props.error}
        helper={t('form.approverIdsHint')}
      />
    );
  }
  const members = (candidates.data ?? []).filter((m) => m.id !== selfId);
  const at = (i: number) => props.value[i] ?? '';
  const set = (i: number, id: string) => {
    const next = [at(0), at(1)];
    next[i] = id;
    props.onChange(next.filter(Boolean));
  };
  return (
    <>
      {[0, 1].map((i) => (
        <FormGroup key={i} label={t('form.approverN', { n: i + 1 })} fieldId={`batch-approver-${i}`}>
          <FormSelect id={`batch-approver-${i}`} value={at(i)} onChange={(_e, v) => set(i, v)}>
            <FormSelectOption value="" label={t('form.none')} />
            {members.map((m) => (
              <FormSelectOption
                key={m.id}
                value={m.id}
                label={`${m.familyName ?? ''} ${m.givenName ?? ''}（${m.loginId}）`}
              />
            ))}
          </FormSelect>
          {i === 0 && <FieldError fieldId={`batch-approver-${i}`} message={props.error} />}
        </FormGroup>
      ))}
    </>
  );
}
