// Deterministic data generator for the benchmarks: the same seed and size give the same rows on
// both engines. Written with COPY (PGlite: '/dev/blob'; PostgreSQL: pg-copy-streams) in chunks,
// then the accounts' order statistics are set by the same set-based UPDATE the app uses.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { APP_ROLE } from '../src/db/app-role.js';
import type { Database } from '../src/db/client.js';
import { refreshAccountOrderStats } from '../src/domain/order-stats/index.js';
import { dateIn, seededRandom } from '../src/domain/shared/index.js';

export type SizeName = 'XS' | 'S' | 'M' | 'L';

export interface DatasetSize {
  accounts: number;
  orders: number;
}

export const SIZES: Record<SizeName, DatasetSize> = {
  // XS: `npm run bench -- --smoke` (CI), just enough accounts for 40 list pages of 25.
  XS: { accounts: 1_000, orders: 1_000 },
  S: { accounts: 1_000, orders: 10_000 },
  M: { accounts: 50_000, orders: 1_000_000 },
  L: { accounts: 500_000, orders: 10_000_000 },
};

export interface GenerateInput extends DatasetSize {
  seed?: number;
  /** Lines per order (default 2). */
  linesPerOrder?: number;
  /** Orders are placed over the three years before this instant. */
  endAt?: Date;
  progress?: (line: string) => void;
}

export interface GenerateResult {
  rows: Record<string, number>;
  /** Accounts with orders, spread over the order-count distribution (the busiest first). */
  sampleAccountIds: string[];
  /** Orders spread over the whole table. */
  sampleOrderIds: string[];
  seconds: { copy: number; indexes: number; stats: number; analyze: number };
  /** Milliseconds spent in COPY, per table. */
  copyMs: Record<string, number>;
}

const CHUNK = 50_000;
const DAY = 86_400_000;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4-shaped UUID drawn from the generator (random order in the indexes, like real ids). */
function uuidFrom(rand: () => number): string {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const x = Math.floor(rand() * 4294967296);
    b.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
  }
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => HEX[x]!);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const FIRST = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Hooli',
  'Vandelay',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Pied Piper',
];
const SECOND = [
  'Precision',
  'Fabrication',
  'Machining',
  'Plastics',
  'Components',
  'Tooling',
  'Castings',
  'Assemblies',
  'Controls',
  'Hydraulics',
];
const SUFFIX = ['Inc', 'LLC', 'GmbH', 'Ltd', 'SA', 'Co'];
const CITIES: [string, string, string][] = [
  ['Chicago', 'US', 'America/Chicago'],
  ['Cleveland', 'US', 'America/New_York'],
  ['Houston', 'US', 'America/Chicago'],
  ['Stuttgart', 'DE', 'Europe/Berlin'],
  ['Lyon', 'FR', 'Europe/Paris'],
  ['Birmingham', 'GB', 'Europe/London'],
];
const PEOPLE = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'John'];
const SURNAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Backus',
];

