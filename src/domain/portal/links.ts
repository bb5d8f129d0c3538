// Customer portal links (docs/portal.md): staff make one per account; its token is shown once,
// inside the URL of the create's answer, and only the token's SHA-256 is stored. A link opens the
// portal until it expires (settings.portal_link_days) or is revoked.
import { and, desc, eq } from 'drizzle-orm';
import type { CreatedPortalLink, PortalLink } from '../../../contract/portal.js';
import { portalLinks, users } from '../../db/schema/index.js';
import { getAccountRow } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { mintPortalLink } from '../messages/index.js';
import { assertRole, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';

/** Who may make, see and revoke portal links: the people who talk to the customer, and their managers. */
export const PORTAL_LINK_ROLES = ['admin', 'gm', 'sales', 'csr'] as const;

export interface CreatePortalLinkInput {
  accountId: string;
  /** The address customers reach Rapport at (PUBLIC_URL). */
  baseUrl: string;
}

export async function createPortalLink(ctx: UseCaseContext, { accountId, baseUrl }: CreatePortalLinkInput): Promise<CreatedPortalLink> {
  const { actor, now } = ctx;
  assertRole(actor, ...PORTAL_LINK_ROLES);
  return ctx.db.transaction(async (tx) => {
    await getAccountRow(tx, accountId);
    const { portalLinkDays } = await getSettings(tx);
    const link = await mintPortalLink(tx, { accountId, baseUrl, days: portalLinkDays, createdBy: actor.userId, now });
    await recordAudit(
      tx,
      actor,
      {
        action: 'portal_links.create',
        entity: 'portal_link',
        entityId: link.id,
        changes: { accountId, expiresAt: link.expiresAt.toISOString() },
      },
      now,
    );
    return { id: link.id, url: link.url, expiresAt: link.expiresAt.toISOString() };
  });
}

export async function listPortalLinks({ db, actor }: UseCaseContext, accountId: string): Promise<{ items: PortalLink[] }> {
  assertRole(actor, ...PORTAL_LINK_ROLES);
  await getAccountRow(db, accountId);
  const rows = await db
    .select({ link: portalLinks, creatorName: users.name })
    .from(portalLinks)
    .leftJoin(users, eq(users.id, portalLinks.createdBy))
    .where(eq(portalLinks.accountId, accountId))
    .orderBy(desc(portalLinks.createdAt), desc(portalLinks.id));
  return {
    items: rows.map(({ link, creatorName }) => ({
      id: link.id,
      accountId: link.accountId,
      createdAt: link.createdAt.toISOString(),
      createdBy: link.createdBy ? { id: link.createdBy, name: creatorName ?? '' } : null,
      expiresAt: link.expiresAt.toISOString(),
      revokedAt: link.revokedAt?.toISOString() ?? null,
      lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

export interface RevokePortalLinkInput {
  accountId: string;
  linkId: string;
}

/** Revokes a link of the account (a link already revoked stays as it was). */
export async function revokePortalLink(ctx: UseCaseContext, { accountId, linkId }: RevokePortalLinkInput): Promise<void> {
  const { actor, now } = ctx;
  assertRole(actor, ...PORTAL_LINK_ROLES);
  await ctx.db.transaction(async (tx) => {
    const [link] = await tx
      .select()
      .from(portalLinks)
      .where(and(eq(portalLinks.id, linkId), eq(portalLinks.accountId, accountId)))
      .for('update');
    // portal.link_not_found: the account has no portal link with this id.
    if (!link) throw notFound('portal.link_not_found', `The account has no portal link with id ${linkId}.`);
    if (link.revokedAt) return;
    await tx.update(portalLinks).set({ revokedAt: now }).where(eq(portalLinks.id, linkId));
    await recordAudit(tx, actor, { action: 'portal_links.revoke', entity: 'portal_link', entityId: linkId, changes: { accountId } }, now);
  });
}
