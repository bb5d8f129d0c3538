// The row side of an entity's declaration (contract/entity.ts): the fields stored as a column of
// the same name (`store: 'column'`) are copied from a create, a PATCH and the row without a list
// of names anywhere, so a field added to the declaration reaches the database and comes back.
// Fields an entity converts itself (`store: 'custom'`: money in minor units, a password hash) are
// named in a list the compiler checks (`customFields`). Pure: no database.
import type { z } from 'zod';
import type { Entity, EntityInfo, Fields, KeysOf } from '../../../contract/entity.js';

type Part = 'create' | 'update' | 'read';
type CreateInput<F extends Fields> = z.output<Entity<F>['create']>;
type UpdateInput<F extends Fields> = z.output<Entity<F>['update']>;
type ReadOutput<F extends Fields> = z.output<Entity<F>['read']>;
type At<T, K> = K extends keyof T ? T[K] : never;

/** A create's value for a column: null when a nullable field is left out; left out when the column has a default. */
type CreateValue<T> = undefined extends T ? (null extends T ? Exclude<T, undefined> : T) : T;

export type ColumnValues<F extends Fields> = {
  [K in KeysOf<F, 'column', 'create'>]: CreateValue<At<CreateInput<F>, K>>;
};
export type ColumnPatch<F extends Fields> = {
  [K in KeysOf<F, 'column', 'update'>]?: Exclude<At<UpdateInput<F>, K>, undefined>;
};

function stored(entity: EntityInfo, name: string, v: unknown): unknown {
  const isBlank = typeof v === 'string' && v.trim() === '';
  return isBlank && entity.blankText === 'null' && entity.fields[name]!.isNullable ? null : v;
}

function namesOf(entity: EntityInfo, store: 'column' | 'custom', part: Part): string[] {
  return Object.entries(entity.fields)
    .filter(([, f]) => f.store === store && f[part] !== undefined)
    .map(([name]) => name);
}

/** The column values of a create (blank text as null unless the entity keeps it). */
export function columnValues<F extends Fields>(entity: Entity<F>, input: CreateInput<F>): ColumnValues<F> {
  const given = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of namesOf(entity, 'column', 'create')) {
    const v = given[name];
    if (v !== undefined) out[name] = stored(entity, name, v);
    else if (entity.fields[name]!.isNullable) out[name] = null;
  }
  return out as ColumnValues<F>;
}

/** The column changes of a PATCH: every column field it gives; null clears. */
export function columnPatch<F extends Fields>(entity: Entity<F>, input: UpdateInput<F>): ColumnPatch<F> {
  const given = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of namesOf(entity, 'column', 'update')) if (given[name] !== undefined) out[name] = stored(entity, name, given[name]);
  return out as ColumnPatch<F>;
}

/** A shown string may come from a text column (an enum kept as text, as the presenters cast before) or a timestamp. */
type RowValue<T> = T extends string ? string | Date : T;
export type ShownColumns<F extends Fields> = { [K in KeysOf<F, 'column', 'read'>]: At<ReadOutput<F>, K> };

/** The read fields kept as columns, as the API shows them (times as ISO 8601). */
export function columnsOf<F extends Fields, Row extends { [K in KeysOf<F, 'column', 'read'>]: RowValue<At<ReadOutput<F>, K>> }>(
  entity: Entity<F>,
  row: Row,
): ShownColumns<F> {
  const out: Record<string, unknown> = {};
  for (const name of namesOf(entity, 'column', 'read')) {
    const v: unknown = (row as Record<string, unknown>)[name];
    out[name] = v instanceof Date ? v.toISOString() : v;
  }
  return out as ShownColumns<F>;
}

type NoneMissing<All, Listed> = [Exclude<All, Listed>] extends [never]
  ? unknown
  : { 'every custom field must be listed; missing': Exclude<All, Listed> };

/**
 * The fields of a create or a PATCH that the entity's code converts itself (`store: 'custom'`),
 * listed where they are converted: the compiler refuses a list that misses one, so a field declared
 * custom cannot be accepted by the schema and then left out.
 */
export function customFields<F extends Fields, P extends 'create' | 'update', const L extends readonly KeysOf<F, 'custom', P>[]>(
  entity: Entity<F>,
  part: P,
  list: L & NoneMissing<KeysOf<F, 'custom', P>, L[number]>,
): L {
  const all = namesOf(entity, 'custom', part);
  const missing = all.filter((n) => !(list as readonly string[]).includes(n));
  if (missing.length > 0) throw new Error(`custom ${part} fields not handled: ${missing.join(', ')}`);
  return list;
}
