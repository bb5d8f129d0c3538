import { eq } from 'drizzle-orm';
import { QuoteEntity, type CreateQuote, type Quote } from '../../../contract/quotes.js';
import { quoteEvents, quotes } from '../../db/schema/index.js';
import {
  checkDateField,
  checkUsersExist,
  getAccountRow,
  isUniqueViolation,
  parseMoneyField,
  parseTimestampField,
} from '../orders/index.js';
import { recordEvent, type EventSource } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import { columnValues, conflict, customFields, FieldErrors, isKnownCurrency, recordAudit, type UseCaseContext } from '../shared/index.js';
import { getQuote } from './queries.js';

// Converted here, not copied.
customFields(QuoteEntity, 'create', ['amount', 'currency', 'sentAt']);

// quotes.number_taken: another quote already has this number.
const numberTaken = (number: string) =>
  conflict('quotes.number_taken', `Another quote already has the number ${number}.`, [{ path: 'number', message: 'is already taken' }]);

export type CreateQuoteInput = CreateQuote & {
  /** Where the quote came from; recorded on its quote.sent event (default api). */
  source?: EventSource;
};

/** Records a quote sent to an account (status open) with its 'sent' event and audit row. */
export async function createQuote(ctx: UseCaseContext, { source = 'api', ...input }: CreateQuoteInput): Promise<Quote> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const account = await getAccountRow(tx, input.accountId);
    const zone = account.timezone ?? (await getSettings(tx)).timezone;
    const errors = new FieldErrors();
    const currency = input.currency ?? account.currency;
    if (!isKnownCurrency(currency)) errors.add('currency', `is not an ISO 4217 currency: "${currency}"`);
    const amount = isKnownCurrency(currency) ? parseMoneyField(input.amount, currency, 'amount', errors) : undefined;
    const sentAt = parseTimestampField(input.sentAt, zone, 'sentAt', errors) ?? now;
    checkDateField(input.validUntil, 'validUntil', errors);
    await checkUsersExist(tx, { repId: input.repId }, errors);
    // quotes.invalid: a field of the quote is wrong (each named in errors[]).
    errors.throwIfAny('quotes.invalid');
    const [taken] = await tx.select({ id: quotes.id }).from(quotes).where(eq(quotes.number, input.number));
    if (taken) throw numberTaken(input.number);
    let id: string;
    try {
      const [row] = await tx
        .insert(quotes)
        .values({
          ...columnValues(QuoteEntity, input),
          accountId: account.id,
          amount: amount!,
          currency,
          sentAt,
          status: 'open',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: quotes.id });
      id = row!.id;
    } catch (err) {
      if (isUniqueViolation(err, 'quotes_number_key')) throw numberTaken(input.number);
      throw err;
    }
    await tx
      .insert(quoteEvents)
      .values({ quoteId: id, accountId: account.id, kind: 'sent', toStatus: 'open', actorId: actor.userId, at: sentAt });
    await recordEvent(tx, {
      type: 'quote.sent',
      subjectType: 'quote',
      subjectId: id,
      accountId: account.id,
      occurredAt: sentAt,
      source,
      payload: { quoteId: id, number: input.number, accountId: account.id, amount, currency, repId: input.repId ?? null },
    });
    await recordAudit(tx, actor, { action: 'quotes.create', entity: 'quote', entityId: id, changes: input }, now);
    return getQuote(tx, id);
  });
}
