// Testimonials (P2.4, docs/testimonials.md): staff ask with proposed words; the customer edits,
// approves at the credit level they choose, or declines, through the link in the mail — and may
// withdraw it later through the same link (or staff do, at their word). Only an approved, not
// withdrawn testimonial is usable, and it is shown only at its approved level.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type {
  CreateTestimonial,
  Testimonial,
  TestimonialAnswer,
  TestimonialCredit,
  TestimonialStatus,
} from '../../../contract/testimonials.js';
import type { Db } from '../../db/client.js';
import { accounts, activities, contacts, testimonials } from '../../db/schema/index.js';
import { hashPortalToken, linkBaseOf, PORTAL_TOKEN_PATTERN, portalUrl, queueMessage } from '../messages/index.js';
import { getSettings } from '../settings/index.js';
import {
  assertRole,
  conflict,
  olderThanCursor,
  FieldErrors,
  notFound,
  pageResult,
  randomSecret,
  recordAudit,
  type Actor,
  type ReadContext,
  type UseCaseContext,
} from '../shared/index.js';
import { attributionOf } from './testimonials.rules.js';

/** Who may ask for (and withdraw) a testimonial: the people who talk to the customer, and their managers. */
export const TESTIMONIAL_ASKERS = ['admin', 'gm', 'sales', 'csr'] as const;

type Row = typeof testimonials.$inferSelect;

function present(r: Row, names: { contactName: string | null; accountName: string }): Testimonial {
  const usable = r.status === 'approved';
  return {
    id: r.id,
    accountId: r.accountId,
    contactId: r.contactId,
    status: r.status,
    usable,
    proposedText: r.proposedText,
    // The words are shown only while usable; a withdrawn one keeps nothing to show.
    text: usable ? r.text : null,
    credit: r.credit,
    attribution: attributionOf({ status: r.status, credit: r.credit, pseudonym: r.pseudonym, ...names }),
    requestedAt: r.requestedAt.toISOString(),
    approvedAt: r.approvedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
  };
}

const selectWithNames = (db: Db) =>
  db
    .select({ t: testimonials, contactName: contacts.name, accountName: accounts.name })
    .from(testimonials)
    .innerJoin(accounts, eq(accounts.id, testimonials.accountId))
    .leftJoin(contacts, eq(contacts.id, testimonials.contactId));

export async function getTestimonial({ db }: Pick<ReadContext, 'db'>, id: string): Promise<Testimonial> {
  const [row] = await selectWithNames(db).where(eq(testimonials.id, id));
  // testimonials.not_found: no testimonial has this id.
  if (!row) throw notFound('testimonials.not_found', `No testimonial has the id ${id}.`);
  return present(row.t, row);
}

export async function listTestimonials(
  { db }: Pick<ReadContext, 'db'>,
  input: { accountId?: string; usable?: 'true' | 'false'; limit: number; cursor?: string },
): Promise<{ items: Testimonial[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (input.accountId) where.push(eq(testimonials.accountId, input.accountId));
  if (input.usable === 'true') where.push(eq(testimonials.status, 'approved'));
  if (input.usable === 'false') where.push(sql`${testimonials.status} <> 'approved'`);
  where.push(olderThanCursor(input.cursor, testimonials.requestedAt, testimonials.id));
  const rows = await selectWithNames(db)
    .where(and(...where))
    .orderBy(desc(testimonials.requestedAt), desc(testimonials.id))
    .limit(input.limit + 1);
  const page = pageResult(rows, input.limit, (r) => [r.t.requestedAt.toISOString(), r.t.id]);
  return { items: page.items.map((r) => present(r.t, r)), nextCursor: page.nextCursor };
}

async function onTimeline(tx: Db, t: Row, subject: string, now: Date, actorId: string | null): Promise<void> {
  await tx.insert(activities).values({
    accountId: t.accountId,
    contactId: t.contactId,
    kind: 'testimonial',
    subject,
    body: null,
    actorId,
    taskId: null,
    occurredAt: now,
    createdAt: now,
  });
}

export async function requestTestimonial(ctx: UseCaseContext, input: CreateTestimonial): Promise<Testimonial> {
  const { actor, now } = ctx;
  assertRole(actor, ...TESTIMONIAL_ASKERS);
  const id = await ctx.db.transaction(async (tx) => {
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, input.contactId));
    const errors = new FieldErrors();
    if (!contact) errors.add('contactId', `is not a contact: ${input.contactId}`);
    else if (contact.accountId !== input.accountId) errors.add('contactId', 'is a contact of another account');
    else if (!contact.email) errors.add('contactId', `${contact.name} has no email address`);
    // testimonials.invalid: the contact named is not the account's, or has no address.
    errors.throwIfAny('testimonials.invalid');
    const token = randomSecret(32);
    const link = portalUrl(linkBaseOf(await getSettings(tx)), token);
    const [row] = await tx
      .insert(testimonials)
      .values({
        accountId: input.accountId,
        contactId: input.contactId,
        proposedText: input.proposedText,
        tokenHash: hashPortalToken(token),
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning();
    const queued = await queueMessage(
      { ...ctx, db: tx },
      {
        accountId: input.accountId,
        contactId: input.contactId,
        template: 'testimonial_request',
        idempotencyKey: `testimonial:${row!.id}`,
        testimonial: { proposed_text: input.proposedText, link },
      },
    );
    await tx.update(testimonials).set({ messageId: queued.id }).where(eq(testimonials.id, row!.id));
    await onTimeline(tx, row!, `Asked ${contact!.name} for a testimonial`, now, actor.userId);
    await recordAudit(tx, actor, { action: 'testimonials.request', entity: 'testimonial', entityId: row!.id, changes: { ...input } }, now);
    return row!.id;
  });
  return getTestimonial(ctx, id);
}

/** Staff withdraw a testimonial at the customer's word: at once, everywhere. */
export async function withdrawTestimonial(ctx: UseCaseContext, id: string): Promise<Testimonial> {
  const { actor, now } = ctx;
  assertRole(actor, ...TESTIMONIAL_ASKERS);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(testimonials).where(eq(testimonials.id, id)).for('update');
    if (!row) throw notFound('testimonials.not_found', `No testimonial has the id ${id}.`);
    await setStatus(tx, row, 'withdrawn', now, actor);
  });
  return getTestimonial(ctx, id);
}

