import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import './i18n';
import { organizationKey } from './otp';

/**
 * 承認機能の利用有無 of a business (SPEC §5; src/organizations/organization-settings.ts). 承認なし is for 振込振替 only,
 * but the console reads what the API answers.
 */
export type ApprovalMode = 'none' | 'single' | 'double_unordered' | 'double_ordered';

/** How many approvers a request names in each mode (src/approvals/request-state-policy.ts requiredApprovers). */
export const APPROVERS_NEEDED: Record<ApprovalMode, number> = {
  none: 0,
  single: 1,
  double_unordered: 2,
  double_ordered: 2,
};

/**
 * The name of approver `i` (0-based) on every request screen: 承認者 when one approves, 第1承認者・第2承認者 when the
 * second may act only after the first (ダブル承認（順序あり）), 承認者1・承認者2 when either may approve first.
 */
export function approverFieldLabel(t: TFunction, mode: ApprovalMode | undefined, i: number): string {
  if (mode === 'double_ordered') return t('confirm:approverOrdered', { n: i + 1 });
  if (mode === 'double_unordered') return t('confirm:approverN', { n: i + 1 });
  return t('confirm:approver');
}

/** The part of `GET /organizations/{orgId}` read here (the document describes the answer only as an object). */
interface OrganizationModes {
  settings: { approvalModes: Partial<Record<string, ApprovalMode>> };
}

/**
 * The organization's approval mode for `business` (企業情報: any member reads it), under the organization's one cache
 * key, so that a change on 企業情報変更 is what every request screen (振込振替, 総合振込, 給与・賞与振込) follows next.
 * Idle while the business is unknown.
 */
export function useApprovalMode(business: string | undefined) {
  const orgId = useAuth().orgId ?? '';
  return useQuery({
    queryKey: organizationKey(orgId),
    enabled: !!orgId && !!business,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}', { params: { path: { orgId } } }),
      ) as unknown as OrganizationModes,
    select: (o) => (business ? o.settings.approvalModes[business] : undefined),
  });
}
