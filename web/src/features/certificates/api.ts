import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import type { ListState } from '../../components/data-table/useListState';
import type { OkBody } from '../../lib/api-types';
import type { Confirmation } from '../../components/confirm-step';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';

/**
 * 証明書管理 (src/certificates) over the generated client: the organization's certificates, issuing, renewal,
 * revocation, files, statistics and registered domains. Query keys: ['certificates', orgId, …].
 */
export type Certificate = OkBody<'certificates.get'>;
export type IssuedCertificate = OkBody<'certificates.issue'>;
export type CertificateStats = OkBody<'certificates.stats'>;
export type Domain = OkBody<'domains.list'>['items'][number];
export type CertificateType = Certificate['type'];
export type CertificateStatus = Certificate['status'];
export type RevocationReason = NonNullable<Certificate['revocationReason']>;
export type IssueRequest = components['schemas']['IssueCertificateDto'];

export const CERTIFICATE_TYPES: readonly CertificateType[] = ['server', 'client', 'code_signing', 'smime'];
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['active', 'revoked', 'expired'];
/** RFC 5280 reasons an administrator may give (the API refuses the CA-only ones). */
export const REVOCATION_REASONS: readonly RevocationReason[] = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
];

const certificatesKey = (orgId: string) => ['certificates', orgId] as const;

function useInvalidateCertificates() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: certificatesKey(orgId) });
}

export type CertificateFilters = 'type' | 'status';

function filterQuery(state: ListState<CertificateFilters>) {
  return {
    q: state.q || undefined,
    type: state.filters.type[0] as CertificateType | undefined,
    status: state.filters.status[0] as CertificateStatus | undefined,
  };
}

/** 証明書一覧: one page with the list's filters. */
export function useCertificates(state: ListState<CertificateFilters>) {
  const orgId = useOrgId();
  const query = { ...filterQuery(state), page: state.page, perPage: state.perPage };
  return useQuery({
    queryKey: [...certificatesKey(orgId), 'list', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificates', { params: { path: { orgId }, query } }),
      ),
  });
}

export function useCertificate(certificateId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...certificatesKey(orgId), 'one', certificateId],
    enabled: !!orgId && !!certificateId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificates/{certificateId}', {
          params: { path: { orgId, certificateId: certificateId ?? '' } },
        }),
      ),
  });
}

/** 証明書発行: from a CSR the applicant made (pasted or read from a file). */
export function useIssueCertificate() {
  const orgId = useOrgId();
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: async (body: IssueRequest) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificates', { params: { path: { orgId } }, body }),
      ),
    onSuccess: invalidate,
  });
}

/** 証明書更新: a new certificate for the same names; without a CSR the same key is certified again. */
export function useRenewCertificate(certificateId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: async (body: { csr?: string; validityDays?: number }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificates/{certificateId}/renew', {
          params: { path: { orgId, certificateId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** 証明書失効: with an RFC 5280 reason; the CRL is signed again in the same transaction. */
export function useRevokeCertificate(certificateId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: async (reason: RevocationReason) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificates/{certificateId}/revoke', {
          params: { path: { orgId, certificateId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/**
 * A member's client certificates (the screen クライアント証明書, 電子証明書失効 in the operation history). The API
 * answers each with the same view as 証明書詳細. Under ['certificates', orgId], so every certificate change refreshes
 * them.
 */
export function useClientCertificatesOf(userId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...certificatesKey(orgId), 'holder', userId],
    enabled: !!orgId && !!userId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/users/{userId}/client-certificates', {
          params: { path: { orgId, userId } },
        }),
      ).items,
  });
}

/**
 * 電子証明書失効 (confirm): revokes every active client certificate of the member at once, with one RFC 5280 reason;
 * 404 when none is active any more. Answers the revoked certificates.
 */
export function useRevokeClientCertificatesOf(userId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateCertificates();
  return useMutation({
    mutationFn: async ({ reason, confirmation }: { reason: RevocationReason; confirmation?: Confirmation }) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/users/{userId}/client-certificates/revoke', {
          params: { path: { orgId, userId } },
          body: { reason, ...confirmation },
        }),
      ).revoked,
    onSuccess: invalidate,
  });
}

/** The certificate file: PEM or DER, with the chain (PEM only) when asked. */
export function useDownloadCertificate(certificateId: string) {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async ({ format, chain }: { format: 'pem' | 'der'; chain: boolean }) => {
      const query = new URLSearchParams({ format, chain: String(chain) });
      const response = await rawFetch(
        `${fillPath('/api/v1/organizations/{orgId}/certificates/{certificateId}/download', { orgId, certificateId })}?${query.toString()}`,
      );
      return saveDownload(response, `certificate.${format === 'der' ? 'cer' : 'pem'}`);
    },
  });
}

/** 証明書情報一括ダウンロード: every certificate matching the list's filters, TSV (re-importable) or CSV. */
export function useExportCertificates() {
  const orgId = useOrgId();
  return useMutation({
    mutationFn: async ({
      state,
      format,
      encoding,
    }: {
      state: ListState<CertificateFilters>;
      format: 'tsv' | 'csv';
      encoding: 'utf8' | 'sjis';
    }) => {
      const query = new URLSearchParams({ format, encoding });
      for (const [k, v] of Object.entries(filterQuery(state))) if (v) query.set(k, v);
      const response = await rawFetch(
        `${fillPath('/api/v1/organizations/{orgId}/certificates/export', { orgId })}?${query.toString()}`,
      );
      return saveDownload(response, `certificates.${format}`);
    },
  });
}

/** 発行証明書統計照会. */
export function useCertificateStats() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...certificatesKey(orgId), 'stats'],
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificates/stats', { params: { path: { orgId } } }),
      ),
  });
}

const domainsKey = (orgId: string) => ['certificates', orgId, 'domains'] as const;

/** ドメイン管理: the names server certificates may be issued for. */
export function useDomains() {
  const orgId = useOrgId();
  return useQuery({
    queryKey: domainsKey(orgId),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations/{orgId}/domains', { params: { path: { orgId } } })).items,
  });
}

export function useRegisterDomain() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (domain: string) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/domains', {
          params: { path: { orgId } },
          body: { domain },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainsKey(orgId) }),
  });
}

export function useRemoveDomain() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (domainId: string) => {
      const result = await api.DELETE('/api/v1/organizations/{orgId}/domains/{domainId}', {
        params: { path: { orgId, domainId } },
      });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainsKey(orgId) }),
  });
}