const WORDS: Record<Exclude<TestimonialStatus, 'requested'>, string> = {
  approved: 'approved their testimonial',
  declined: 'declined to be quoted',
  withdrawn: 'withdrew their testimonial',
};

async function setStatus(
  tx: Db,
  row: Row,
  status: 'approved' | 'declined' | 'withdrawn',
  now: Date,
  actor: Actor,
  approved?: { text: string; credit: TestimonialCredit; pseudonym: string | null },
) {
  // testimonials.not_allowed: a decision the testimonial's state does not take (withdraw what was never approved, approve what was withdrawn).
  if (status === 'withdrawn' && row.status !== 'approved')
    throw conflict(
      'testimonials.not_allowed',
      row.status === 'withdrawn' ? 'It is withdrawn already.' : 'Only an approved testimonial can be withdrawn.',
    );
  if (status !== 'withdrawn' && row.status === 'withdrawn')
    throw conflict('testimonials.not_allowed', 'It was withdrawn: ask again for a new one.');
  await tx
    .update(testimonials)
    .set({
      status,
      ...(approved && { text: approved.text, credit: approved.credit, pseudonym: approved.pseudonym, approvedAt: now }),
      ...(status === 'declined' && { declinedAt: now }),
      ...(status === 'withdrawn' && { withdrawnAt: now }),
    })
    .where(eq(testimonials.id, row.id));
  const [contact] = row.contactId ? await tx.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, row.contactId)) : [];
  await onTimeline(tx, row, `${contact?.name ?? 'The customer'} ${WORDS[status]}`, now, actor.userId);
  await recordAudit(
    tx,
    actor,
    {
      action: `testimonials.${status === 'approved' ? 'approve' : status === 'declined' ? 'decline' : 'withdraw'}`,
      entity: 'testimonial',
      entityId: row.id,
      changes: { status, ...(approved ?? {}) },
    },
    now,
  );
}

// --- the customer's side ------------------------------------------------------------------------

export interface TestimonialPage {
  orgName: string;
  accountName: string;
  contactName: string | null;
  status: TestimonialStatus;
  proposedText: string;
  text: string | null;
  credit: TestimonialCredit | null;
  pseudonym: string | null;
  /** How it is shown now (approved), at its level. */
  attribution: string | null;
}

async function resolveToken(db: Db, token: string) {
  // portal.not_found: unknown, forged or malformed — the portal's one answer for every bad link.
  const unknown = () => notFound('portal.not_found', 'This link does not open a page. Ask your contact at the company for a new one.');
  if (!PORTAL_TOKEN_PATTERN.test(token)) throw unknown();
  const [row] = await selectWithNames(db).where(eq(testimonials.tokenHash, hashPortalToken(token)));
  if (!row) throw unknown();
  return row;
}

export async function getTestimonialPage({ db }: Pick<ReadContext, 'db'>, token: string): Promise<TestimonialPage> {
  const { t, contactName, accountName } = await resolveToken(db, token);
  const { orgName } = await getSettings(db);
  return {
    orgName,
    accountName,
    contactName,
    status: t.status,
    proposedText: t.proposedText,
    text: t.text,
    credit: t.credit,
    pseudonym: t.pseudonym,
    attribution: attributionOf({ status: t.status, credit: t.credit, pseudonym: t.pseudonym, contactName, accountName }),
  };
}

export async function answerTestimonial(
  { db, now }: ReadContext,
  input: { token: string; answer: TestimonialAnswer; ip: string | null; requestId: string | null },
): Promise<TestimonialPage> {
  await db.transaction(async (tx) => {
    const { t, contactName } = await resolveToken(tx, input.token);
    const [row] = await tx.select().from(testimonials).where(eq(testimonials.id, t.id)).for('update');
    const actor: Actor = {
      kind: 'system',
      userId: null,
      name: `${contactName ?? 'customer'} (testimonial link)`,
      roles: [],
      ip: input.ip,
      requestId: input.requestId,
    };
    const a = input.answer;
    if (a.decision === 'approve') {
      // testimonials.invalid: a pseudonym is needed to be credited by one.
      if (a.credit === 'pseudonym' && !a.pseudonym) {
        const errors = new FieldErrors();
        errors.add('pseudonym', 'choose the name to show');
        errors.throwIfAny('testimonials.invalid');
      }
      await setStatus(tx, row!, 'approved', now, actor, {
        text: a.text,
        credit: a.credit,
        pseudonym: a.credit === 'pseudonym' ? a.pseudonym! : null,
      });
    } else await setStatus(tx, row!, a.decision === 'decline' ? 'declined' : 'withdrawn', now, actor);
  });
  return getTestimonialPage({ db }, input.token);
}
