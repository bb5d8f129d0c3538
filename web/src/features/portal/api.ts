// Customer portal links of an account (docs/portal.md): make one (its URL shown once), list, revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedPortalLinkSchema, PortalDocumentSchema, PortalLinkSchema } from '../../../../contract/portal';
import { apiPath, del, get, post, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const portalLinkKeys = {
  of: (accountId: string) => ['accounts', accountId, 'portal-links'] as const,
  documents: (accountId: string) => ['accounts', accountId, 'portal-documents'] as const,
};

type LinkList = Items<typeof PortalLinkSchema>;

export function usePortalLinks(accountId: string) {
  return useQuery({
    queryKey: portalLinkKeys.of(accountId),
    queryFn: () => get<LinkList>(apiPath`/accounts/${accountId}/portal-links`).then((r) => r.items),
  });
}

export function useCreatePortalLink(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (idempotencyKey: string) =>
      post<Answer<typeof CreatedPortalLinkSchema>>(apiPath`/accounts/${accountId}/portal-links`, {}, { idempotencyKey }),
    onSuccess: () => invalidate(qc, portalLinkKeys.of(accountId)),
  });
}

export function useRevokePortalLink(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) => del(apiPath`/accounts/${accountId}/portal-links/${linkId}`),
    onSuccess: () => invalidate(qc, portalLinkKeys.of(accountId)),
  });
}

type DocumentList = Items<typeof PortalDocumentSchema>;

/** What the customer uploaded through the portal (names; the file downloads from its own URL). */
export function usePortalDocuments(accountId: string) {
  return useQuery({
    queryKey: portalLinkKeys.documents(accountId),
    queryFn: () => get<DocumentList>(apiPath`/accounts/${accountId}/portal-documents`).then((r) => r.items),
  });
}

/** The download address of an upload (served as an attachment). */
export const portalDocumentUrl = (accountId: string, documentId: string) =>
  `/api/v1${apiPath`/accounts/${accountId}/portal-documents/${documentId}`}`;
