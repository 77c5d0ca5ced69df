import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, rawFetch } from '../../api/client';
import { useAuth } from '../../app/auth';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';
import type { PerPage } from '../../components/data-table/useListState';
import { type Described, described, type OkBody } from '../../lib/api-types';

/** 操作履歴検索・出力 (src/audit): the two histories, their CSV export and the hash-chain check. Keys: ['audit', orgId, …]. */
export type HistoryType = 'login' | 'activity' | 'users';

export interface AuditConditions {
  userId?: string;
  familyName?: string;
  givenName?: string;
  from?: string;
  to?: string;
}

/** The two histories' pages as the OpenAPI document describes them (schema.d.ts). */
export type LoginHistoryPage = OkBody<'audit.loginHistory'>;
export type OperationPage = OkBody<'audit.operations'>;
export type LoginRow = LoginHistoryPage['items'][number];
export type OperationRow = OperationPage['items'][number];

/** The chain checks' answers; the document describes them only as objects so far, so these shapes stand in. */
export type OrganizationVerifyReport = Described<OkBody<'audit.verify'>, VerifyReport>;
export type SystemVerifyReport = Described<OkBody<'systemAudit.verify'>, VerifyReport>;

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstSeq: number;
  lastSeq: number;
  firstBroken: { id: string | null; seq: number; reason: string } | null;
}

export interface VerifyReport {
  ok: boolean;
  operations: ChainReport;
  loginHistory: ChainReport;
}

function clean(c: AuditConditions): AuditConditions {
  return Object.fromEntries(
    Object.entries(c).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as AuditConditions;
}

/** A page of one of the two histories, tagged with which (the screen shows each in its own table). */
export type HistoryAnswer =
  { type: 'login'; page: LoginHistoryPage } | { type: 'activity'; page: OperationPage };

/** One page of login or operation history for the conditions (the OpenAPI document does not list them yet). */
export function useHistory(
  type: 'login' | 'activity',
  conditions: AuditConditions,
  page: number,
  perPage: PerPage,
  enabled: boolean,
) {
  const { orgId } = useAuth();
  const query = { ...clean(conditions), page, perPage };
  return useQuery({
    queryKey: ['audit', orgId, type, query],
    queryFn: async ({ signal }): Promise<HistoryAnswer> => {
      const params = { path: { orgId: orgId ?? '' }, query };
      return type === 'login'
        ? {
            type,
            page: described<LoginHistoryPage>(
              await api.GET('/api/v1/organizations/{orgId}/audit/login-history', { params, signal }),
            ),
          }
        : {
            type,
            page: described<OperationPage>(
              await api.GET('/api/v1/organizations/{orgId}/audit/operations', { params, signal }),
            ),
          };
    },
    enabled: enabled && !!orgId,
    placeholderData: keepPreviousData,
  });
}

/** 出力: the CSV under the name the server gives it (operation_history_login_YYYYMMDDHHmmss.csv, …). */
export function useHistoryExport() {
  const { orgId } = useAuth();
  return useMutation({
    mutationFn: async (r: { type: HistoryType; conditions: AuditConditions; encoding: 'utf8' | 'sjis' }) => {
      const query = new URLSearchParams({ type: r.type, encoding: r.encoding });
      if (r.type !== 'users')
        for (const [k, v] of Object.entries(clean(r.conditions))) query.set(k, v as string);
      const response = await rawFetch(
        `${fillPath('/api/v1/organizations/{orgId}/audit/export', { orgId: orgId ?? '' })}?${query.toString()}`,
      );
      return saveDownload(response, `operation_history_${r.type}.csv`);
    },
  });
}

/** The organization's hash chains, or (operator) the system chains. */
export function useVerify() {
  const { orgId } = useAuth();
  return useMutation({
    mutationFn: async (scope: 'organization' | 'system') =>
      scope === 'system'
        ? described<SystemVerifyReport>(await api.GET('/api/v1/system/audit/verify'))
        : described<OrganizationVerifyReport>(
            await api.GET('/api/v1/organizations/{orgId}/audit/verify', {
              params: { path: { orgId: orgId ?? '' } },
            }),
          ),
  });
}
