// The demo's customer portal (docs/portal.md): the CSR of the newest paid audition's account made
// its portal link (printed by `rapport demo`, so a newcomer sees what the customer sees), and the
// customer of the next newest first order filled in the new-customer form and sent it — its review
// waits in the CSR's My day; and the contact of the oldest progress update chose "at most one a week"
// on the preferences page it links to (docs/preferences.md). Links carry random tokens: the one
// thing of the demo not the same twice.
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { accountTeam, accounts, contacts, messages, orders, users } from '../../db/schema/index.js';
import { createPortalLink, savePortalForm, setMailPreferences, submitPortalForm } from '../portal/index.js';
import type { Actor, ReadContext } from '../shared/index.js';

export interface DemoPortal {
  /** The account whose portal link the demo prints. */
  account: string;
  url: string;
  /** The account whose new-customer details wait for the CSR's review. */
  formFrom: string | null;
  /** The contact who chose at most one progress update a week from the link in one. */
  preferencesFrom: string | null;
}

/** The customer's portal of a recent first order, and a sent new-customer form; null when the demo has no open first order. */
export async function runDemoPortal(ctx: ReadContext, { baseUrl }: { baseUrl: string }): Promise<DemoPortal | null> {
  const { db, now } = ctx;
  // The newest open first orders, auditions first (the account a newcomer most wants to see through the customer's eyes).
  const recent = await db
    .select({ accountId: accounts.id, name: accounts.name })
    .from(orders)
    .innerJoin(accounts, eq(accounts.firstOrderId, orders.id))
    .where(inArray(orders.status, ['received', 'data_review', 'in_production', 'inspection', 'ready_to_ship']))
    .orderBy(sql`${accounts.potentialAnnualSpend} desc nulls last`, desc(orders.placedAt), orders.number)
    .limit(2);
  if (recent.length === 0) return null;
  const csrOf = async (accountId: string): Promise<Actor> => {
    const [member] = await db
      .select({ id: users.id, name: users.name, roles: users.roles })
      .from(accountTeam)
      .innerJoin(users, eq(users.id, accountTeam.userId))
      .where(and(eq(accountTeam.accountId, accountId), eq(accountTeam.role, 'csr')))
      .limit(1);
    const [anyCsr] = member
      ? [member]
      : await db
          .select({ id: users.id, name: users.name, roles: users.roles })
          .from(users)
          .where(and(sql`'csr' = any(${users.roles})`, isNull(users.passwordHash)))
          .orderBy(users.externalRef)
          .limit(1);
    if (!anyCsr) throw new Error('the demo has no CSR');
    return { kind: 'user', userId: anyCsr.id, name: anyCsr.name, roles: anyCsr.roles, ip: null, requestId: null };
  };
  const shown = recent[0]!;
  const link = await createPortalLink({ db, actor: await csrOf(shown.accountId), now }, { accountId: shown.accountId, baseUrl });
  const other = recent[1];
  if (other) {
    const { url } = await createPortalLink({ db, actor: await csrOf(other.accountId), now }, { accountId: other.accountId, baseUrl });
    const token = url.slice(url.lastIndexOf('/c/') + 3);
    await savePortalForm(
      { db, now },
      {
        token,
        patch: {
          shipTo: {
            name: `${other.name}, receiving dock 2`,
            street: '1400 Industrial Parkway',
            city: 'Rockford',
            region: 'IL',
            postalCode: '61109',
            country: 'USA',
          },
          billToSameAsShipTo: true,
          accountsPayable: { name: 'Dana Payables', email: 'ap@customer.example', phone: '+1 815 555 0142' },
          poRequirements: 'Our PO number on every invoice and packing list; one invoice per PO.',
          shipmentDocuments: 'Certificate of conformance and the inspection report with every shipment.',
        },
      },
    );
    await submitPortalForm({ db, now }, { token, ip: null, requestId: null });
  }
  // The oldest progress update's contact asks for fewer, through the link it carries.
  const [update] = await db
    .select({ link: messages.listUnsubscribe, contact: contacts.name })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(eq(messages.class, 'progress'), isNotNull(messages.listUnsubscribe)))
    .orderBy(messages.createdAt, messages.id)
    .limit(1);
  if (update?.link) {
    const token = update.link.slice(update.link.lastIndexOf('/u/') + 3);
    await setMailPreferences({ db, now }, { token, choice: 'one', via: 'page', ip: null, requestId: null });
  }
  return { account: shown.name, url: link.url, formFrom: other?.name ?? null, preferencesFrom: update?.contact ?? null };
}
