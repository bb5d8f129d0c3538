// The variables a message is rendered with: its contact, account, order and lines, the account's
// CSR, GM and rep, the tracking link and the organisation — read inside the caller's transaction.
import { and, asc, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, accountTeam, contacts, orderLines, users, type orders } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { dateIn } from '../shared/index.js';
import { trackingUrl } from './tracking.rules.js';
import type { MessageVariables, PersonVars } from './templates.rules.js';

type OrderRow = typeof orders.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

/** "in_production" → "In production" (the order's area owns the labels; this area may not import it). */
const statusWords = (s: string) => {
  const w = s.replace(/_/g, ' ');
  return w.charAt(0).toUpperCase() + w.slice(1);
};

async function person(db: Db, id: string | null | undefined): Promise<PersonVars | null> {
  if (!id) return null;
  const [u] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, id));
  return u ? { name: u.name, email: u.email || null } : null;
}

/** The account team member holding `role` (the first by name), else null. */
async function teamMember(db: Db, accountId: string, role: 'csr' | 'gm' | 'sales'): Promise<PersonVars | null> {
  const [u] = await db
    .select({ name: users.name, email: users.email })
    .from(accountTeam)
    .innerJoin(users, eq(users.id, accountTeam.userId))
    .where(and(eq(accountTeam.accountId, accountId), eq(accountTeam.role, role), eq(users.active, true)))
    .orderBy(asc(users.name))
    .limit(1);
  return u ? { name: u.name, email: u.email || null } : null;
}

/** The organisation's GM when the account team names none: the first active user with the gm role. */
async function anyGm(db: Db): Promise<PersonVars | null> {
  const [u] = await db
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), sql`'gm' = any(${users.roles})`))
    .orderBy(asc(users.name))
    .limit(1);
  return u ? { name: u.name, email: u.email || null } : null;
}

/** The contact who gets an account's mail: the primary contact with an address, else the first with one. */
export async function mailContactOf(db: Db, accountId: string): Promise<ContactRow | null> {
  const [c] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), isNotNull(contacts.email), ne(contacts.email, '')))
    .orderBy(desc(contacts.isPrimary), asc(contacts.createdAt), asc(contacts.id))
    .limit(1);
  return c ?? null;
}

export interface MessageSubject {
  accountId: string;
  order: OrderRow | null;
  /** Who it goes to: a contact, or a colleague for a calendar invitation (name and address). */
  contact: Pick<ContactRow, 'name' | 'email' | 'title'>;
  /** A thank-you note's words (the thank_you_note template). */
  note?: { text: string } | null;
  /** Who signs instead of the account's CSR (a note's writer): the signature and the Reply-To. */
  signerId?: string | null;
  /** A correction's two sides (the correction template). */
  correction?: { said: string; text: string } | null;
  /** A playbook step's news (the progress_update template). */
  news?: { headline: string; text: string } | null;
  /** A calendar invitation's what, when and how long (the invitation template). */
  invitation?: MessageVariables['invitation'];
  /** An escalated step (the escalation_notice template). */
  escalation?: MessageVariables['escalation'];
  /** A colleague's morning digest (the staff_digest template). */
  digest?: MessageVariables['digest'];
  /** A survey invitation or reminder (the survey_invitation and survey_reminder templates). */
  survey?: MessageVariables['survey'];
  /** A testimonial request (the testimonial_request template). */
  testimonial?: MessageVariables['testimonial'];
}

export interface LoadedVariables {
  vars: MessageVariables;
  /** The CSR's address (the order's CSR, else the account team's): the message's Reply-To. */
  replyTo: string | null;
}

export async function loadMessageVariables(
  db: Db,
  { accountId, order, contact, note, signerId, correction, news, invitation, escalation, digest, survey, testimonial }: MessageSubject,
): Promise<LoadedVariables> {
  const settings = await getSettings(db);
  const [account] = await db.select({ name: accounts.name, timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, accountId));
  const zone = account?.timezone ?? settings.timezone;
  const csr = (await person(db, signerId ?? order?.csrId)) ?? (await teamMember(db, accountId, 'csr'));
  const rep = (await person(db, order?.repId)) ?? (await teamMember(db, accountId, 'sales'));
  const gm = (await teamMember(db, accountId, 'gm')) ?? (await anyGm(db));
  const lines = order
    ? await db
        .select({ sku: orderLines.sku, description: orderLines.description, quantity: orderLines.quantity })
        .from(orderLines)
        .where(eq(orderLines.orderId, order.id))
        .orderBy(asc(orderLines.position))
    : [];
  const vars: MessageVariables = {
    contact: { name: contact.name, email: contact.email, title: contact.title },
    account: { name: account?.name ?? '' },
    order: order
      ? {
          number: order.number,
          status: statusWords(order.status),
          promised_date: order.promisedDate,
          expected_ship_date: order.expectedShipDate,
          shipped_on: order.shippedAt ? dateIn(order.shippedAt, zone) : null,
          carrier: order.carrier,
          tracking_number: order.trackingNumber,
          lines: lines.map((l) => ({ sku: l.sku, description: l.description, quantity: String(l.quantity) })),
        }
      : null,
    csr,
    gm,
    rep,
    tracking_link: order ? trackingUrl(order.carrier, order.trackingNumber) : null,
    portal_link: null,
    organisation: { name: settings.orgName },
    note: note ?? null,
    correction: correction ?? null,
    news: news ?? null,
    invitation: invitation ?? null,
    escalation: escalation ?? null,
    digest: digest ?? null,
    survey: survey ?? null,
    testimonial: testimonial ?? null,
  };
  return { vars, replyTo: csr?.email ?? null };
}
