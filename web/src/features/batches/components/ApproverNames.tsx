import { useApproverCandidates } from '../../requests/api';
import type { BatchBusiness } from '../api';
import { approverLabel } from './ApproverPicker';

/**
 * The chosen approvers on 入力内容確認, in order, by name as they were offered (the same query, so no second
 * request); an id the list no longer holds is shown as it is.
 */
export function ApproverNames(props: { business: BatchBusiness; ids: string[] }) {
  const candidates = useApproverCandidates(props.business);
  const name = (id: string) => {
    const c = candidates.data?.find((x) => x.id === id);
    return c ? approverLabel(c) : id;
  };
  return <>{props.ids.map(name).join('、')}</>;
}
