import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import type { OkBody } from '../../lib/api-types';

/**
 * 手数料情報 and 手数料照会 (src/fees) over the generated client. Query keys: ['fees', orgId, kind].
 */
export type FeeTable = OkBody<'organizationFees.get'>;
export type FeeTableKind = FeeTable['kind'];
export type FeeRow = NonNullable<FeeTable['rows']>[number];
export type TransferPattern = FeeRow['pattern'];
export type FeeMethod = NonNullable<FeeTable['method']>;
export type FeeQuote = OkBody<'organizationFees.quote'>;
export type QuoteRequest = components['schemas']['FeeQuoteDto'];
export type FeeTableChange = components['schemas']['PutOrganizationFeeTableDto'];

export const FEE_TABLE_KINDS: readonly FeeTableKind[] = [
  'payee-borne-transfer',
  'payee-borne-bulk',
  'payer-borne-bulk',
];
export const TRANSFER_PATTERNS: readonly TransferPattern[] = ['same_branch', 'other_branch', 'other_bank'];
export const FEE_METHODS: readonly FeeMethod[] = ['fixed', 'add_lower_fee', 'add_higher_fee'];

/** Only 先方負担手数料[総合振込] has a calculation method; only the payee-borne tables a minimum payment amount. */
export const hasMethod = (kind: FeeTableKind) => kind === 'payee-borne-bulk';
export const hasMinimum = (kind: FeeTableKind) => kind !== 'payer-borne-bulk';

const feesKey = (orgId: string, kind?: FeeTableKind) => (kind ? ['fees', orgId, kind] : ['fees', orgId]);

export function useFeeTable(kind: FeeTableKind) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: feesKey(orgId, kind),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/fees/{kind}', { params: { path: { orgId, kind } } }),
      ),
  });
}

export function usePutFeeTable(kind: FeeTableKind) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: FeeTableChange) =>
      unwrap(
        await api.PUT('/api/v1/organizations/{orgId}/fees/{kind}', {
          params: { path: { orgId, kind } },
          body,
        }),
      ),
    onSuccess: (table) => queryClient.setQueryData(feesKey(orgId, kind), table),
  });
}

/** 手数料を読み込む: today's standard rows become the table's own rows. */
export function useLoadStandard(kind: FeeTableKind) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/fees/{kind}/load-standard', {
          params: { path: { orgId, kind } },
        }),
      ),
    onSuccess: (table) => queryClient.setQueryData(feesKey(orgId, kind), table),
  });
}

export function useFeeQuote() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async (body: QuoteRequest) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/fees/quote', { params: { path: { orgId } }, body }),
      ),
  });
}

/** One band of the grid: its lower bound and the fee for each pattern (the manual's 金額帯 × 振込パターン). */
export interface Band {
  from: number;
  to: number | null;
  fees: Partial<Record<TransferPattern, number>>;
}

/** The API's rows as the grid shows them: one line per band, one column per pattern. */
export function toBands(rows: readonly FeeRow[] | null): Band[] {
  const bands = new Map<string, Band>();
  for (const row of rows ?? []) {
    const key = `${row.from}-${row.to ?? ''}`;
    const band = bands.get(key) ?? { from: row.from, to: row.to, fees: {} };
    band.fees[row.pattern] = row.fee;
    bands.set(key, band);
  }
  return [...bands.values()].sort((a, b) => a.from - b.from || (a.to ?? Infinity) - (b.to ?? Infinity));
}

/** The grid back to rows: each band runs to the next band's lower bound, the last one open. */
export function toRows(
  lowerBounds: readonly number[],
  fees: readonly Record<TransferPattern, number>[],
): FeeRow[] {
  return lowerBounds.flatMap((from, i) =>
    TRANSFER_PATTERNS.map((pattern) => ({
      from,
      to: i + 1 < lowerBounds.length ? lowerBounds[i + 1] : null,
      pattern,
      fee: fees[i][pattern],
    })),
  );
}
