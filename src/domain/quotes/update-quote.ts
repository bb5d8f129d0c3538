import { eq } from 'drizzle-orm';
import { QuoteEntity, type Quote, type UpdateQuote } from '../../../contract/quotes.js';
import { accounts, orders, quoteEvents, quotes } from '../../db/schema/index.js';
import { checkDateField, checkUsersExist, parseMoneyField, parseTimestampField } from '../orders/index.js';
import { recordEvent } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import {
  columnPatch,
  conflict,
  customFields,
  diff,
  FieldErrors,
  forbidden,
  formatMoney,
  hasRole,
  notFound,
  recordAudit,
  type UseCaseContext,
} from '../shared/index.js';
import { getQuote } from './queries.js';
import { checkQuoteDecision, checkQuoteTransition, isDecided } from './quote.rules.js';

// Converted here, not copied: the amount in minor units, and the decision (status, reason, time, order).
customFields(QuoteEntity, 'update', ['amount', 'status', 'decidedAt', 'lostReason', 'orderId']);

export interface UpdateQuoteInput {
  id: string;
  patch: UpdateQuote;
}

/**
 * Changes a quote and/or decides it (quote.rules.ts). Deciding sets decidedAt (`decidedAt` or now);
 * lost needs a lostReason; a won quote may link the order it became. An admin's reopen clears the
 * decision. A status change writes one 'status_changed' event (with every changed field); other
 * changes one 'updated' event.
 */
export async function updateQuote(ctx: UseCaseContext, { id, patch: input }: UpdateQuoteInput): Promise<Quote> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
    // quotes.not_found: no quote has this id.
    if (!current) throw notFound('quotes.not_found', `No quote with id ${id}.`);
    const from = current.status;
    const to = input.status ?? from;
    const isStatusChange = to !== from;
    if (isStatusChange) {
      const check = checkQuoteTransition(from, to, hasRole(actor, 'admin'));
      if (!check.ok && check.reason === 'admin_only') {
        // quotes.reopen_forbidden: only an admin may reopen a decided quote.
        throw forbidden('quotes.reopen_forbidden', `Quote ${current.number} is ${from}; only an admin may reopen it.`);
      }
      if (!check.ok) {
        // quotes.bad_transition: the quote's status cannot move this way (decided quotes stay decided).
        throw conflict(
          'quotes.bad_transition',
          `A quote cannot move from ${from} to ${to}. Allowed next: ${check.allowed.join(', ') || 'none'}.`,
          [{ path: 'status', message: `must be one of: ${check.allowed.join(', ') || 'none'}` }],
          { from, to, allowed: check.allowed },
        );
      }
    }
    const [account] = await tx.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, current.accountId));
    const zone = account?.timezone ?? (await getSettings(tx)).timezone;
    const errors = new FieldErrors();
    const amount = input.amount === undefined ? undefined : parseMoneyField(input.amount, current.currency, 'amount', errors);
    checkDateField(input.validUntil, 'validUntil', errors);
    await checkUsersExist(tx, { repId: input.repId }, errors);
    const givenDecidedAt = parseTimestampField(input.decidedAt, zone, 'decidedAt', errors);
    if (input.orderId) {
      const [order] = await tx.select({ accountId: orders.accountId }).from(orders).where(eq(orders.id, input.orderId));
      if (!order) errors.add('orderId', `is not an order: ${input.orderId}`);
      else if (order.accountId !== current.accountId) errors.add('orderId', 'is an order of another account');
    }
    const reopening = isStatusChange && to === 'open';
    const deciding = isStatusChange && isDecided(to);
    const decision = {
      status: to,
      lostReason: input.lostReason !== undefined ? input.lostReason || null : reopening ? null : current.lostReason,
      orderId: input.orderId !== undefined ? input.orderId : reopening ? null : current.orderId,
      decidedAt: givenDecidedAt ?? (deciding ? now : reopening ? null : current.decidedAt),
    };
    if (input.decidedAt !== undefined && !isDecided(to)) errors.add('decidedAt', 'is only for a decided quote');
    for (const e of checkQuoteDecision(decision)) if (!errors.list.some((x) => x.path === e.path)) errors.add(e.path, e.message);
    // quotes.invalid: a field of the change is wrong (each named in errors[]).
    errors.throwIfAny('quotes.invalid');

    const patch = { ...columnPatch(QuoteEntity, input), ...(amount !== undefined && { amount }), ...decision };
    const changes = diff(current, patch);
    if (changes['amount'])
      changes['amount'] = { from: formatMoney(current.amount, current.currency), to: formatMoney(amount!, current.currency) };
    if (Object.keys(changes).length > 0) {
      await tx
        .update(quotes)
        .set({ ...patch, updatedAt: now })
        .where(eq(quotes.id, id));
      await tx.insert(quoteEvents).values({
        quoteId: id,
        accountId: current.accountId,
        kind: isStatusChange ? 'status_changed' : 'updated',
        fromStatus: isStatusChange ? from : null,
        toStatus: isStatusChange ? to : null,
        changes,
        actorId: actor.userId,
        at: deciding ? decision.decidedAt! : now,
      });
      // Decisions are business events: quote.won / quote.lost / quote.expired stop its follow-ups.
      if (deciding) {
        await recordEvent(tx, {
          type: `quote.${to}`,
          subjectType: 'quote',
          subjectId: id,
          accountId: current.accountId,
          occurredAt: decision.decidedAt!,
          payload: { quoteId: id, number: current.number, accountId: current.accountId, from, to, orderId: decision.orderId },
        });
      }
      await recordAudit(
        tx,
        actor,
        { action: isStatusChange ? 'quotes.status_change' : 'quotes.update', entity: 'quote', entityId: id, changes },
        now,
      );
    }
    return getQuote(tx, id);
  });
}
