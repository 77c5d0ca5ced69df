import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, rawFetch, unwrap } from '../../api/client';
import { useOrgId } from '../../app/auth';
import type { OkBody } from '../../lib/api-types';
import { saveDownload } from '../../lib/downloads';
import { fillPath } from '../organization/path-params';

/**
 * 本人確認書類 (番号確認書類・身元確認書類) of one record, over …/personal-numbers/:id/documents. The bytes are never
 * cached: a view is a mutation (each one is written to the 取扱記録) that hands the file to the browser once.
 */
export type IdDocument = OkBody<'idDocuments.list'>['items'][number];
export type DocumentKind = IdDocument['kind'];

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['number_confirmation', 'identity_confirmation'];
export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
/** 10 MiB, the API's limit (10,485,760 bytes). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const documentsKey = (orgId: string, recordId: string) => ['vault', orgId, 'documents', recordId] as const;

export function useDocuments(recordId: string) {
  const orgId = useOrgId();
  return useQuery({
    queryKey: documentsKey(orgId, recordId),
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/personal-numbers/{id}/documents', {
          params: { path: { orgId, id: recordId } },
        }),
      ).items,
  });
}

function useInvalidate(recordId: string) {
  const orgId = useOrgId();
  const queryClient = useQueryClient();
  // The handling log gains a row for every upload, view and deletion.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: documentsKey(orgId, recordId) }),
      queryClient.invalidateQueries({ queryKey: ['vault', orgId, 'log'] }),
    ]);
}

/** 証憑画像登録: multipart `file` and `kind`; the API judges the type by the content. */
export function useUploadDocument(recordId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidate(recordId);
  return useMutation({
    mutationFn: async ({ file, kind }: { file: File; kind: DocumentKind }) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file);
      const response = await rawFetch(
        fillPath('/api/v1/organizations/{orgId}/personal-numbers/{id}/documents', { orgId, id: recordId }),
        { method: 'POST', body: form },
      );
      return (await response.json()) as IdDocument;
    },
    onSuccess: invalidate,
  });
}

/** 証憑画像照会: the file, handed to the browser under the server's name. */
export function useViewDocument(recordId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidate(recordId);
  return useMutation({
    gcTime: 0,
    mutationFn: async (documentId: string) => {
      const response = await rawFetch(
        fillPath('/api/v1/organizations/{orgId}/personal-numbers/{id}/documents/{documentId}', {
          orgId,
          id: recordId,
          documentId,
        }),
      );
      return saveDownload(response, 'document');
    },
    onSuccess: invalidate,
  });
}

export function useRemoveDocument(recordId: string) {
  const orgId = useOrgId();
  const invalidate = useInvalidate(recordId);
  return useMutation({
    mutationFn: async (documentId: string) => {
      const result = await api.DELETE(
        '/api/v1/organizations/{orgId}/personal-numbers/{id}/documents/{documentId}',
        {
          params: { path: { orgId, id: recordId, documentId } },
        },
      );
      if (result.error !== undefined) throw result.error;
    },
    onSuccess: invalidate,
  });
}
