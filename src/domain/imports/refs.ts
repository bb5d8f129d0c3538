// Reference maps loaded once per import: accounts and users by external reference. They are
// small next to an orders file (tens of thousands against millions), so a row's reference is a
// map look-up, not a query.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from './kind.js';

export interface AccountRef {
  id: string;
  kind: string;
  currency: string;
  timezone: string | null;
}

export interface RefMaps {
  /** Customer and prospect accounts (what orders and quotes name), by external reference. */
  customers: Map<string, AccountRef>;
  /** Every account: customers first, then suppliers (what contacts name). */
  anyAccount: Map<string, AccountRef>;
  users: Map<string, string>;
}

export async function loadRefMaps(db: Db): Promise<RefMaps> {
  const accounts = await rowsOf<AccountRef & { external_ref: string }>(
    db,
    sql`select id, kind, currency, timezone, external_ref from accounts where external_ref is not null order by case kind when 'supplier' then 1 else 0 end desc`,
  );
  const customers = new Map<string, AccountRef>();
  const anyAccount = new Map<string, AccountRef>();
  // Suppliers come first and customers overwrite them: a reference both could mean is the customer.
  for (const a of accounts) {
    const ref = { id: a.id, kind: a.kind, currency: a.currency, timezone: a.timezone };
    anyAccount.set(a.external_ref, ref);
    if (a.kind !== 'supplier') customers.set(a.external_ref, ref);
  }
  return { customers, anyAccount, users: await loadUserRefs(db) };
}

/** Staff by external reference (orders' reps, quotes' reps, accounts' team seats). */
export async function loadUserRefs(db: Db): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  for (const u of await rowsOf<{ id: string; external_ref: string }>(
    db,
    sql`select id, external_ref from users where external_ref is not null`,
  )) {
    users.set(u.external_ref, u.id);
  }
  return users;
}
