// accounts and suppliers: upserted by (kind, external reference).
import { isKnownCurrency, isValidTimezone, parseMoney } from '../../shared/index.js';
import { countsOf, rowsOf, updatesFor, upsertSql, type KindDeps, type KindHandler } from '../kind.js';
import { normalizeDecimal } from '../values.js';
import { NEGATIVE } from './read.js';

interface AccountImportRow {
  external_ref: string;
  name: string;
  kind: string;
  tier: string | null;
  potential_annual_spend: number | null;
  acquisition_cost: number | null;
  currency: string;
  timezone: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS: Record<string, string> = {
  external_ref: 'text',
  name: 'text',
  kind: 'text',
  tier: 'text',
  potential_annual_spend: 'bigint',
  acquisition_cost: 'bigint',
  currency: 'text',
  timezone: 'text',
  phone: 'text',
  city: 'text',
  country: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};

const FIELD_COLUMNS = {
  name: 'name',
  tier: 'tier',
  potentialAnnualSpend: 'potential_annual_spend',
  acquisitionCost: 'acquisition_cost',
  currency: 'currency',
  timezone: 'timezone',
  phone: 'phone',
  city: 'city',
  country: 'country',
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
        tier: c.get('tier') ?? null,
        potential_annual_spend: potential,
        acquisition_cost: acquisition,
        currency,
        timezone,
        phone: c.get('phone') ?? null,
        city: c.get('city') ?? null,
        country: c.get('country') ?? null,
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
