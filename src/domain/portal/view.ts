// What a customer sees through a portal link (docs/portal.md): their account's open and recent
// orders with words for their progress, dates and tracking links, the late notice we sent, and the
// people who look after them. Every bad token — unknown, expired, revoked, malformed — is the same
// portal.not_found, so an answer says nothing about which tokens exist.
import { and, arrayContains, asc, desc, eq, gte, inArray, notInArray, or } from 'drizzle-orm';
import type { OrderStatus } from '../../../contract/orders.js';
import type { PortalForm } from '../../../contract/portal.js';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam, messages, orders, portalDocuments, portalForms, portalLinks, users } from '../../db/schema/index.js';
import { hashPortalToken, PORTAL_TOKEN_PATTERN, trackingUrl } from '../messages/index.js';
import { statusLabel } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { notFound, type ReadContext } from '../shared/index.js';

/** How far back a finished order still shows (shipped, delivered or closed). */
export const RECENT_DAYS = 90;
/** At most this many orders on the page. */
export const MAX_ORDERS = 25;

const FINISHED: OrderStatus[] = ['shipped', 'delivered', 'closed', 'cancelled'];

export interface PortalAccess {
  linkId: string;
  accountId: string;
}

export const PORTAL_NOT_FOUND_DETAIL = 'This link does not open a page. Ask your contact at the company for a new one.';

const unknownLink = () =>
  // portal.not_found: unknown, expired, revoked or malformed — one answer for every bad link.
  notFound('portal.not_found', PORTAL_NOT_FOUND_DETAIL);

/**
 * The account a token opens now, or portal.not_found. `touch` records the use (last_used_at) —
 * the page view does; saves as they type do not write it again.
 */
export async function resolvePortalToken(db: Db, token: string, now: Date, { touch = false } = {}): Promise<PortalAccess> {
  if (!PORTAL_TOKEN_PATTERN.test(token)) throw unknownLink();
  const [link] = await db
    .select({ id: portalLinks.id, accountId: portalLinks.accountId, expiresAt: portalLinks.expiresAt, revokedAt: portalLinks.revokedAt })
    .from(portalLinks)
    .where(eq(portalLinks.tokenHash, hashPortalToken(token)));
  if (!link || link.revokedAt !== null || link.expiresAt <= now) throw unknownLink();
  if (touch) await db.update(portalLinks).set({ lastUsedAt: now }).where(eq(portalLinks.id, link.id));
  return { linkId: link.id, accountId: link.accountId };
}

export interface PortalOrder {
  number: string;
  status: string;
  isOpen: boolean;
  placedAt: string;
  promisedDate: string | null;
  expectedShipDate: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** The late notice we sent about it, if one went. */
  lateNotice: { sentAt: string; subject: string; text: string } | null;
}

export interface PortalPerson {
  name: string;
  email: string | null;
  role: 'Customer service' | 'General manager';
}

export interface PortalView {
  orgName: string;
  accountName: string;
  timezone: string;
  orders: PortalOrder[];
  people: PortalPerson[];
  form: PortalForm;
  /** The files they uploaded (names and times), newest first. */
  documents: { fileName: string; uploadedAt: string }[];
}

export async function readPortalForm(db: Db, accountId: string): Promise<PortalForm> {
  const [row] = await db.select().from(portalForms).where(eq(portalForms.accountId, accountId));
  return {
    values: row?.values ?? {},
    updatedAt: row?.updatedAt.toISOString() ?? null,
    submittedAt: row?.submittedAt?.toISOString() ?? null,
  };
}

/** The portal page's content for a token (and the use recorded). */
export async function getPortalView({ db, now }: ReadContext, token: string): Promise<PortalView> {
  const { accountId } = await resolvePortalToken(db, token, now, { touch: true });
  const settings = await getSettings(db);
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw unknownLink();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.accountId, accountId),
        or(
          notInArray(orders.status, FINISHED),
          and(inArray(orders.status, ['shipped', 'delivered', 'closed']), gte(orders.placedAt, since)),
        ),
      ),
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(MAX_ORDERS);
  const notices =
    rows.length === 0
      ? []
      : await db
          .select({ orderId: messages.orderId, sentAt: messages.sentAt, subject: messages.subject, text: messages.text })
          .from(messages)
          .where(
            and(
              eq(messages.accountId, accountId),
              eq(messages.template, 'late_notice'),
              eq(messages.status, 'sent'),
              inArray(
                messages.orderId,
                rows.map((o) => o.id),
              ),
            ),
          )
          .orderBy(asc(messages.sentAt));
  const noticeOf = new Map(notices.map((n) => [n.orderId, n]));
  const csrs = await db
    .select({ name: users.name, email: users.email })
    .from(accountTeam)
    .innerJoin(users, eq(users.id, accountTeam.userId))
    .where(and(eq(accountTeam.accountId, accountId), eq(accountTeam.role, 'csr'), eq(users.active, true)))
    .orderBy(asc(users.name));
  const gms = await db
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(arrayContains(users.roles, ['gm']), eq(users.active, true)))
    .orderBy(asc(users.name));
  return {
    orgName: settings.orgName,
    accountName: account.name,
    timezone: account.timezone ?? settings.timezone,
    orders: rows.map((o) => {
      const notice = noticeOf.get(o.id);
      return {
        number: o.number,
        status: statusLabel(o.status),
        isOpen: !FINISHED.includes(o.status),
        placedAt: o.placedAt.toISOString(),
        promisedDate: o.promisedDate,
        expectedShipDate: o.expectedShipDate,
        shippedAt: o.shippedAt?.toISOString() ?? null,
        deliveredAt: o.deliveredAt?.toISOString() ?? null,
        carrier: o.carrier,
        trackingNumber: o.trackingNumber,
        trackingUrl: trackingUrl(o.carrier, o.trackingNumber),
        lateNotice: notice?.sentAt ? { sentAt: notice.sentAt.toISOString(), subject: notice.subject, text: notice.text } : null,
      };
    }),
    people: [
      ...csrs.map((p) => ({ ...p, role: 'Customer service' as const })),
      ...gms.map((p) => ({ ...p, role: 'General manager' as const })),
    ],
    form: await readPortalForm(db, accountId),
    documents: (
      await db
        .select({ fileName: portalDocuments.fileName, uploadedAt: portalDocuments.uploadedAt })
        .from(portalDocuments)
        .where(eq(portalDocuments.accountId, accountId))
        .orderBy(desc(portalDocuments.uploadedAt))
    ).map((d) => ({ fileName: d.fileName, uploadedAt: d.uploadedAt.toISOString() })),
  };
}
