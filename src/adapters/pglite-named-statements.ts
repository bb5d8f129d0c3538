// ADAPTER over PGlite internals (README.md here): `_runExclusiveTransaction` / `_runExclusiveQuery`,
// the two locks PGlite's own `query()` takes, and its wire-protocol entry `execProtocol`.
//
// Named prepared statements for the embedded database. PGlite's `query()` parses, describes and
// plans every statement anew (an unnamed statement, five calls into the engine), so a read of a
// page paid its planning on every request: the timeline planned in ≈ 4 ms and ran in ≈ 1 ms.
// This keeps each parameterised statement text Drizzle sends as a named statement of the
// session: parsed and described once, then bound and executed in one call with a reused plan —
// what node-postgres does for a named query (decision 0008). Same results: the parameters are
// serialised and the rows parsed by PGlite's own serializers and parsers, by type.
import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

/** Statements kept per session; the least recently used one is closed beyond this. */
export const MAX_NAMED_STATEMENTS = 500;

interface Named {
  name: string;
  paramTypes: number[];
}

/** The private locks of PGlite's own query() (declared in its types): a statement never runs inside another's transaction. */
interface Exclusive {
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The PGlite internals this file needs, checked when the database opens: an upgrade that drops or
 * renames one fails at once with this message, not with a type error on the first query.
 */
export function exclusiveLocksOf(client: PGlite): Exclusive {
  const locks = client as unknown as Partial<Exclusive>;
  for (const name of ['_runExclusiveTransaction', '_runExclusiveQuery'] as const) {
    if (typeof locks[name] !== 'function')
      throw new Error(
        `@electric-sql/pglite no longer has its private ${name}(), which named statements need (src/adapters/README.md): check the upgrade against the adapter's contract test.`,
      );
  }
  return locks as Exclusive;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface NamedStatements {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  /** How many statements are kept now (for tests). */
  size(): number;
}

/** Names are unique in the process: two sets of statements on one session never collide. */
let instances = 0;

export function namedStatements(client: PGlite, max = MAX_NAMED_STATEMENTS): NamedStatements {
  const { serialize } = protocol;
  const byText = new Map<string, Named>();
  const prefix = `rapport_${++instances}_`;
  let counter = 0;
  const locks = exclusiveLocksOf(client);

  const prepare = async (text: string): Promise<Named> => {
    const found = byText.get(text);
    if (found) {
      // Most recently used last: a Map keeps insertion order.
      byText.delete(text);
      byText.set(text, found);
      return found;
    }
    const name = `${prefix}${++counter}`;
    const parts = [serialize.parse({ name, text }), serialize.describe({ type: 'S', name })];
    const oldest = byText.size >= max ? byText.entries().next().value : undefined;
    if (oldest) {
      byText.delete(oldest[0]);
      parts.push(serialize.close({ type: 'S', name: oldest[1].name }));
    }
    const { messages } = await client.execProtocol(concat([...parts, serialize.sync()]), { syncToFs: false });
    const described = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] } | undefined;
    const named = { name, paramTypes: described?.dataTypeIDs ?? [] };
    byText.set(text, named);
    return named;
  };

  return {
    size: () => byText.size,
    async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
      // Statements without parameters (DDL, COPY, SET …) and blob transfers keep PGlite's own path.
      if (params.length === 0 || options?.blob || options?.paramTypes) return client.query<T>(text, params, options);
      return locks._runExclusiveTransaction(() =>
        locks._runExclusiveQuery(async () => {
          const st = await prepare(text);
          const values = params.map((v, i) => {
            if (v === null || v === undefined) return null;
            const type = st.paramTypes[i]!;
            const serializer = options?.serializers?.[type] ?? client.serializers[type];
            // As PGlite's own query(): a type without a serializer gets the value's toString().
            return serializer ? serializer(v) : (v as { toString(): string }).toString();
          });
          const message = concat([
            serialize.bind({ statement: st.name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ]);
          const { messages } = await client.execProtocol(message, { syncToFs: false });
          await client.syncToFs();
          return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
        }),
      );
    },
  };
}

/**
 * The PGlite client as Drizzle sees it: the same object, but its top-level `query` goes through
 * named statements. Transactions (their own `query`), `exec`, `listen` and the rest are PGlite's.
 */
export function withNamedStatements(client: PGlite, max = MAX_NAMED_STATEMENTS): PGlite {
  const named = namedStatements(client, max);
  const query = named.query.bind(named);
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
