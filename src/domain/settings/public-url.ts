import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';
import { getSettings } from './get-settings.js';

/**
 * Records where customers reach Rapport (settings.public_url), so links written into messages by
 * any process — the worker, the daily sweep, an import — point there (docs/preferences.md). The web
 * process calls it when it starts listening; not a person's setting, so no audit row.
 */
export async function recordPublicUrl(db: Db, url: string): Promise<void> {
  await getSettings(db);
  await db
    .update(settings)
    .set({ publicUrl: url })
    .where(and(eq(settings.id, 1), sql`${settings.publicUrl} is distinct from ${url}`));
}
