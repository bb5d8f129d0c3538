import { eq } from 'drizzle-orm';
import { OrderEntity, type CreateOrder, type OrderDetail } from '../../../contract/orders.js';
import { accounts, orderEvents, orderLines, orders } from '../../db/schema/index.js';
import { recordEvent, type EventSource } from '../events/index.js';
import { getSettings } from '../settings/index.js';
import { columnValues, conflict, customFields, FieldErrors, isKnownCurrency, recordAudit, type UseCaseContext } from '../shared/index.js';
import { refreshAccountOrderStats } from '../order-stats/index.js';
import { isUniqueViolation } from './keyset.js';
import { checkDateField, parseLine, parseMoneyField, parseTimestampField, type ParsedLine } from './order-input.js';
import { isAudition, sumLineAmounts } from './order.rules.js';
import { getOrderDetail } from './queries.js';
import { checkUsersExist, lockAccount, teamSeat } from './references.js';

/** A create as the API parses it; a caller in code may leave out what has a default (the category: product). */
export type CreateOrderInput = Omit<CreateOrder, 'category'> & {
  category?: CreateOrder['category'];
  /** Where the order came from; recorded on its order.created event (default api). */
  source?: EventSource;
};

// Converted here, not copied (the lines go to their own table).
customFields(OrderEntity, 'create', ['placedAt', 'amount', 'currency']);

// orders.number_taken: another order already has this number (numbers are unique across accounts).
const numberTaken = (number: string) =>
  conflict('orders.number_taken', `Another order already has the number ${number}.`, [{ path: 'number', message: 'is already taken' }]);

/**
 * Creates an order with its lines, its 'created' event, the account's order statistics and the
 * audit row — one transaction. Currency defaults to the account's; a date-only placedAt is 00:00
 * in the account's (else the organisation's) timezone; without an amount it is the sum of the lines;
 * without a rep or CSR it takes the account team's.
 */
export async function createOrder(ctx: UseCaseContext, { source = 'api', ...input }: CreateOrderInput): Promise<OrderDetail> {
  const { actor, now } = ctx;
  return ctx.db.transaction(async (tx) => {
    const account = await lockAccount(tx, input.accountId);
    const settings = await getSettings(tx);
    const zone = account.timezone ?? settings.timezone;
    const errors = new FieldErrors();
    const currency = input.currency ?? account.currency;
    if (!isKnownCurrency(currency)) errors.add('currency', `is not an ISO 4217 currency: "${currency}"`);
    const lines: ParsedLine[] = [];
    if (isKnownCurrency(currency)) {
      input.lines?.forEach((l, i) => {
        const parsed = parseLine(l, currency, `lines.${i}`, errors);
        if (parsed) lines.push(parsed);
      });
    }
    let amount: number | undefined;
    if (input.amount !== undefined) {
      if (isKnownCurrency(currency)) amount = parseMoneyField(input.amount, currency, 'amount', errors);
    } else if (input.lines && input.lines.length > 0) {
      amount = sumLineAmounts(lines);
    } else {
      errors.add('amount', 'is required when the order has no lines');
    }
    const placedAt = parseTimestampField(input.placedAt, zone, 'placedAt', errors) ?? now;
    checkDateField(input.promisedDate, 'promisedDate', errors);
    checkDateField(input.expectedShipDate, 'expectedShipDate', errors);
    await checkUsersExist(tx, { repId: input.repId, csrId: input.csrId }, errors);
    // orders.invalid: a field of the new order is wrong (each named in errors[]).
    errors.throwIfAny('orders.invalid');
    // Not named (absent or null): the account team's rep and CSR serve the order.
    const repId = input.repId ?? (await teamSeat(tx, account.id, 'sales'));
    const csrId = input.csrId ?? (await teamSeat(tx, account.id, 'csr'));

    const [taken] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.number, input.number));
    if (taken) throw numberTaken(input.number);

    let orderId: string;
    try {
      const [row] = await tx
        .insert(orders)
        .values({
          ...columnValues(OrderEntity, { ...input, repId, csrId, category: input.category ?? 'product' }),
          accountId: account.id,
          placedAt,
          amount: amount!,
          currency,
          status: 'received',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: orders.id });
      orderId = row!.id;
    } catch (err) {
      // A concurrent create took the number between the check and the insert.
      if (isUniqueViolation(err, 'orders_number_key')) throw numberTaken(input.number);
      throw err;
    }
    if (lines.length > 0) {
      await tx.insert(orderLines).values(lines.map((l, i) => ({ ...l, orderId, position: i + 1 })));
    }
    await tx
      .insert(orderEvents)
      .values({ orderId, accountId: account.id, kind: 'created', toStatus: 'received', actorId: actor.userId, at: placedAt });
    await refreshAccountOrderStats(tx, [account.id]);
    const [stats] = await tx.select({ firstOrderId: accounts.firstOrderId }).from(accounts).where(eq(accounts.id, account.id));
    const isFirstOrder = stats?.firstOrderId === orderId;
    await recordEvent(tx, {
      type: 'order.created',
      subjectType: 'order',
      subjectId: orderId,
      accountId: account.id,
      occurredAt: placedAt,
      source,
      payload: {
        orderId,
        number: input.number,
        accountId: account.id,
        isFirstOrder,
        isAudition: isAudition(isFirstOrder, account.potentialAnnualSpend, settings.auditionMinSpend),
        // Minor units of the account's currency, like settings.auditionMinSpend.
        potentialAnnualSpend: account.potentialAnnualSpend,
        amount,
        currency,
      },
    });
    await recordAudit(tx, actor, { action: 'orders.create', entity: 'order', entityId: orderId, changes: { ...input, repId, csrId } }, now);
    return getOrderDetail({ db: tx, now }, orderId);
  });
}
