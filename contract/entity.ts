// One declaration per entity: each field once, with its zod value, whether a create needs it, its
// words for people and how a CSV import finds it. The create / update / read schemas, the import
// fields, the server's column copies (src/domain/shared/entity-row.ts) and the web's form values
// (web/src/lib/entity-form.ts) are derived from it, so a new field cannot be accepted by one and
// dropped by another. docs/ARCHITECTURE.md ("A new field") walks through adding one.
// No node or DOM imports here.
import { z } from 'zod';
import {
  AmountSchema,
  CurrencySchema,
  DateSchema,
  EmailSchema,
  IdSchema,
  MoneySchema,
  NonEmptyTextSchema,
  TextSchema,
  TimestampInputSchema,
} from './common.js';

/**
 * What a field holds: decides its read schema, its value in a web form and how an import cell is
 * read. A `secret` (a password) is taken as typed, never trimmed.
 */
export type ValueKind =
  'secret' | 'text' | 'enum' | 'money' | 'currency' | 'email' | 'id' | 'int' | 'number' | 'bool' | 'date' | 'timestamp' | 'list' | 'ref';

export interface Value<K extends ValueKind = ValueKind, In extends z.ZodType = z.ZodType, Out extends z.ZodType = z.ZodType> {
  readonly kind: K;
  /** What the API accepts (before optional / nullable). */
  readonly input: In;
  /** What the API shows (before nullable). */
  readonly read: Out;
}

const of = <K extends ValueKind, In extends z.ZodType, Out extends z.ZodType>(kind: K, input: In, read: Out): Value<K, In, Out> => ({
  kind,
  input,
  read,
});

/** The values fields are made of. */
export const value = {
  /** Text, trimmed, at most `max` characters. */
  text: (max: number) => of('text', TextSchema(max), z.string()),
  /** Text that must not be empty (names, numbers). */
  nonEmptyText: (max: number) => of('text', NonEmptyTextSchema(max), z.string()),
  oneOf: <E extends z.ZodEnum>(schema: E) => of('enum', schema, schema),
  /** Money that cannot be negative, as a decimal string; the row holds minor units. */
  amount: () => of('money', AmountSchema, z.string()),
  /** Money that may be negative (an order line's discount). */
  money: () => of('money', MoneySchema, z.string()),
  currency: () => of('currency', CurrencySchema, z.string()),
  email: () => of('email', EmailSchema, z.string()),
  id: () => of('id', IdSchema, IdSchema),
  int: <In extends z.ZodNumber>(schema: In) => of('int', schema, z.number().int()),
  number: <In extends z.ZodNumber>(schema: In) => of('number', schema, z.number()),
  bool: () => of('bool', z.boolean(), z.boolean()),
  /** A calendar date, YYYY-MM-DD. */
  date: () => of('date', DateSchema, z.string()),
  /** A point in time: ISO 8601 in, ISO 8601 out. */
  timestamp: () => of('timestamp', TimestampInputSchema, z.string()),
  list: <In extends z.ZodType, Out extends z.ZodType>(input: In, read: Out) => of('list', input, read),
  /** Any other value: its own input and read schemas. */
  of,
  /** An import field naming another record by its external reference (or number): never in the API. */
  ref: () => of('ref', z.string(), z.string()),
};

export interface ImportOptions {
  /** A file must map it (or give a default). */
  required?: boolean;
  /** Column names (lower case, letters and digits only) that usually hold it: the import wizard's guess. */
  synonyms?: readonly string[];
  /** Help for the import wizard when it differs from the field's. */
  help?: string;
}

/**
 * Where a field lives in the entity's row:
 * - `column`: a column of the same name holding the API's value as it is (blank text as null
 *   when the entity says so) — copied on create, PATCH and read without a line of code;
 * - `custom`: converted by the entity's code (money in minor units, a password hash): the server
 *   lists these fields in a compile-checked list (entity-row.ts `customFields`) and handles each;
 * - `none`: not in this row (computed, another table, import only).
 */
