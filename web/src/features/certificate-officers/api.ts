import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { components } from '../../api/schema';
import type { Confirmation } from '../../components/confirm-step';
import type { ListState } from '../../components/data-table/useListState';
import { type OkBody, described } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';

/**
 * 登録担当者 and 証明書申請 (src/certificates/officers, src/certificates/applications) over the generated client.
 * Secrets that pass through here — the access PIN of a new enrolment, the PKCS#12 password — live only in the
 * answer of a mutation (never a query, never storage or a URL): the mutations keep no result once the screen
 * that asked for it is gone (gcTime 0).
 */
export type Application = OkBody<'certificateApplications.get'>;
export type ApplicationStatus = Application['status'];
export type Approval = OkBody<'certificateApplications.approve'>;
export type BulkResult = OkBody<'certificateApplications.submitBulk'>;
export type NewApplication = components['schemas']['SubmitApplicationDto'];
export type RenewalApplication = components['schemas']['SubmitRenewalApplicationDto'];
export type GeneratedKeyAlgorithm = NonNullable<NewApplication['keyAlgorithm']>;

export const APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'pending',
  'approved',
  'issued',
  'rejected',
];
export const KEY_ALGORITHMS: readonly GeneratedKeyAlgorithm[] = ['RSA-2048', 'EC-P256'];

/** A registration officer; `removed` ones (登録担当者の削除) stay listed with `removedAt`. */
export type Officer = OkBody<'registrationOfficers.list'>['items'][number];
/** What registering (or a new link) answers: the access PIN is in this answer and nowhere else, ever. */
export type EnrolmentIssued = OkBody<'registrationOfficers.register'>;
/** The officer's new certificate (and the chain to install with it) as POST /enrolment/:token answers it. */
export type EnrolledCertificate = OkBody<'enrolment.enrol'>;

export interface OrganizationOption {
  id: string;
  code: string;
  name: string;
}

export interface MemberOption {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  email: string | null;
}

const officersKey = ['certificate-officers'] as const;
const applicationsKey = (orgId: string) => ['certificate-applications', orgId] as const;

// ---------------------------------------------------------------- 登録担当者 (system operator)

/** The organizations the operator can pick from (the first 100, newest first). */
export function useOrganizationOptions() {
  return useQuery({
    queryKey: [...officersKey, 'organizations'],
    queryFn: async () =>
      described<{ items: OrganizationOption[] }>(
        await api.GET('/api/v1/organizations', { params: { query: { page: 1, perPage: 100 } } }),
      ).items,
  });
}

/** Members of an organization to pick from: the first 100 by login ID, narrowed by a keyword. */
export function useMemberOptions(orgId: string | undefined, q = '') {
  return useQuery({
    queryKey: ['member-options', orgId, q],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      described<{ items: MemberOption[] }>(
        await api.GET('/api/v1/organizations/{orgId}/users', {
          params: {
            path: { orgId: orgId ?? '' },
            query: { q: q || undefined, page: 1, perPage: 100, sort: 'loginId' },
          },
        }),
      ).items,
  });
}

export function useOfficers(organizationId: string | undefined) {
  return useQuery({
    queryKey: [...officersKey, 'list', organizationId ?? ''],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/registration-officers', {
          params: { query: { organizationId: organizationId || undefined } },
        }),
      ).items,
  });
}

/** 登録担当者登録: the answer carries the access PIN once. */
export function useRegisterOfficer() {
  const queryClient = useQueryClient();
  return useMutation({
    gcTime: 0,
    mutationFn: async (body: components['schemas']['RegisterOfficerDto']) =>
      unwrap(await api.POST('/api/v1/registration-officers', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: officersKey }),
  });
}

/** 証明書取得URLの再発行: a new link and PIN; open links are superseded. */
export function useReissueEnrolment() {
  return useMutation({
    gcTime: 0,
    mutationFn: async (officerId: string) =>
      unwrap(
        await api.POST('/api/v1/registration-officers/{officerId}/enrolments', {
          params: { path: { officerId } },
        }),
      ),
  });
}

/**
 * 登録担当者の削除 (confirm): the officer's open links are voided and their certificates revoked; the officer stays
 * listed as removed.
 */
export function useRemoveOfficer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { officerId: string; confirmation: Confirmation | undefined }) => {
      const result = await api.DELETE('/api/v1/registration-officers/{officerId}', {
        params: { path: { officerId: v.officerId } },
        body: { ...v.confirmation },
      });
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: officersKey }),
  });
}

/** 登録担当者用証明書取得 (public: the link token and the access PIN authenticate). */
export function useEnrol(token: string) {
  return useMutation({
    gcTime: 0,
    mutationFn: async (body: { accessPin: string; csr: string }) =>
      unwrap(await api.POST('/api/v1/enrolment/{token}', { params: { path: { token } }, body })),
  });
}

/** Hands a PEM the page already holds to the browser as a file (through the console's one download path). */
export function savePem(pem: string, fileName: string): Promise<string> {
  return saveDownload(
    new Response(pem, {
      headers: {
        'Content-Type': 'application/x-pem-file',
        'Content-Disposition': `attachment; filename="${fileName}"`,
      },
    }),
    fileName,
  );
}

// ---------------------------------------------------------------- 証明書申請

/** 証明書申請一覧: the officer's queue (all of the organization's) or the applicant's own. */
export function useApplications(state: ListState<'status'>) {
  const orgId = useOrgId();
  const query = {
    page: state.page,
    perPage: state.perPage,
    status: state.filters.status[0] as ApplicationStatus | undefined,
  };
  return useQuery({
    queryKey: [...applicationsKey(orgId), 'list', query],
    enabled: !!orgId,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificate-applications', {
          params: { path: { orgId }, query },
        }),
      ),
  });
}

export function useApplication(applicationId: string | undefined) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: [...applicationsKey(orgId), 'one', applicationId],
    enabled: !!orgId && !!applicationId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificate-applications/{applicationId}', {
          params: { path: { orgId, applicationId: applicationId ?? '' } },
        }),
      ),
  });
}

function useInvalidateApplications() {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: applicationsKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['certificates', orgId] }),
    ]);
}

export function useSubmitApplication() {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: async (body: NewApplication) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificate-applications', {
          params: { path: { orgId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useSubmitRenewal() {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: async (body: RenewalApplication) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificate-applications/renewals', {
          params: { path: { orgId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useSubmitBulk() {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: async (tsv: string) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificate-applications/bulk', {
          params: { path: { orgId } },
          body: { tsv },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** 承認: issues the certificate (or lets the applicant collect a generated key's). */
export function useApprove(applicationId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificate-applications/{applicationId}/approve', {
          params: { path: { orgId, applicationId } },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** 却下 with the reason the applicant is mailed. */
export function useReject(applicationId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(
        await api.POST('/api/v1/organizations/{orgId}/certificate-applications/{applicationId}/reject', {
          params: { path: { orgId, applicationId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

/**
 * 証明書受け取り: the PKCS#12 of a generated key, protected by the password the user typed, handed to the browser
 * once. The password goes in the request body only; the file is never kept by the console.
 */
export function useCollectPkcs12(applicationId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidateApplications();
  return useMutation({
    gcTime: 0,
    mutationFn: async (password: string) => {
      const response = await rawFetch(
        `/api/v1/organizations/${encodeURIComponent(orgId)}/certificate-applications/${encodeURIComponent(applicationId)}/pkcs12`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ password }),
        },
      );
      return saveDownload(response, 'certificate.p12');
    },
    onSuccess: invalidate,
  });
}