/** One CSV field: NULL is an empty unquoted field, text is quoted when it needs to be. */
function f(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  return /[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * COPY in CSV chunks on one session. NOTE: foreign-key and other triggers are off for that session
 * (session_replication_role = replica, as pg_restore --disable-triggers does): the generated rows
 * are consistent by construction, and per-row FK checks made COPY 10× slower. Needs a superuser.
 */
class CopyWriter {
  rows: Record<string, number> = {};
  ms: Record<string, number> = {};
  private client: pg.PoolClient | undefined;
  constructor(private readonly database: Database) {}

  async open(): Promise<void> {
    // PGlite: as its superuser, not the app's role (src/db/app-role.ts): COPY cannot write a table
    // with row-level security for a role the policy applies to.
    if (this.database.engine === 'pglite') await this.database.exec('set role postgres; set session_replication_role = replica');
    else {
      this.client = await this.database.pool!.connect();
      await this.client.query('set session_replication_role = replica');
    }
  }

  async close(): Promise<void> {
    if (this.database.engine === 'pglite') await this.database.exec(`reset session_replication_role; set role ${APP_ROLE}`);
    else {
      await this.client?.query('reset session_replication_role');
      this.client?.release();
    }
  }

  async copy(table: string, columns: string[], lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    const t = Date.now();
    const csv = lines.join('\n') + '\n';
    const cols = columns.join(', ');
    if (this.database.engine === 'pglite') {
      await this.database.pglite!.query(`copy ${table} (${cols}) from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
    } else {
      await pipeline(Readable.from([csv]), this.client!.query(copyFrom(`copy ${table} (${cols}) from stdin with (format csv)`)));
    }
    this.rows[table] = (this.rows[table] ?? 0) + lines.length;
    this.ms[table] = (this.ms[table] ?? 0) + Date.now() - t;
  }
}

const BULK_TABLES = ['accounts', 'contacts', 'orders', 'order_lines', 'order_events', 'activities'];

/**
 * Secondary (non-unique) indexes of the bulk tables, read from the catalog so the schema stays
 * the migrations' alone: dropped before COPY and rebuilt after, once, instead of row by row.
 */
async function dropSecondaryIndexes(database: Database): Promise<string[]> {
  const rows = await database.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def
       from pg_indexes i join pg_class c on c.relname = i.indexname
       join pg_index x on x.indexrelid = c.oid
      where i.schemaname = 'public' and i.tablename = any($1) and not x.indisunique and not x.indisprimary`,
    [BULK_TABLES],
  );
  for (const r of rows) await database.exec(`drop index "${r.name}"`);
  return rows.map((r) => r.def);
}

export async function generateDataset(database: Database, input: GenerateInput): Promise<GenerateResult> {
  const progress = input.progress ?? (() => undefined);
  const rand = seededRandom(input.seed ?? 20_260_630);
  const endAt = (input.endAt ?? new Date('2026-06-30T00:00:00Z')).getTime();
  const startAt = endAt - 3 * 365 * DAY;
  const linesPerOrder = input.linesPerOrder ?? 2;
  const w = new CopyWriter(database);
  const t0 = Date.now();
  const accountIds: string[] = [];
  // Each account's timezone: the orders' placed and shipped days are written with them (COPY runs
  // with triggers off, so the database's trigger does not set them; decision 0022).
  const accountZones: string[] = [];
  const customers = Math.max(1, Math.floor(input.accounts * 0.9));
  const sampleOrderIds: string[] = [];
  const orderCounts = new Uint32Array(customers);
  const indexDefs = await dropSecondaryIndexes(database);
  await w.open();
  try {
    // Staff: reps and CSRs.
    const userCount = Math.min(200, Math.max(6, Math.round(input.accounts / 50)));
    const userIds: string[] = [];
    const userLines: string[] = [];
    for (let i = 0; i < userCount; i++) {
      const id = uuidFrom(rand);
      userIds.push(id);
      const name = `${pick(rand, PEOPLE)} ${pick(rand, SURNAMES)}`;
      userLines.push([id, f(`staff${i + 1}@bench.example`), f(name), f(`EMP-${i + 1}`), f(i % 3 === 2 ? '{csr}' : '{sales}')].join(','));
    }
    await w.copy('users', ['id', 'email', 'name', 'external_ref', 'roles'], userLines);
    const reps = userIds.filter((_, i) => i % 3 !== 2);
    const csrs = userIds.filter((_, i) => i % 3 === 2);

    // Accounts: 90 % customers (they get the orders), 10 % prospects. One primary contact each.
    for (let start = 0; start < input.accounts; start += CHUNK) {
      const accountLines: string[] = [];
      const contactLines: string[] = [];
      for (let i = start; i < Math.min(input.accounts, start + CHUNK); i++) {
        const id = uuidFrom(rand);
        accountIds.push(id);
        const [city, country, tz] = pick(rand, CITIES);
        accountZones.push(tz);
        const isCustomer = i < customers;
        const name = `${pick(rand, FIRST)} ${pick(rand, SECOND)} ${pick(rand, SUFFIX)} ${i + 1}`;
        const createdAt = startAt - Math.floor(rand() * 365 * DAY);
        accountLines.push(
          [
            id,
            f(name),
            isCustomer ? 'customer' : 'prospect',
            f(`ACC-${i + 1}`),
            pick(rand, ['A', 'B', 'C']),
            Math.floor(rand() * 500_000) * 100,
            Math.floor(rand() * 5_000) * 100,
            'USD',
            tz,
            f(`+1 555 ${String(i).padStart(7, '0')}`),
            f(city),
            country,
            iso(createdAt),
            iso(createdAt),
          ].join(','),
        );
        contactLines.push(
          [
            uuidFrom(rand),
            id,
            f(`${pick(rand, PEOPLE)} ${pick(rand, SURNAMES)}`),
            f(`buyer${i + 1}@customer.example`),
            'buyer',
            'true',
            iso(createdAt),
            iso(createdAt),
          ].join(','),
        );
      }
      await w.copy(
        'accounts',
        [
          'id',
          'name',
          'kind',
          'external_ref',
          'tier',
          'potential_annual_spend',
          'acquisition_cost',
          'currency',
          'timezone',
          'phone',
          'city',
          'country',
          'created_at',
          'updated_at',
        ],
        accountLines,
      );
      await w.copy(
        'contacts',
        ['id', 'account_id', 'name', 'email', 'role_at_customer', 'is_primary', 'created_at', 'updated_at'],
        contactLines,
      );
    }

    // Orders with their lines and 'created' event. Accounts are skewed: a few big customers,
    // a long tail (index = customers × u², so account 0 gets about orders / √customers).
    const orderChunk = Math.max(1, Math.floor(CHUNK / (1 + linesPerOrder)));
    for (let start = 0; start < input.orders; start += orderChunk) {
      const orderLines: string[] = [];
      const lineLines: string[] = [];
      const eventLines: string[] = [];
      for (let i = start; i < Math.min(input.orders, start + orderChunk); i++) {
        const id = uuidFrom(rand);
        if (i % Math.max(1, Math.floor(input.orders / 200)) === 0) sampleOrderIds.push(id);
        const a = Math.floor(customers * rand() ** 2);
        orderCounts[a]! += 1;
        const accountId = accountIds[a]!;
        const placedAt = startAt + Math.floor(rand() * (endAt - startAt));
        const promised = placedAt + (10 + Math.floor(rand() * 20)) * DAY;
        const age = endAt - placedAt;
        const r = rand();
        let status: string;
        let shippedAt: number | null = null;
        let deliveredAt: number | null = null;
        if (r < 0.02) status = 'cancelled';
        else if (age > 45 * DAY || r > 0.7) {
          shippedAt = Math.max(placedAt, Math.min(endAt - DAY, promised + Math.floor((rand() - 0.8) * 10) * DAY));
          deliveredAt = shippedAt + (1 + Math.floor(rand() * 5)) * DAY;
          status = deliveredAt < endAt ? (age > 120 * DAY ? 'closed' : 'delivered') : 'shipped';
          if (deliveredAt >= endAt) deliveredAt = null;
        } else status = pick(rand, ['received', 'data_review', 'in_production', 'inspection', 'ready_to_ship']);
        const rep = pick(rand, reps);
        let amount = 0;
        for (let p = 1; p <= linesPerOrder; p++) {
          const qty = 1 + Math.floor(rand() * 50);
          const unit = 100 * (5 + Math.floor(rand() * 995));
          amount += qty * unit;
          lineLines.push(
            [
              uuidFrom(rand),
              id,
              p,
              f(`SKU-${1000 + Math.floor(rand() * 9000)}`),
              f(`Part ${p} of order ${i + 1}`),
              qty,
              unit,
              qty * unit,
            ].join(','),
          );
        }
        orderLines.push(
          [
            id,
            accountId,
            f(`SO-${String(i + 1).padStart(8, '0')}`),
            f(`ERP-${i + 1}`),
            iso(placedAt),
            isoDate(promised),
            isoDate(promised),
            amount,
            'USD',
            status,
            rep,
            pick(rand, csrs),
            shippedAt === null ? '' : iso(shippedAt),
            shippedAt === null ? '' : pick(rand, ['UPS', 'FedEx', 'DHL']),
            deliveredAt === null ? '' : iso(deliveredAt),
            iso(placedAt),
            iso(shippedAt ?? placedAt),
            dateIn(new Date(placedAt), accountZones[a]!),
            shippedAt === null ? '' : dateIn(new Date(shippedAt), accountZones[a]!),
          ].join(','),
        );
        eventLines.push([id, accountId, 'created', 'received', rep, iso(placedAt)].join(','));
      }
      await w.copy(
        'orders',
        [
          'id',
          'account_id',
          'number',
          'external_ref',
          'placed_at',
          'promised_date',
          'expected_ship_date',
          'amount',
          'currency',
          'status',
          'rep_id',
          'csr_id',
          'shipped_at',
          'carrier',
          'delivered_at',
          'created_at',
          'updated_at',
          'placed_on',
          'shipped_on',
        ],
        orderLines,
      );
      await w.copy('order_lines', ['id', 'order_id', 'position', 'sku', 'description', 'quantity', 'unit_price', 'line_amount'], lineLines);
      await w.copy('order_events', ['order_id', 'account_id', 'kind', 'to_status', 'actor_id', 'at'], eventLines);
      if (start > 0 && (start / orderChunk) % 20 === 0)
        progress(`  ${start.toLocaleString('en')} / ${input.orders.toLocaleString('en')} orders`);
    }

    // One follow-up call per account that has orders (the timeline's activity branch).
    for (let start = 0; start < customers; start += CHUNK) {
      const lines: string[] = [];
      for (let a = start; a < Math.min(customers, start + CHUNK); a++) {
        if (orderCounts[a] === 0) continue;
        const at = startAt + Math.floor(rand() * (endAt - startAt));
        lines.push(
          [
            uuidFrom(rand),
            accountIds[a]!,
            'call',
            f('Follow-up call'),
            f('Asked how the order is going.'),
            pick(rand, reps),
            iso(at),
            iso(at),
          ].join(','),
        );
      }
      await w.copy('activities', ['id', 'account_id', 'kind', 'subject', 'body', 'actor_id', 'occurred_at', 'created_at'], lines);
    }
  } finally {
    await w.close();
  }
  const copySeconds = (Date.now() - t0) / 1000;

  const tIdx = Date.now();
  for (const def of indexDefs) await database.exec(def);
  const indexSeconds = (Date.now() - tIdx) / 1000;

  const t1 = Date.now();
  await refreshAccountOrderStats(database.db, accountIds.slice(0, customers));
  const statsSeconds = (Date.now() - t1) / 1000;
  const t2 = Date.now();
  await database.exec('analyze');
  const analyzeSeconds = (Date.now() - t2) / 1000;

  // Sample accounts: the busiest, then evenly across those with orders.
  const withOrders = [...orderCounts.keys()].filter((a) => orderCounts[a]! > 0);
  const step = Math.max(1, Math.floor(withOrders.length / 100));
  const sampleAccountIds = withOrders.filter((_, k) => k % step === 0).map((a) => accountIds[a]!);
  return {
    rows: w.rows,
    sampleAccountIds,
    sampleOrderIds,
    seconds: { copy: copySeconds, indexes: indexSeconds, stats: statsSeconds, analyze: analyzeSeconds },
    copyMs: w.ms,
  };
}