export type Store = 'column' | 'custom' | 'none';

export interface FieldOptions {
  /** What people call it: form labels, the import wizard. Plain words. */
  label: string;
  /** One line on what goes there, under the label. */
  help?: string;
  /** In a create: required, optional (the default), filled with a default when left out, or not at all. */
  create?: 'required' | 'optional' | 'none' | { default: unknown };
  /** In a PATCH (default yes). */
  update?: boolean;
  /** Null clears it; shown as null when empty. */
  nullable?: boolean;
  /** Shown by reads: derived from the value (the default), another schema, or not shown. */
  read?: boolean | z.ZodType;
  /** Default `column`. */
  store?: Store;
  /** A field of CSV imports of this entity, under the same name. */
  import?: ImportOptions;
}

type CreateOf<V extends Value, O extends FieldOptions> = O extends { create: 'none' }
  ? undefined
  : O extends { create: 'required' }
    ? V['input']
    : O extends { create: { default: unknown } }
      ? z.ZodDefault<V['input']>
      : O extends { nullable: true }
        ? z.ZodOptional<z.ZodNullable<V['input']>>
        : z.ZodOptional<V['input']>;
type UpdateOf<V extends Value, O extends FieldOptions> = O extends { update: false }
  ? undefined
  : O extends { nullable: true }
    ? z.ZodOptional<z.ZodNullable<V['input']>>
    : z.ZodOptional<V['input']>;
type ReadOf<V extends Value, O extends FieldOptions> = O extends { read: false }
  ? undefined
  : O extends { read: infer R extends z.ZodType }
    ? R
    : O extends { nullable: true }
      ? z.ZodNullable<V['read']>
      : V['read'];
/** The declared store, `column` when left out. */
type StoreOf<O extends FieldOptions> = O extends { store: infer S extends Store } ? S : 'column';

/** Any field, whatever its value and options. */
export interface AnyField {
  readonly value: Value;
  readonly options: FieldOptions;
  readonly store: Store;
  readonly isNullable: boolean;
  readonly create: z.ZodType | undefined;
  readonly update: z.ZodType | undefined;
  readonly read: z.ZodType | undefined;
}

export interface Field<V extends Value = Value, O extends FieldOptions = FieldOptions> extends AnyField {
  readonly value: V;
  readonly options: O;
  readonly store: StoreOf<O>;
  readonly isNullable: boolean;
  /** The field's schema in the create, the PATCH and the read schema (undefined: not in it). */
  readonly create: CreateOf<V, O>;
  readonly update: UpdateOf<V, O>;
  readonly read: ReadOf<V, O>;
}

/** A field of an entity; see FieldOptions for what each option means and its default. */
export function field<const V extends Value, const O extends FieldOptions>(v: V, options: O): Field<V, O> {
  const isNullable = options.nullable === true;
  const mode = options.create ?? 'optional';
  const input: z.ZodType = v.input;
  const create =
    mode === 'none'
      ? undefined
      : mode === 'required'
        ? input
        : typeof mode === 'object'
          ? input.default(mode.default as never)
          : isNullable
            ? input.nullish()
            : input.optional();
  const update = options.update === false ? undefined : isNullable ? input.nullish() : input.optional();
  const read =
    options.read === false ? undefined : options.read instanceof z.ZodType ? options.read : isNullable ? v.read.nullable() : v.read;
  return { value: v, options, store: options.store ?? 'column', isNullable, create, update, read } as Field<V, O>;
}

type ShownOptions<S extends z.ZodType, St extends Store> = { label: ''; create: 'none'; update: false; read: S; store: St };
type ShownField<S extends z.ZodType, St extends Store> = Field<Value<'text', S, S>, ShownOptions<S, St>>;
const shownAs = <S extends z.ZodType, St extends Store>(schema: S, store: St): ShownField<S, St> =>
  field(of('text', schema, schema), { label: '', create: 'none', update: false, read: schema, store });

