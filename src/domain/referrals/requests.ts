// Asking for a referral (P5.5, docs/referrals.md): only through the gate. Refused with 409
// referrals.not_eligible and one errors[] entry per unmet condition; allowed, the request is kept
// with the evidence that allowed it and written on the account's timeline, in one transaction.
import { and, desc, eq } from 'drizzle-orm';
import type { CreateReferralRequest, RecordReferralGiven, ReferralRequest } from '../../../contract/referrals.js';
import type { Db } from '../../db/client.js';
import { activities, contacts, referralRequests, users } from '../../db/schema/index.js';
import { alias } from 'drizzle-orm/pg-core';
import { assertRole, conflict, FieldErrors, notFound, recordAudit, type ReadContext, type UseCaseContext } from '../shared/index.js';
import { getReferralEligibility } from './eligibility.js';

/** Who may ask a customer for a referral: the people who talk to them, and their managers. */
export const REFERRAL_ASKERS = ['admin', 'gm', 'sales', 'csr'] as const;

/** Refuses (409) unless the account passes the gate now; inside the caller's transaction. */
export async function assertReferralEligible(ctx: ReadContext, accountId: string): Promise<void> {
  const standing = await getReferralEligibility(ctx, accountId);
  if (!standing.eligible)
    // referrals.not_eligible: the account has not yet earned a referral ask; errors[] names each unmet condition.
    throw conflict(
      'referrals.not_eligible',
      `${standing.accountName} may not be asked for a referral yet: ${standing.reasons.map((r) => r.message).join('; ')}.`,
      standing.reasons,
    );
}

export async function createReferralRequest(
  ctx: UseCaseContext,
  { accountId, request }: { accountId: string; request: CreateReferralRequest },
): Promise<ReferralRequest> {
  const { actor, now } = ctx;
  assertRole(actor, ...REFERRAL_ASKERS);
  const id = await ctx.db.transaction(async (tx) => {
    const standing = await getReferralEligibility({ db: tx, now }, accountId);
    let contactName: string | null = null;
    if (request.contactId) {
      const [c] = await tx.select().from(contacts).where(eq(contacts.id, request.contactId));
      const errors = new FieldErrors();
      if (!c) errors.add('contactId', `is not a contact: ${request.contactId}`);
      else if (c.accountId !== accountId) errors.add('contactId', 'is a contact of another account');
      // referrals.invalid: the contact named is not the account's.
      errors.throwIfAny('referrals.invalid');
      contactName = c!.name;
    }
    await assertReferralEligible({ db: tx, now }, accountId);
    const [row] = await tx
      .insert(referralRequests)
      .values({
        accountId,
        contactId: request.contactId ?? null,
        note: request.note?.trim() || null,
        evidence: standing.evidence,
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning({ id: referralRequests.id });
    await tx.insert(activities).values({
      accountId,
      contactId: request.contactId ?? null,
      kind: 'referral_request',
      subject: `Asked ${contactName ?? standing.accountName} for a referral`,
      body: [
        `After ${standing.evidence.deliveredOrders} delivered orders, the last ${standing.evidence.lastOrders.length} on time.`,
        request.note?.trim() || null,
      ]
        .filter(Boolean)
        .join('\n'),
      actorId: actor.userId,
      taskId: null,
      occurredAt: now,
      createdAt: now,
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'referrals.request',
        entity: 'referral_request',
        entityId: row!.id,
        changes: { accountId, contactId: request.contactId ?? null },
      },
      now,
    );
    return row!.id;
  });
  const [made] = await listReferralRequests(ctx.db, accountId, id);
  return made!;
}

/** The customer gave the referral asked for: recorded once, with whom they referred, on the timeline. */
export async function recordReferralGiven(
  ctx: UseCaseContext,
  { id, input }: { id: string; input: RecordReferralGiven },
): Promise<ReferralRequest> {
  const { actor, now } = ctx;
  assertRole(actor, ...REFERRAL_ASKERS);
  const accountId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(referralRequests).where(eq(referralRequests.id, id)).for('update');
    // referrals.not_found: no referral request has this id.
    if (!row) throw notFound('referrals.not_found', `No referral request has the id ${id}.`);
    // referrals.already_given: recorded as given already.
    if (row.givenAt)
      throw conflict('referrals.already_given', `This referral was recorded as given on ${row.givenAt.toISOString().slice(0, 10)}.`);
    const note = input.note?.trim() || null;
    await tx
      .update(referralRequests)
      .set({ givenAt: now, givenNote: note, givenRecordedBy: actor.userId })
      .where(eq(referralRequests.id, id));
    await tx.insert(activities).values({
      accountId: row.accountId,
      contactId: row.contactId,
      kind: 'referral_request',
      subject: 'They gave the referral we asked for',
      body: note,
      actorId: actor.userId,
      taskId: null,
      occurredAt: now,
      createdAt: now,
    });
    await recordAudit(tx, actor, { action: 'referrals.given', entity: 'referral_request', entityId: id, changes: { note } }, now);
    return row.accountId;
  });
  const [made] = await listReferralRequests(ctx.db, accountId, id);
  return made!;
}

export async function listReferralRequests(db: Db, accountId: string, id?: string): Promise<ReferralRequest[]> {
  const recorder = alias(users, 'recorder');
  const rows = await db
    .select({ r: referralRequests, contactName: contacts.name, byName: users.name, recorderName: recorder.name })
    .from(referralRequests)
    .leftJoin(contacts, eq(contacts.id, referralRequests.contactId))
    .leftJoin(users, eq(users.id, referralRequests.requestedBy))
    .leftJoin(recorder, eq(recorder.id, referralRequests.givenRecordedBy))
    .where(and(eq(referralRequests.accountId, accountId), id ? eq(referralRequests.id, id) : undefined))
    .orderBy(desc(referralRequests.requestedAt), desc(referralRequests.id));
  return rows.map(({ r, contactName, byName, recorderName }) => ({
    id: r.id,
    accountId: r.accountId,
    contactId: r.contactId,
    contactName,
    note: r.note,
    requestedBy: r.requestedBy ? { id: r.requestedBy, name: byName ?? '' } : null,
    requestedAt: r.requestedAt.toISOString(),
    evidence: r.evidence,
    given: r.givenAt
      ? {
          at: r.givenAt.toISOString(),
          note: r.givenNote,
          recordedBy: r.givenRecordedBy ? { id: r.givenRecordedBy, name: recorderName ?? '' } : null,
        }
      : null,
  }));
}
