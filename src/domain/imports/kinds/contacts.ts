// contacts: matched within their account by external reference, else by name (case-insensitive).
// The fields read by hand are listed in BY_HAND; every other import field of the declaration
// (ContactEntity: phone, title, roleAtCustomer …) is read by its declared value (declared.ts).
import { sql } from 'drizzle-orm';
import { ContactEntity } from '../../../../contract/accounts.js';
import { contacts } from '../../../db/schema/index.js';
import { rowsOf, type KindDeps, type KindHandler } from '../kind.js';
import type { RefMaps } from '../refs.js';
import { parseBooleanValue } from '../values.js';
import { declaredColumns, readDeclared } from './declared.js';

interface ContactImportRow {
  account_id: string;
  external_ref: string | null;
  name: string;
  email: string | null;
  is_primary: boolean;
  /** The declared columns (phone, title, role_at_customer …), by column name. */
  [column: string]: unknown;
}

const BY_HAND = ['accountRef', 'name', 'externalRef', 'email', 'isPrimary'];
const DECLARED = declaredColumns(ContactEntity, contacts, BY_HAND);
/** Field → column of the optional fields: updated on re-import only when the file provides them. */
const OPTIONAL: Record<string, string> = {
  email: 'email',
  isPrimary: 'is_primary',
  ...Object.fromEntries(DECLARED.map((d) => [d.field, d.column])),
};
const COLUMNS: Record<string, string> = {
  account_id: 'uuid',
  external_ref: 'text',
  name: 'text',
  email: 'text',
  is_primary: 'boolean',
  ...Object.fromEntries(DECLARED.map((d) => [d.column, d.sqlType])),
};

export function contactsKind(deps: KindDeps, refs: RefMaps): KindHandler<ContactImportRow> {
  const primaries = new Set<string>();
  const update = [
    'name',
    ...Object.entries(OPTIONAL)
      .filter(([f]) => deps.provided.has(f))
      .map(([, c]) => c),
  ];
  const same = `c.account_id = r.account_id and (case when r.external_ref is not null then c.external_ref = r.external_ref else c.external_ref is null and lower(c.name) = lower(r.name) end)`;
  const recordType = Object.entries(COLUMNS)
    .map(([c, type]) => `${c} ${type}`)
    .join(', ');
  const insertColumns = Object.keys(COLUMNS).join(', ');
  return {
    keyField: 'externalRef',
    key: (r) => `${r.account_id}/${r.external_ref ?? `name:${r.name.toLowerCase()}`}`,
    convert(c) {
      const accountRef = c.get('accountRef');
      const account = accountRef ? refs.anyAccount.get(accountRef) : undefined;
      if (!accountRef) c.bad('accountRef', 'is required');
      else if (!account) c.bad('accountRef', 'is not the external reference of an account');
      const name = c.get('name');
      if (!name) c.bad('name', 'is required');
      const declared = Object.fromEntries(DECLARED.map((d) => [d.column, readDeclared(c, d, deps.mapping)]));
      const primaryText = c.get('isPrimary');
      const isPrimary = primaryText === undefined ? false : parseBooleanValue(primaryText);
      if (isPrimary === null) c.bad('isPrimary', 'must be yes or no (true/false, 1/0)');
      if (isPrimary && account) {
        if (primaries.has(account.id)) c.bad('isPrimary', 'another contact of this account is primary earlier in the file');
        primaries.add(account.id);
      }
      return {
        account_id: account?.id ?? '',
        external_ref: c.get('externalRef') ?? null,
        name: name ?? '',
        email: c.get('email') ?? null,
        is_primary: isPrimary ?? false,
        ...declared,
      };
    },
    async write(tx, rows) {
      const json = JSON.stringify(rows);
      if (deps.provided.has('isPrimary')) {
        // One primary per account (a database rule): the file's primary contact takes over.
        await tx.execute(sql`
          update contacts c set is_primary = false, updated_at = ${deps.now.toISOString()}::timestamptz
            from json_to_recordset(${json}::json) as r(${sql.raw(recordType)})
           where r.is_primary and c.account_id = r.account_id and c.is_primary and not (${sql.raw(same)})`);
      }
      const [res] = await rowsOf<{ created: number; updated: number }>(
        tx,
        sql`with r as (select r.*, exists (select 1 from contacts c where ${sql.raw(same)}) as is_match
                        from json_to_recordset(${json}::json) as r(${sql.raw(recordType)})),
          upd as (
            update contacts c set ${sql.raw(update.map((col) => `${col} = r.${col}`).join(', '))}, updated_at = ${deps.now.toISOString()}::timestamptz
              from r where r.is_match and ${sql.raw(same)}
               and (${sql.raw(update.map((col) => `c.${col}`).join(', '))}) is distinct from (${sql.raw(update.map((col) => `r.${col}`).join(', '))})
            returning 1),
          ins as (
            insert into contacts (${sql.raw(insertColumns)}, created_at, updated_at)
            select ${sql.raw(insertColumns)}, ${deps.now.toISOString()}::timestamptz, ${deps.now.toISOString()}::timestamptz
              from r where not r.is_match
            returning 1)
        select (select count(*)::int from ins) as created, (select count(*)::int from upd) as updated`,
      );
      const created = Number(res?.created ?? 0);
      const updated = Number(res?.updated ?? 0);
      return { created, updated, unchanged: rows.length - created - updated };
    },
  };
}
