import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { organizationKey } from './otp';

/**
 * 承認機能の利用有無 of a business (SPEC §5; src/organizations/organization-settings.ts). 承認なし is for 振込振替 only,
 * but the console reads what the API answers.
 */
export type ApprovalMode = 'none' | 'single' | 'double_unordered' | 'double_ordered';

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
