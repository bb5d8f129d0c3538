import { eq, is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

export type SettingsRow = typeof settings.$inferSelect;

/** The organisation's settings; the row is created with defaults on first read. */
export async function getSettings(db: Db): Promise<SettingsRow> {
  const [row] = await db.select().from(settings).where(eq(settings.id, 1));
  if (row) return row;
  await db.insert(settings).values({ id: 1 }).onConflictDoNothing();
  const [created] = await db.select().from(settings).where(eq(settings.id, 1));
  if (!created) throw new Error('settings row missing');
  return created;
}

/**
 * How long a settings row read by this process is reused. A save in this process clears it at
 * once (updateSettings); a save by another process (PostgreSQL, several `rapport start`) shows
 * here within this time. Ours: the row was read on every API read, ~a quarter of their queries.
 */
export const SETTINGS_CACHE_MS = 5_000;

let cached = new WeakMap<Db, { row: SettingsRow; until: number }>();
/** Bumped by every save, so a read that raced a save is not kept. */
let generation = 0;

/**
 * The settings for read paths, reused per database handle for up to SETTINGS_CACHE_MS. Inside a
 * transaction it reads the row, so a use case sees the settings as of its own transaction.
 */
export async function getCachedSettings(db: Db): Promise<SettingsRow> {
  if (is(db, PgTransaction)) return getSettings(db);
  const hit = cached.get(db);
  const now = performance.now();
  if (hit && hit.until > now) return hit.row;
  const readIn = generation;
  const row = await getSettings(db);
  if (readIn === generation) cached.set(db, { row, until: now + SETTINGS_CACHE_MS });
  return row;
}

/** Drops every cached settings row of this process: called after a save. */
export function forgetCachedSettings(): void {
  generation++;
  cached = new WeakMap();
}
