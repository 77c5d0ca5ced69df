import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { saveDownload } from '../members/api';
import { fillPath, pathParams } from '../organization/path-params';

/** 操作履歴検索・出力 (src/audit): the two histories, their CSV export and the hash-chain check. Keys: ['audit', orgId, …]. */
export type HistoryType = 'login' | 'activity' | 'users';

export interface AuditConditions {
  userId?: string;
  familyName?: string;
  givenName?: string;
  from?: string;
  to?: string;
}

export interface OperationRow {
  id: string;
  seq: number;
  operation: string;
  operationLabel: string;
  screen: string;
  httpMethod: string;
  route: string;
  operatorLoginId: string | null;
  department: string | null;
  occurredAt: string;
  durationMs: number;
  ip: string | null;
  outcome: string;
  errorCode: string | null;
  details: string | null;
}

export interface LoginRow {
  id: string;
  seq: number | null;
  userId: string;
  action: string;
  actionLabel: string;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditPage<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

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

/** One page of login or operation history for the conditions (the OpenAPI document does not list them yet). */
export function useHistory(
  type: 'login' | 'activity',
  conditions: AuditConditions,
  page: number,
  perPage: number,
  enabled: boolean,
) {
  const { orgId } = useAuth();
  const query = { ...clean(conditions), page, perPage };
  return useQuery({
    queryKey: ['audit', orgId, type, query],
    queryFn: async ({ signal }) => {
      const params = { ...pathParams({ orgId: orgId ?? '' }), query: query as never };
      return type === 'login'
        ? (unwrap(
            await api.GET('/api/v1/organizations/{orgId}/audit/login-history', { params, signal }),
          ) as unknown as AuditPage<LoginRow>)
        : (unwrap(
            await api.GET('/api/v1/organizations/{orgId}/audit/operations', { params, signal }),
          ) as unknown as AuditPage<OperationRow>);
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
        ? (unwrap(await api.GET('/api/v1/system/audit/verify')) as unknown as VerifyReport)
        : (unwrap(
            await api.GET('/api/v1/organizations/{orgId}/audit/verify', {
              params: pathParams({ orgId: orgId ?? '' }),
            }),
          ) as unknown as VerifyReport),
  });
}