/** A field only shown, kept on the row as it is shown (an id, a count, a time). */
export const shown = <S extends z.ZodType>(schema: S) => shownAs(schema, 'column');
/** A field only shown, computed from the row and others (a status, a name from another table). */
export const computed = <S extends z.ZodType>(schema: S) => shownAs(schema, 'none');

/** A field of CSV imports only (a reference to another record by its external reference, a status a file brings). */
export function importOnly<const V extends Value>(v: V, options: { label: string; help?: string; import: ImportOptions }) {
  return field(v, { ...options, create: 'none', update: false, read: false, store: 'none' });
}

export type Fields = Record<string, AnyField>;

type Picked<F extends Fields, P extends 'create' | 'update' | 'read'> = {
  [K in keyof F as F[K][P] extends z.ZodType ? K : never]: Extract<F[K][P], z.ZodType>;
};
export type CreateShape<F extends Fields> = Picked<F, 'create'>;
export type UpdateShape<F extends Fields> = Picked<F, 'update'>;
export type ReadShape<F extends Fields> = Picked<F, 'read'>;

/** The names of the fields with this store that are in the create / update / read schema. */
export type KeysOf<F extends Fields, S extends Store, P extends 'create' | 'update' | 'read'> = {
  [K in keyof F]: F[K]['store'] extends S ? (F[K][P] extends z.ZodType ? K : never) : never;
}[keyof F] &
  string;

/** One field of a kind of CSV import, as the mapping names it. */
export interface ImportField {
  name: string;
  label: string;
  help: string | undefined;
  isRequired: boolean;
  synonyms: readonly string[];
  /** Holds a date or a time: the mapping's dateFormat applies. */
  isDate: boolean;
}

export interface EntityOptions<F extends Fields> {
  /** Blank text is stored as null (the default), or kept as written (orders and quotes, as they always did). */
  blankText?: 'null' | 'kept';
  /** Import fields listed first, in this order (the rest follow in declaration order). */
  importFirst?: readonly (keyof F & string)[];
}

/** What every entity has, whatever its fields. */
export interface EntityInfo {
  readonly fields: Fields;
  readonly blankText: 'null' | 'kept';
  readonly importFields: readonly ImportField[];
}

export interface Entity<F extends Fields = Fields> extends EntityInfo {
  readonly fields: F;
  readonly options: EntityOptions<F>;
  /** The create body: strict, so an unknown field is a 400 naming it. */
  readonly create: z.ZodObject<CreateShape<F>, z.core.$strict>;
  /** The PATCH body: every field optional, strict. */
  readonly update: z.ZodObject<UpdateShape<F>, z.core.$strict>;
  readonly read: z.ZodObject<ReadShape<F>, z.core.$strip>;
}

function shapeOf(fields: Fields, part: 'create' | 'update' | 'read'): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(fields)) {
    const schema = f[part];
    if (schema) shape[name] = schema;
  }
  return shape;
}

/** An entity from its fields, in the order the API shows them. */
export function defineEntity<const F extends Fields>(fields: F, options: EntityOptions<F> = {}): Entity<F> {
  const first = options.importFirst ?? [];
  const names = Object.keys(fields).filter((n) => fields[n]!.options.import);
  for (const n of first) if (!names.includes(n)) throw new Error(`importFirst names ${n}, which is not an import field`);
  const importFields = [...first, ...names.filter((n) => !first.includes(n))].map((name): ImportField => {
    const { options, value: v } = fields[name]!;
    return {
      name,
      label: options.label,
      help: options.import?.help ?? options.help,
      isRequired: options.import?.required === true,
      synonyms: options.import?.synonyms ?? [],
      isDate: v.kind === 'date' || v.kind === 'timestamp',
    };
  });
  return {
    fields,
    options,
    blankText: options.blankText ?? 'null',
    create: z.strictObject(shapeOf(fields, 'create')) as Entity<F>['create'],
    update: z.strictObject(shapeOf(fields, 'update')) as Entity<F>['update'],
    read: z.object(shapeOf(fields, 'read')) as Entity<F>['read'],
    importFields,
  };
}
