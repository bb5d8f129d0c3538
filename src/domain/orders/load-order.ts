import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orders } from '../../db/schema/index.js';
import { notFound } from '../shared/index.js';
import type { OrderRow } from './present.js';

/** The order, row-locked for the rest of the transaction. */
export async function lockOrder(tx: Db, id: string): Promise<OrderRow> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  // orders.not_found: no order has this id.
  if (!row) throw notFound('orders.not_found', `No order with id ${id}.`);
  return row;
}
