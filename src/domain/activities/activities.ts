// Activities: the account timeline's own entries (calls, emails, meetings, visits, notes).
import { and, eq, type SQL } from 'drizzle-orm';
import type { Activity, CreateActivity, ListActivitiesQuery } from '../../../contract/activities.js';
import type { Db } from '../../db/client.js';
import { activities, contacts, orders, users } from '../../db/schema/index.js';
import { cursorShapes, getAccountRow, keysetAfter, keysetOrderBy, parseTimestampField, type SortKey } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { decodeCursor, FieldErrors, notFound, pageResult, recordAudit, type UseCaseContext } from '../shared/index.js';

type ActivityRow = typeof activities.$inferSelect;
interface ActivityListRow {
  activity: ActivityRow;
  actorName: string | null;
  contactName: string | null;
}

function selectActivities(db: Db) {
  return db
    .select({ activity: activities, actorName: users.name, contactName: contacts.name })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .leftJoin(contacts, eq(contacts.id, activities.contactId));
}

function presentActivity(r: ActivityListRow): Activity {
  const a = r.activity;
  return {
    id: a.id,
    accountId: a.accountId,
    kind: a.kind,
    subject: a.subject,
    body: a.body,
    actor: a.actorId ? { id: a.actorId, name: r.actorName ?? '' } : null,
    contact: a.contactId ? { id: a.contactId, name: r.contactName ?? '' } : null,
    orderId: a.orderId,
    occurredAt: a.occurredAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
  };
}

export async function getActivity(db: Db, id: string): Promise<Activity> {
  const [row] = await selectActivities(db).where(eq(activities.id, id));
  // activities.not_found: no activity has this id.
  if (!row) throw notFound('activities.not_found', `No activity with id ${id}.`);
  return presentActivity(row);
}

/** Logs a call, email, meeting, visit or note; its contact and order must be the account's own. */
export async function createActivity(ctx: UseCaseContext, input: CreateActivity): Promise<Activity> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const account = await getAccountRow(tx, input.accountId);
    const zone = account.timezone ?? (await getSettings(tx)).timezone;
    const errors = new FieldErrors();
    if (input.contactId) {
      const [c] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, input.contactId));
      if (!c) errors.add('contactId', `is not a contact: ${input.contactId}`);
      else if (c.accountId !== account.id) errors.add('contactId', 'is a contact of another account');
    }
    if (input.orderId) {
      const [o] = await tx.select({ accountId: orders.accountId }).from(orders).where(eq(orders.id, input.orderId));
      if (!o) errors.add('orderId', `is not an order: ${input.orderId}`);
      else if (o.accountId !== account.id) errors.add('orderId', 'is an order of another account');
    }
    const occurredAt = parseTimestampField(input.occurredAt, zone, 'occurredAt', errors) ?? now;
    // activities.invalid: the contact or order is not the account's, or the time is wrong (named in errors[]).
    errors.throwIfAny('activities.invalid');
    const [row] = await tx
      .insert(activities)
      .values({
        accountId: account.id,
        kind: input.kind,
        subject: input.subject || null,
        body: input.body || null,
        actorId: actor.userId,
        contactId: input.contactId ?? null,
        orderId: input.orderId ?? null,
        occurredAt,
        createdAt: now,
      })
      .returning({ id: activities.id });
    await recordAudit(tx, actor, { action: 'activities.create', entity: 'activity', entityId: row!.id, changes: input }, now);
    return getActivity(tx, row!.id);
  });
}

const SORT: SortKey[] = [
  { expr: activities.occurredAt, dir: 'desc', type: 'timestamptz' },
  { expr: activities.id, dir: 'desc', type: 'uuid' },
];

/** Activities newest first (occurred_at, then id), keyset-paged. */
export async function listActivities(db: Db, input: ListActivitiesQuery) {
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(activities.accountId, input.accountId));
  if (input.kind) where.push(eq(activities.kind, input.kind));
  if (input.orderId) where.push(eq(activities.orderId, input.orderId));
  const after = decodeCursor(input.cursor, cursorShapes(SORT));
  if (after) where.push(keysetAfter(SORT, after));
  const rows = await selectActivities(db)
    .where(and(...where))
    .orderBy(...keysetOrderBy(SORT))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.activity.occurredAt.toISOString(), r.activity.id]);
  return { items: page.items.map(presentActivity), nextCursor: page.nextCursor };
}
