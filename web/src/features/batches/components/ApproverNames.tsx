import { useTranslation } from 'react-i18next';
import { useApproverCandidates } from '../../requests/api';
import type { ApprovalMode, BatchBusiness } from '../api';
import { approverFieldLabel } from '../../../components/confirm-step';
import { approverLabel } from './ApproverPicker';

/**
 * The chosen approvers on 入力内容確認, in order, by name as they were offered (the same query, so no second
 * request); an id the list no longer holds is shown as it is. With two, each is named by its field (第1承認者 …).
 */
export function ApproverNames(props: { business: BatchBusiness; mode?: ApprovalMode; ids: string[] }) {
  const { t } = useTranslation('batches');
  const candidates = useApproverCandidates(props.business);
  const name = (id: string) => {
    const c = candidates.data?.find((x) => x.id === id);
    return c ? approverLabel(c) : id;
  };
  if (props.ids.length < 2) return <>{props.ids.map(name).join('、')}</>;
  return <>{props.ids.map((id, i) => `${approverFieldLabel(t, props.mode, i)}: ${name(id)}`).join('、')}</>;
}
