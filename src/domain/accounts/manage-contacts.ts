import { and, eq, ne } from 'drizzle-orm';
import { ContactEntity, type Contact, type CreateContact, type UpdateContact } from '../../../contract/accounts.js';
import type { Db } from '../../db/client.js';
import { accounts, contacts } from '../../db/schema/index.js';
import { columnPatch, columnValues, conflict, diff, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { presentContact, type ContactRow } from './present.js';
import { getAccountRow, isUniqueViolation } from './queries.js';

function contactNotFound(id: string) {
  // contacts.not_found: no contact has this id.
  return notFound('contacts.not_found', `No contact with id ${id}.`);
}

function contactExternalRefTaken(externalRef: string) {
  // contacts.external_ref_taken: another contact of the same account already has this external reference.
  return conflict('contacts.external_ref_taken', `Another contact of this account already has the external reference ${externalRef}.`, [
    { path: 'externalRef', message: 'is already taken' },
  ]);
}

const UNIQUE_REF = 'contacts_external_ref_key';

export async function getContact(db: Db, id: string): Promise<Contact> {
  const [hit] = await db
    .select({ contact: contacts, accountName: accounts.name })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(contacts.id, id));
  if (!hit) throw contactNotFound(id);
  return presentContact(hit.contact, hit.accountName);
}

/** Only one primary contact per account: clears the others (the caller holds the account lock). */
async function clearOtherPrimaries(tx: Db, accountId: string, exceptId: string | null): Promise<void> {
  await tx
    .update(contacts)
    .set({ isPrimary: false })
    .where(and(eq(contacts.accountId, accountId), eq(contacts.isPrimary, true), ...(exceptId ? [ne(contacts.id, exceptId)] : [])));
}

async function assertRefFree(tx: Db, accountId: string, externalRef: string | null | undefined, exceptId: string | null): Promise<void> {
  if (!externalRef) return;
  const [hit] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.externalRef, externalRef)));
  if (hit && hit.id !== exceptId) throw contactExternalRefTaken(externalRef);
}

export interface CreateContactInput {
  accountId: string;
  contact: CreateContact;
}

export async function createContact(ctx: UseCaseContext, input: CreateContactInput): Promise<Contact> {
  const { actor, now } = ctx;
  const { accountId, contact: c } = input;
  return ctx.db.transaction(async (tx) => {
    // The account lock serialises contact writes of one account, so two primaries never race in.
    const account = await getAccountRow(tx, accountId, { lock: true });
    // Every field is a column as it comes (ContactEntity); a null updateLimit: the settings' default applies.
    const values = { accountId, ...columnValues(ContactEntity, c) };
    await assertRefFree(tx, accountId, values.externalRef, null);
    if (values.isPrimary) await clearOtherPrimaries(tx, accountId, null);
    const [row] = await tx
      .insert(contacts)
      .values({ ...values, createdAt: now, updatedAt: now })
      .returning()
      .catch((err: unknown) => {
        if (values.externalRef && isUniqueViolation(err, UNIQUE_REF)) throw contactExternalRefTaken(values.externalRef);
        throw err;
      });
    await recordAudit(tx, actor, { action: 'contacts.create', entity: 'contact', entityId: row!.id, changes: values }, now);
    return presentContact(row!, account.name);
  });
}

/** The contact's row, with its account locked first (the lock order of every contact write). */
async function lockContact(tx: Db, id: string): Promise<{ row: ContactRow; accountName: string }> {
  const [peek] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, id));
  if (!peek) throw contactNotFound(id);
  const account = await getAccountRow(tx, peek.accountId, { lock: true });
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  if (!row) throw contactNotFound(id);
  return { row, accountName: account.name };
}

export interface UpdateContactInput {
  id: string;
  patch: UpdateContact;
}

export async function updateContact(ctx: UseCaseContext, input: UpdateContactInput): Promise<Contact> {
  const { actor, now } = ctx;
  const { id, patch: p } = input;
  return ctx.db.transaction(async (tx) => {
    const { row: current, accountName } = await lockContact(tx, id);
    const patch: Partial<ContactRow> = columnPatch(ContactEntity, p);
    if (patch.externalRef) await assertRefFree(tx, current.accountId, patch.externalRef, id);
    if (patch.isPrimary) await clearOtherPrimaries(tx, current.accountId, id);
    const [row] = await tx
      .update(contacts)
      .set({ ...patch, updatedAt: now })
      .where(eq(contacts.id, id))
      .returning()
      .catch((err: unknown) => {
        if (patch.externalRef && isUniqueViolation(err, UNIQUE_REF)) throw contactExternalRefTaken(patch.externalRef);
        throw err;
      });
    await recordAudit(tx, actor, { action: 'contacts.update', entity: 'contact', entityId: id, changes: diff(current, patch) }, now);
    return presentContact(row!, accountName);
  });
}

export async function deleteContact(ctx: UseCaseContext, id: string): Promise<void> {
  const { actor, now } = ctx;
  await ctx.db.transaction(async (tx) => {
    const { row } = await lockContact(tx, id);
    await tx.delete(contacts).where(eq(contacts.id, id));
    await recordAudit(
      tx,
      actor,
      {
        action: 'contacts.delete',
        entity: 'contact',
        entityId: id,
        changes: { accountId: row.accountId, name: row.name, email: row.email },
      },
      now,
    );
  });
}
