// accounts and suppliers: upserted by (kind, external reference). The fields read by hand are
// listed in BY_HAND; every other import field of the declaration (AccountEntity: tier, phone,
// city, country …) is read by its declared value into its column (declared.ts).
import { AccountEntity } from '../../../../contract/accounts.js';
import { accounts } from '../../../db/schema/index.js';
import { isKnownCurrency, isValidTimezone, parseMoney } from '../../shared/index.js';
import { countsOf, rowsOf, updatesFor, upsertSql, type KindDeps, type KindHandler } from '../kind.js';
import { normalizeDecimal } from '../values.js';
import { declaredColumns, readDeclared } from './declared.js';
import { NEGATIVE } from './read.js';

interface AccountImportRow {
  external_ref: string;
  name: string;
  kind: string;
  potential_annual_spend: number | null;
  acquisition_cost: number | null;
  currency: string;
  timezone: string | null;
  created_at: Date;
  updated_at: Date;
  /** The declared columns (tier, phone …), by column name. */
  [column: string]: unknown;
}

const BY_HAND = ['externalRef', 'name', 'kind', 'currency', 'timezone', 'potentialAnnualSpend', 'acquisitionCost'];
const DECLARED = declaredColumns(AccountEntity, accounts, BY_HAND);

const COLUMNS: Record<string, string> = {
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

export function accountsKind(deps: KindDeps): KindHandler<AccountImportRow> {
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
      const money = (field: string): number | null => {
        const text = c.get(field);
        if (text === undefined || !isKnownCurrency(currency)) return null;
        const d = normalizeDecimal(text, deps.mapping.decimal);
        const m = d === null ? null : parseMoney(d, currency);
        if (!m || !m.ok) {
          c.bad(field, m && !m.ok ? m.message : 'is not a number');
          return null;
        }
        if (m.minor < 0) {
          c.bad(field, NEGATIVE);
          return null;
        }
        return m.minor;
      };
      const potential = money('potentialAnnualSpend');
      const acquisition = money('acquisitionCost');
      return {
        external_ref: externalRef ?? '',
        name: name ?? '',
        kind,
        potential_annual_spend: potential,
        acquisition_cost: acquisition,
        currency,
        timezone,
        ...Object.fromEntries(DECLARED.map((d) => [d.column, readDeclared(c, d, deps.mapping)])),
        created_at: deps.now,
        updated_at: deps.now,
      };
    },
    async write(tx, rows) {
      const spec = {
        table: 'accounts',
        columns: COLUMNS,
        conflict: '(kind, external_ref)',
        update: updatesFor(new Set([...deps.provided, 'name']), FIELD_COLUMNS),
        touch: { updated_at: 'excluded.updated_at' },
      };
      const returned = await rowsOf<{ inserted: boolean }>(tx, upsertSql(spec, JSON.stringify(rows)));
      return countsOf(rows.length, returned);
    },
  };
}
