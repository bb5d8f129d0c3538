// Reading an endpoint, shared by the endpoint and delivery use cases.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema/index.js';
import { notFound } from '../shared/index.js';

/** The endpoint row, or webhook_endpoints.not_found. */
export async function endpointRow(db: Db, id: string, { forUpdate = false } = {}): Promise<typeof webhookEndpoints.$inferSelect> {
  const query = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  // webhook_endpoints.not_found: no outbound webhook endpoint has this id.
  if (!row) throw notFound('webhook_endpoints.not_found', `No webhook endpoint with id ${id}.`);
  return row;
}
