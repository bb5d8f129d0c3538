// Reading the outbox: one message, and the list filtered by account, order, status and class.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ListMessagesQuery, Message } from '../../../contract/messages.js';
import type { Db } from '../../db/client.js';
import { accounts, contacts, messages, orders } from '../../db/schema/index.js';
import { olderThanCursor, notFound, pageResult } from '../shared/index.js';

/** Shown on a queued message while no mail server is configured. */
export const NO_MAIL_SERVER = 'not sent: no mail server configured';

type MessageRow = typeof messages.$inferSelect;
interface Row {
  message: MessageRow;
  accountName: string | null;
  orderNumber: string | null;
  contactName: string | null;
}

function selectMessages(db: Db) {
  return db
    .select({ message: messages, accountName: accounts.name, orderNumber: orders.number, contactName: contacts.name })
    .from(messages)
    .leftJoin(accounts, eq(accounts.id, messages.accountId))
    .leftJoin(orders, eq(orders.id, messages.orderId))
    .leftJoin(contacts, eq(contacts.id, messages.contactId));
}

export interface ReadOptions {
  /** Whether a mail server is configured: without one, a queued message says it waits for one. */
  isMailConfigured: boolean;
}

export function presentMessage(r: Row, { isMailConfigured }: ReadOptions): Message {
  const m = r.message;
  const waitsForServer = m.status === 'queued' && !isMailConfigured;
  return {
    id: m.id,
    accountId: m.accountId,
    accountName: r.accountName,
    orderId: m.orderId,
    orderNumber: r.orderNumber,
    contactId: m.contactId,
    contactName: r.contactName,
    userId: m.userId,
    taskId: m.taskId,
    calendar: m.calendar,
    to: m.to,
    class: m.class,
    template: m.template,
    subject: m.subject,
    text: m.text,
    html: m.html,
    status: m.status,
    reason: waitsForServer ? NO_MAIL_SERVER : m.reason,
    foldedInto: m.foldedInto,
    messageId: m.messageId,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.status === 'queued' ? (m.nextAttemptAt?.toISOString() ?? null) : null,
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function getMessage(db: Db, id: string, options: ReadOptions): Promise<Message> {
  const [row] = await selectMessages(db).where(eq(messages.id, id));
  // messages.not_found: no message has this id.
  if (!row) throw notFound('messages.not_found', `No message with id ${id}.`);
  return presentMessage(row, options);
}

/** Messages newest first (created_at, then id), keyset-paged. */
export async function listMessages(
  db: Db,
  input: ListMessagesQuery,
  options: ReadOptions,
): Promise<{ items: Message[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(messages.accountId, input.accountId));
  if (input.orderId) where.push(eq(messages.orderId, input.orderId));
  if (input.status) where.push(eq(messages.status, input.status));
  if (input.class) where.push(eq(messages.class, input.class));
  where.push(olderThanCursor(input.cursor, messages.createdAt, messages.id));
  const rows = await selectMessages(db)
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.message.createdAt.toISOString(), r.message.id]);
  return { items: page.items.map((r) => presentMessage(r, options)), nextCursor: page.nextCursor };
}

/** How many messages wait to go out (the settings screen shows it beside the mail server). */
export async function countQueuedMessages(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(eq(messages.status, 'queued'));
  return Number(row?.n ?? 0);
}
