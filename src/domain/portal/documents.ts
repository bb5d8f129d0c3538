// A tax-exemption certificate uploaded through the portal (docs/portal.md): PDF, PNG or JPEG by its
// first bytes and what the browser declared, at most 5 MB; kept in the database, never run, and
// served to staff only as an attachment.
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { PORTAL_DOCUMENT_MAX_BYTES, type PortalDocument } from '../../../contract/portal.js';
import type { Db } from '../../db/client.js';
import { portalDocuments } from '../../db/schema/index.js';
import { getAccountRow } from '../orders/index.js';
import { assertRole, DomainError, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { cleanFileName, declaredDocumentType, detectDocumentType } from './documents.rules.js';
import { portalActor } from './form.js';
import { PORTAL_LINK_ROLES } from './links.js';
import { resolvePortalToken } from './view.js';

type Row = typeof portalDocuments.$inferSelect;

const present = (r: Pick<Row, 'id' | 'kind' | 'fileName' | 'contentType' | 'size' | 'uploadedAt'>): PortalDocument => ({
  id: r.id,
  kind: r.kind,
  fileName: r.fileName,
  contentType: r.contentType,
  size: r.size,
  uploadedAt: r.uploadedAt.toISOString(),
});

const listed = {
  id: portalDocuments.id,
  kind: portalDocuments.kind,
  fileName: portalDocuments.fileName,
  contentType: portalDocuments.contentType,
  size: portalDocuments.size,
  uploadedAt: portalDocuments.uploadedAt,
};

export function fileTooLarge(): DomainError {
  // request.too_large: an uploaded file is over 5 MB.
  return new DomainError({
    code: 'request.too_large',
    detail: 'The file is larger than 5 MB: send a smaller scan or a PDF.',
    errors: [{ path: 'file', message: 'must be at most 5 MB' }],
  });
}

export interface UploadPortalDocumentInput {
  token: string;
  fileName: string;
  /** What the browser said the file is. */
  declaredType: string | undefined;
  content: Uint8Array;
  ip: string | null;
  requestId: string | null;
}

export async function uploadPortalDocument(
  ctx: Pick<UseCaseContext, 'db' | 'now'>,
  input: UploadPortalDocumentInput,
): Promise<PortalDocument> {
  const { now } = ctx;
  if (input.content.length > PORTAL_DOCUMENT_MAX_BYTES) throw fileTooLarge();
  const type = detectDocumentType(input.content);
  if (!type || declaredDocumentType(input.declaredType) !== type) {
    // request.unsupported_media_type: an upload that is not a PDF, PNG or JPEG (by its content and its declared type).
    throw new DomainError({
      code: 'request.unsupported_media_type',
      detail: 'Only a PDF, PNG or JPEG file can be sent.',
      errors: [{ path: 'file', message: 'must be a PDF, PNG or JPEG file' }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const { accountId, linkId } = await resolvePortalToken(tx, input.token, now);
    const [row] = await tx
      .insert(portalDocuments)
      .values({
        accountId,
        linkId,
        kind: 'tax_exemption',
        fileName: cleanFileName(input.fileName, type),
        contentType: type,
        size: input.content.length,
        sha256: createHash('sha256').update(input.content).digest('hex'),
        content: input.content,
        uploadedAt: now,
      })
      .returning(listed);
    await recordAudit(
      tx,
      portalActor(linkId, input.ip, input.requestId),
      { action: 'portal.upload_document', entity: 'account', entityId: accountId, changes: { documentId: row!.id, size: row!.size } },
      now,
    );
    return present(row!);
  });
}

/** The account's uploads, newest first, without their content. */
export async function listAccountDocuments(db: Db, accountId: string): Promise<PortalDocument[]> {
  const rows = await db
    .select(listed)
    .from(portalDocuments)
    .where(eq(portalDocuments.accountId, accountId))
    .orderBy(desc(portalDocuments.uploadedAt), desc(portalDocuments.id));
  return rows.map(present);
}

export async function listPortalDocuments({ db, actor }: UseCaseContext, accountId: string): Promise<{ items: PortalDocument[] }> {
  assertRole(actor, ...PORTAL_LINK_ROLES);
  await getAccountRow(db, accountId);
  return { items: await listAccountDocuments(db, accountId) };
}

export interface GetPortalDocumentInput {
  accountId: string;
  documentId: string;
}

/** One upload with its bytes, for staff to download. */
export async function getPortalDocumentFile(
  { db, actor }: UseCaseContext,
  { accountId, documentId }: GetPortalDocumentInput,
): Promise<PortalDocument & { content: Buffer }> {
  assertRole(actor, ...PORTAL_LINK_ROLES);
  const [row] = await db
    .select()
    .from(portalDocuments)
    .where(and(eq(portalDocuments.id, documentId), eq(portalDocuments.accountId, accountId)));
  // portal.document_not_found: the account has no uploaded document with this id.
  if (!row) throw notFound('portal.document_not_found', `The account has no uploaded document with id ${documentId}.`);
  return { ...present(row), content: Buffer.from(row.content) };
}
