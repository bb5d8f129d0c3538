// accounts and suppliers: upserted by (kind, external reference). The fields read by hand are
// listed in BY_HAND; every other import field of the declaration (AccountEntity: tier, phone,
// city, country …) is read by its declared value into its column (declared.ts). The team columns
// (TEAM_REF_FIELDS: teamSalesRef …) name users by external reference and set that role's seats
// of the account team (docs/imports.md, "The account team").
import { sql } from 'drizzle-orm';
import { AccountEntity, TEAM_REF_FIELDS } from '../../../../contract/accounts.js';
import { accounts } from '../../../db/schema/index.js';
import { refreshStatsForTimezone } from '../../order-stats/index.js';
import { isKnownCurrency, isValidTimezone } from '../../shared/index.js';
import { countsOf, rowsOf, updatesFor, upsertSql, type KindDeps, type KindHandler } from '../kind.js';
import { declaredColumns, readDeclared } from './declared.js';
import { readMoney } from './read.js';

export interface AccountImportRow {
  external_ref: string;
  name: string;
  kind: string;
  potential_annual_spend: number | null;
  acquisition_cost: number | null;
  currency: string;
  timezone: string | null;
  created_at: Date;
  updated_at: Date;
  /** The team seats the row sets: role → its users (not a column: written to account_team). */
  team: { role: string; userIds: string[] }[];
  /** The declared columns (tier, phone …), by column name. */
  [column: string]: unknown;
}

const TEAM_FIELDS = Object.entries(TEAM_REF_FIELDS);

const BY_HAND = [
  'externalRef',
  'name',
  'kind',
  'currency',
  'timezone',
  'potentialAnnualSpend',
  'acquisitionCost',
  ...Object.keys(TEAM_REF_FIELDS),
];
const DECLARED = declaredColumns(AccountEntity, accounts, BY_HAND);

/** The accounts table's columns an import writes → their SQL types (the JSON rows carry these keys). */
export const ACCOUNT_COLUMNS: Record<string, string> = {
  external_ref: 'text',
  name: 'text',
  kind: 'text',
  potential_annual_spend: 'bigint',
  acquisition_cost: 'bigint',
  currency: 'text',
  timezone: 'text',
  ...Object.fromEntries(DECLARED.map((d) => [d.column, d.sqlType])),
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};

/** Updated on re-import when the file provides them (the name always). */
const FIELD_COLUMNS = {
  name: 'name',
  potentialAnnualSpend: 'potential_annual_spend',
  acquisitionCost: 'acquisition_cost',
  currency: 'currency',
  timezone: 'timezone',
  ...Object.fromEntries(DECLARED.map((d) => [d.field, d.column])),
};

