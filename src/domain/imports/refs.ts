// Reference maps loaded once per import: accounts and users by external reference. They are
// small next to an orders file (tens of thousands against millions), so a row's reference is a
// map look-up, not a query.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from './kind.js';
import { letTheAppIn } from './transaction.js';

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

/** Accounts read a page at a time: on PGlite one statement for 50k accounts held the app's requests 0.4 s. */
const REF_PAGE = 5_000;

export async function loadRefMaps(db: Db): Promise<RefMaps> {
  const customers = new Map<string, AccountRef>();
  const anyAccount = new Map<string, AccountRef>();
  for (let after = ''; ;) {
    const page = await rowsOf<AccountRef & { external_ref: string }>(
      db,
      sql`select id, kind, currency, timezone, external_ref from accounts
           where external_ref is not null and id > ${after || '00000000-0000-0000-0000-000000000000'}::uuid
           order by id limit ${REF_PAGE}`,
    );
    for (const a of page) {
      const ref = { id: a.id, kind: a.kind, currency: a.currency, timezone: a.timezone };
      // A reference both a customer and a supplier have means the customer.
      if (a.kind !== 'supplier') {
        customers.set(a.external_ref, ref);
        anyAccount.set(a.external_ref, ref);
      } else if (!anyAccount.has(a.external_ref)) anyAccount.set(a.external_ref, ref);
    }
    if (page.length < REF_PAGE) break;
    after = page.at(-1)!.id;
    // Let the app's requests in between two pages.
    await letTheAppIn(db);
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
