import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Contact } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { accounts, contacts } from '../../db/schema/index.js';
import { keyset, nextCursor, readPage, type SortKey } from './keyset.js';
import { containsPattern } from './list-accounts.js';
import { presentContact } from './present.js';
import { getAccountRow } from './queries.js';

export interface ListContactsInput {
  q?: string | undefined;
  accountId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const byName: SortKey = { expr: sql`lower(${contacts.name})`, kind: 'text', nullable: false };
// false sorts before true: primary contacts first.
const primaryFirst: SortKey = { expr: sql`(not ${contacts.isPrimary})`, kind: 'boolean', nullable: false };

/** Contacts across accounts by name; within one account the primary contact comes first. */
export async function listContacts(db: Db, input: ListContactsInput): Promise<{ items: Contact[]; nextCursor: string | null }> {
  const ks = input.accountId
    ? keyset({ name: 'contacts.account', keys: [primaryFirst, byName], id: contacts.id, direction: 'asc', cursor: input.cursor })
    : keyset({ name: 'contacts.name', keys: [byName], id: contacts.id, direction: 'asc', cursor: input.cursor });
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(contacts.accountId, input.accountId));
  if (input.q) {
    const like = containsPattern(input.q);
    where.push(
      or(
        ilike(contacts.name, like),
        ilike(contacts.email, like),
        ilike(contacts.phone, like),
        ilike(contacts.title, like),
        ilike(contacts.externalRef, like),
        ilike(accounts.name, like),
      ),
    );
  }
  const rows = await readPage(ks, input.limit, (segment, take) =>
    db
      .select({ contact: contacts, accountName: accounts.name, ...ks.select })
      .from(contacts)
      .innerJoin(accounts, eq(accounts.id, contacts.accountId))
      .where(and(segment.where, ...where))
      .orderBy(...segment.orderBy)
      .limit(take),
  );
  return {
    items: rows.slice(0, input.limit).map((r) => presentContact(r.contact, r.accountName)),
    nextCursor: nextCursor(
      rows.map((r) => ({ ...r, id: r.contact.id })),
      input.limit,
      ks,
    ),
  };
}

/** The contacts of one account, or accounts.not_found. */
export async function listAccountContacts(db: Db, accountId: string, input: Omit<ListContactsInput, 'accountId'>) {
  await getAccountRow(db, accountId);
  return listContacts(db, { ...input, accountId });
}