/** Users by external reference, for the team columns. */
export function accountsKind(deps: KindDeps, userRefs: ReadonlyMap<string, string>): KindHandler<AccountImportRow> {
  const teamFields = TEAM_FIELDS.filter(([field]) => deps.provided.has(field));
  const defaultKind = deps.kind === 'suppliers' ? 'supplier' : 'customer';
  const allowed = deps.kind === 'suppliers' ? ['supplier'] : ['customer', 'prospect'];
  return {
    keyField: 'externalRef',
    key: (r) => `${r.kind}/${r.external_ref}`,
    convert(c) {
      const externalRef = c.get('externalRef');
      const name = c.get('name');
      if (!externalRef) c.bad('externalRef', 'is required');
      if (!name) c.bad('name', 'is required');
      const kind = c.get('kind')?.toLowerCase() ?? defaultKind;
      if (!allowed.includes(kind)) c.bad('kind', `must be ${allowed.join(' or ')} in a ${deps.kind} import`);
      const currency = (c.get('currency') ?? deps.settings.currency).toUpperCase();
      if (!isKnownCurrency(currency)) c.bad('currency', `is not an ISO 4217 currency`);
      const timezone = c.get('timezone') ?? null;
      if (timezone && !isValidTimezone(timezone)) c.bad('timezone', 'is not an IANA time zone such as "Europe/Berlin"');
      // An unknown currency is named once, on its own column.
      const money = (field: string): number | null => (isKnownCurrency(currency) ? readMoney(c, field, currency, deps.mapping) : null);
      const potential = money('potentialAnnualSpend');
      const acquisition = money('acquisitionCost');
      const team: AccountImportRow['team'] = [];
      for (const [field, role] of teamFields) {
        const refs =
          c
            .get(field)
            ?.split(';')
            .map((r) => r.trim())
            .filter(Boolean) ?? [];
        if (refs.length === 0) continue;
        const unknown = refs.filter((r) => !userRefs.has(r));
        if (unknown.length > 0) c.bad(field, `is not the external reference of a user: ${unknown.join(', ')}`);
        else team.push({ role, userIds: [...new Set(refs.map((r) => userRefs.get(r)!))] });
      }
      return {
        external_ref: externalRef ?? '',
        name: name ?? '',
        kind,
        potential_annual_spend: potential,
        acquisition_cost: acquisition,
        currency,
        timezone,
        team,
        ...Object.fromEntries(DECLARED.map((d) => [d.column, readDeclared(c, d, deps.mapping)])),
        created_at: deps.now,
        updated_at: deps.now,
      };
    },
    async write(tx, rows) {
      const spec = {
        table: 'accounts',
        columns: ACCOUNT_COLUMNS,
        conflict: '(kind, external_ref)',
        update: updatesFor(new Set([...deps.provided, 'name']), FIELD_COLUMNS),
        touch: { updated_at: 'excluded.updated_at' },
        returning: 'id',
      };
      // Accounts with orders whose timezone the file changes: their orders' days move with it (the
      // database does that) and so do their first/last order days and median gap, recomputed after the write.
      const rezoned = deps.provided.has('timezone')
        ? (
            await rowsOf<{ id: string }>(
              tx,
              sql`select a.id from json_to_recordset(${JSON.stringify(rows.map((r) => ({ kind: r.kind, external_ref: r.external_ref, timezone: r.timezone })))}::json)
                         as r(kind text, external_ref text, timezone text)
                    join accounts a on a.kind = r.kind and a.external_ref = r.external_ref
                   where a.timezone is distinct from r.timezone and a.order_count > 0`,
            )
          ).map((r) => r.id)
        : [];
      const returned = await rowsOf<{ inserted: boolean; id: string }>(tx, upsertSql(spec, JSON.stringify(rows)));
      if (rezoned.length > 0) await refreshStatsForTimezone(tx, { accountIds: rezoned });
      const counts = countsOf(rows.length, returned);
      // An account whose only change is its team is updated, not unchanged.
      const seen = new Set(returned.map((r) => r.id));
      const reteamed = (await writeTeams(tx, rows)).filter((id) => !seen.has(id)).length;
      return { ...counts, updated: counts.updated + reteamed, unchanged: counts.unchanged - reteamed };
    },
  };
}

/**
 * Sets the seats the rows name, set-based: for each (account, role) given, the account team holds
 * exactly the named users in that role — the others in it leave, the new ones join; seats of roles
 * the row leaves empty stay as they are. Returns the ids of the accounts whose team changed.
 */
async function writeTeams(tx: Parameters<NonNullable<KindHandler<AccountImportRow>['write']>>[0], rows: readonly AccountImportRow[]) {
  const seats = rows.flatMap((r) =>
    r.team.flatMap((s) => s.userIds.map((userId) => ({ kind: r.kind, external_ref: r.external_ref, role: s.role, user_id: userId }))),
  );
  if (seats.length === 0) return [];
  const changed = await rowsOf<{ account_id: string }>(
    tx,
    sql`with s as (
          select a.id as account_id, r.role, r.user_id
            from json_to_recordset(${JSON.stringify(seats)}::json) as r(kind text, external_ref text, role text, user_id uuid)
            join accounts a on a.kind = r.kind and a.external_ref = r.external_ref
        ),
        gone as (
          delete from account_team t
           using (select distinct account_id, role from s) g
           where t.account_id = g.account_id and t.role = g.role
             and not exists (select 1 from s where s.account_id = t.account_id and s.role = t.role and s.user_id = t.user_id)
          returning t.account_id
        ),
        joined as (
          insert into account_team (account_id, user_id, role)
          select distinct account_id, user_id, role from s
          on conflict do nothing
          returning account_id
        )
        select account_id from gone union select account_id from joined`,
  );
  return changed.map((c) => c.account_id);
}
