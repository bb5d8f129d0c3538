// Customer portal links of an account (docs/portal.md): make one (its URL shown once), list, revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreatedPortalLinkSchema, PortalDocumentSchema, PortalLinkSchema } from '../../../../contract/portal';
import { apiPath, del, get, itemsOf, post } from '../../lib/api';
import { invalidate } from '../../lib/query';

export const portalLinkKeys = {
  of: (accountId: string) => ['accounts', accountId, 'portal-links'] as const,
  documents: (accountId: string) => ['accounts', accountId, 'portal-documents'] as const,
};

const LinkListSchema = itemsOf(PortalLinkSchema);

export function usePortalLinks(accountId: string) {
  return useQuery({
    queryKey: portalLinkKeys.of(accountId),
    queryFn: () => get(apiPath`/accounts/${accountId}/portal-links`, LinkListSchema).then((r) => r.items),
  });
}

export function useCreatePortalLink(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (idempotencyKey: string) =>
      post(apiPath`/accounts/${accountId}/portal-links`, CreatedPortalLinkSchema, {}, { idempotencyKey }),
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

const DocumentListSchema = itemsOf(PortalDocumentSchema);

/** What the customer uploaded through the portal (names; the file downloads from its own URL). */
export function usePortalDocuments(accountId: string) {
  return useQuery({
    queryKey: portalLinkKeys.documents(accountId),
    queryFn: () => get(apiPath`/accounts/${accountId}/portal-documents`, DocumentListSchema).then((r) => r.items),
  });
}

/** The download address of an upload (served as an attachment). */
export const portalDocumentUrl = (accountId: string, documentId: string) =>
  `/api/v1${apiPath`/accounts/${accountId}/portal-documents/${documentId}`}`;
