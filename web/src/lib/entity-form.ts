// A form over an entity's declaration (contract/entity.ts): its values, their defaults, the record
// it edits and the request body all follow the declared fields, so a field added there is in the
// form's model without a line here; the form page places its input. Pure: no DOM, no React.
import type { z } from 'zod';
import type { AnyField, Entity, EntityInfo, Fields } from '../../../contract/entity';

type Part = 'create' | 'update';

/** The names of the fields a create (or a PATCH) takes. */
type PartKeys<F extends Fields, P extends Part> = { [K in keyof F]: F[K][P] extends z.ZodType ? K : never }[keyof F] & string;

/**
 * What an input holds for a field: text (money, dates) as typed, '' when empty; a number as a
 * number input gives it (a number, or text while typed, '' when empty); a picked record's id, null
 * when none is picked (a select); a choice, a switch, a list as they are.
 */
type FormValue<D extends AnyField> = D['value']['kind'] extends 'enum'
  ? z.output<D['value']['input']>
  : D['value']['kind'] extends 'bool'
    ? boolean
    : D['value']['kind'] extends 'list'
      ? z.input<D['value']['input']>
      : D['value']['kind'] extends 'int' | 'number'
        ? number | string
        : D['value']['kind'] extends 'id'
          ? string | null
          : string;

export type FormValues<F extends Fields, P extends Part = 'create'> = { [K in PartKeys<F, P>]: FormValue<F[K]> };

function names(entity: EntityInfo, part: Part): string[] {
  return Object.entries(entity.fields)
    .filter(([, f]) => f[part] !== undefined)
    .map(([name]) => name);
}

/** The form's field names (for placing server errors on their fields). */
export function formFields<F extends Fields, P extends Part = 'create'>(entity: Entity<F>, part?: P): PartKeys<F, P>[] {
  return names(entity, part ?? 'create') as PartKeys<F, P>[];
}

function emptyOf(f: AnyField): unknown {
  const create = f.options.create;
  if (typeof create === 'object') return create.default;
  return f.value.kind === 'bool' ? false : f.value.kind === 'list' ? [] : f.value.kind === 'id' ? null : '';
}

/** A new record's form: each field's declared default, else empty. */
export function formDefaults<F extends Fields, P extends Part = 'create'>(entity: Entity<F>, part?: P): FormValues<F, P> {
  return Object.fromEntries(names(entity, part ?? 'create').map((n) => [n, emptyOf(entity.fields[n]!)])) as FormValues<F, P>;
}

/** The form of a record as the API shows it: empty (null) fields as empty inputs. */
export function formValuesOf<F extends Fields, P extends Part = 'create'>(
  entity: Entity<F>,
  record: Record<string, unknown>,
  part?: P,
): FormValues<F, P> {
  return Object.fromEntries(
    names(entity, part ?? 'create').map((n) => [n, record[n] === null || record[n] === undefined ? emptyOf(entity.fields[n]!) : record[n]]),
  ) as FormValues<F, P>;
}

export interface FormInputOptions {
  /**
   * Leave every blank out, an empty list too, even where null would clear it: for a create whose
   * blanks the server fills alike (orders and quotes: empty, or the sum of the lines, or today).
   */
  shouldOmitBlanks?: boolean;
}

const isNumeric = (f: AnyField) => f.value.kind === 'int' || f.value.kind === 'number';

/**
 * The request body: a blank input (nothing picked, empty text) is null for a field that can be
 * cleared, left out for an optional one (the server's default applies), and sent as it is for a
 * required one (the schema names it). A number typed as text is sent as a number.
 */
export function formInput<F extends Fields>(
  entity: Entity<F>,
  values: Record<string, unknown>,
  part: Part,
  { shouldOmitBlanks = false }: FormInputOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names(entity, part)) {
    const f = entity.fields[n]!;
    const v = values[n];
    // A password is taken as typed, spaces and all.
    const isBlank =
      v === null ||
      (typeof v === 'string' && (f.value.kind === 'secret' ? v === '' : v.trim() === '')) ||
      (shouldOmitBlanks && Array.isArray(v) && v.length === 0);
    if (!isBlank) out[n] = isNumeric(f) && typeof v === 'string' ? Number(v) : v;
    else if (f.options.create === 'required') out[n] = v;
    else if (f.isNullable && !shouldOmitBlanks) out[n] = null;
  }
  return out;
}

/** The words of a field, for its input: label and the line under it. */
export function wordsOf<F extends Fields>(entity: Entity<F>, name: keyof F & string): { label: string; description: string | undefined } {
  const { label, help } = entity.fields[name]!.options;
  return { label, description: help };
}

/** Field → label, for the fields people see by name (a change in a history). */
export function labelsOf(entity: EntityInfo): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entity.fields)
      .filter(([, f]) => f.options.label !== '')
      .map(([name, f]) => [name, f.options.label]),
  );
}
