// quotes: upserted by number. A new quote gets its 'sent' event at sentAt and, when decided, its
// decision at decidedAt; a changed quote one event naming each changed field.
//
// A quote that already exists is decided as through the API (PATCH /quotes/:id): an open quote is
// decided once, a decided one is reopened by an admin only (quote.rules.ts), and a decision is a
// business event — quote.won / quote.lost / quote.expired, which close its follow-ups.
import { sql } from 'drizzle-orm';
import { QuoteEntity, QuoteStatusSchema, type QuoteStatus } from '../../../../contract/quotes.js';
import { EVENTS_CHANNEL } from '../../events/index.js';
import { checkQuoteDecision, checkQuoteTransition, isDecided } from '../../quotes/index.js';
import { currencyDigits, hasRole, isKnownCurrency } from '../../shared/index.js';
import { changedFieldsJson, rowsOf, type KindDeps, type KindHandler } from '../kind.js';
import type { RefMaps } from '../refs.js';
import { assertReadByHand } from './declared.js';
import { readDate, readMoney, readTimestamp } from './read.js';

// Its SQL names every column: a field added to the declaration needs a line here (refused at start until then).
assertReadByHand(QuoteEntity, [
  'number',
  'accountRef',
  'sentAt',
  'amount',
  'externalRef',
  'validUntil',
  'status',
  'decidedAt',
  'repRef',
  'lostReason',
]);

interface QuoteImportRow {
  number: string;
  account_id: string;
  external_ref: string | null;
  amount: number;
  digits: number;
  currency: string;
  sent_at: Date;
  valid_until: string | null;
  status: QuoteStatus;
  decided_at: Date | null;
  rep_id: string | null;
  lost_reason: string | null;
}

const OPTIONAL: Record<string, string> = {
  externalRef: 'external_ref',
  currency: 'currency',
  validUntil: 'valid_until',
  status: 'status',
  decidedAt: 'decided_at',
  repRef: 'rep_id',
  lostReason: 'lost_reason',
};
const CHANGE_KEYS: Record<string, string> = {
  account_id: 'accountId',
  amount: 'amount',
  sent_at: 'sentAt',
  external_ref: 'externalRef',
  currency: 'currency',
  valid_until: 'validUntil',
  status: 'status',
  decided_at: 'decidedAt',
  rep_id: 'repId',
  lost_reason: 'lostReason',
};

export function quotesKind(deps: KindDeps, refs: RefMaps): KindHandler<QuoteImportRow> {
  const opts = deps.mapping;
  const update = [
    'account_id',
    'amount',
    'sent_at',
    ...Object.entries(OPTIONAL)
      .filter(([f]) => deps.provided.has(f))
      .map(([, c]) => c),
  ];
  const changesExpr = changedFieldsJson(
    update.map((col) => ({
      key: CHANGE_KEYS[col]!,
      changed: `o.${col} is distinct from u.${col}`,
      from: col === 'amount' ? 'round(o.amount::numeric / power(10::numeric, r.digits), r.digits)::text' : `o.${col}`,
      to: col === 'amount' ? 'round(u.amount::numeric / power(10::numeric, r.digits), r.digits)::text' : `u.${col}`,
    })),
  );
  // The statuses of the chunk's quotes that exist already (one query per chunk).
  let existing = new Map<string, QuoteStatus>();
  let hasDecided = false;
  const isAdmin = hasRole(deps.actor, 'admin');
  const recordType =
    'number text, account_id uuid, external_ref text, amount bigint, digits int, currency text, sent_at timestamptz, valid_until date, status text, decided_at timestamptz, rep_id uuid, lost_reason text';
  return {
    keyField: 'number',
    key: (r) => r.number,
    async lookup(db, rows) {
      const numbers = [...new Set(rows.map((r) => r.get('number')).filter((n): n is string => !!n))];
      existing = new Map();
      if (numbers.length === 0) return;
      const found = await rowsOf<{ number: string; status: QuoteStatus }>(
        db,
        sql`select number, status from quotes where number in (select value from json_array_elements_text(${JSON.stringify(numbers)}::json))`,
      );
      for (const q of found) existing.set(q.number, q.status);
    },
    convert(c) {
      const number = c.get('number');
      if (!number) c.bad('number', 'is required');
      const accountRef = c.get('accountRef');
      const account = accountRef ? refs.customers.get(accountRef) : undefined;
      if (!accountRef) c.bad('accountRef', 'is required');
      else if (!account) c.bad('accountRef', 'is not the external reference of a customer or prospect account');
      const currency = (c.get('currency') ?? account?.currency ?? deps.settings.currency).toUpperCase();
      if (!isKnownCurrency(currency)) c.bad('currency', 'is not an ISO 4217 currency');
      const zone = account?.timezone ?? deps.settings.timezone;
      const sentAt = readTimestamp(c, 'sentAt', zone, opts, true);
      const amount = isKnownCurrency(currency) ? readMoney(c, 'amount', currency, opts, true) : null;
      const decidedAt = readTimestamp(c, 'decidedAt', zone, opts);
      const statusText = c.get('status')?.toLowerCase();
      const parsed = QuoteStatusSchema.safeParse(statusText ?? 'open');
      if (!parsed.success) c.bad('status', `is not a quote status (${QuoteStatusSchema.options.join(', ')})`);
      const status: QuoteStatus = parsed.success ? parsed.data : 'open';
      const lostReason = c.get('lostReason') ?? null;
      if (isDecided(status) && !decidedAt && !c.get('decidedAt')) c.bad('decidedAt', `is required for a ${status} quote`);
      for (const e of checkQuoteDecision({ status, lostReason, orderId: null, decidedAt }))
        if (e.path !== 'decidedAt') c.bad(e.path, e.message);
      if (decidedAt && sentAt && decidedAt < sentAt) c.bad('decidedAt', 'is before the quote was sent');
      const repRef = c.get('repRef');
      const repId = repRef ? (refs.users.get(repRef) ?? null) : null;
      if (repRef && !repId) c.bad('repRef', 'is not the external reference of a user');
      const before = number ? existing.get(number) : undefined;
      if (before && deps.provided.has('status') && status !== before) {
        const check = checkQuoteTransition(before, status, isAdmin);
        if (!check.ok && check.reason === 'admin_only')
          c.bad('status', `reopens quote ${number}, which is ${before}: only an admin may`, 'quotes.reopen_forbidden');
        else if (!check.ok)
          c.bad(
            'status',
            `moves quote ${number} from ${before} to ${status}; allowed next: ${check.allowed.join(', ') || 'none — it is decided'}`,
            'quotes.bad_transition',
          );
      }
      return {
        number: number ?? '',
        account_id: account?.id ?? '',
        external_ref: c.get('externalRef') ?? null,
        amount: amount ?? 0,
        digits: isKnownCurrency(currency) ? currencyDigits(currency) : 2,
        currency,
        sent_at: sentAt ?? deps.now,
        valid_until: readDate(c, 'validUntil', opts),
        status,
        decided_at: isDecided(status) ? decidedAt : null,
        rep_id: repId,
        lost_reason: lostReason,
      };
    },
    async write(tx, rows) {
      const now = sql`${deps.now.toISOString()}::timestamptz`;
      const actor = sql`${deps.actor.userId}::uuid`;
      const [res] = await rowsOf<{ created: number; touched: number; decided: number }>(
        tx,
        sql`with r as (select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.raw(recordType)})),
        old as (select q.* from quotes q join r on r.number = q.number),
        up as (
          insert into quotes as q (number, account_id, external_ref, amount, currency, sent_at, valid_until, status, decided_at, rep_id, lost_reason, created_at, updated_at)
          select number, account_id, external_ref, amount, currency, sent_at, valid_until, status, decided_at, rep_id, lost_reason, ${now}, ${now} from r
          on conflict (number) do update set ${sql.raw(update.map((c) => `${c} = excluded.${c}`).join(', '))}, updated_at = ${now}
           where (${sql.raw(update.map((c) => `q.${c}`).join(', '))}) is distinct from (${sql.raw(update.map((c) => `excluded.${c}`).join(', '))})
          returning q.*, (xmax::text = '0') as inserted
        ),
        ev as (
          insert into quote_events (quote_id, account_id, kind, from_status, to_status, changes, actor_id, at)
          select id, account_id, 'sent', null::text, 'open', null::jsonb, ${actor}, sent_at from up where inserted
          union all
          select id, account_id, 'status_changed', 'open', status, null, ${actor}, decided_at from up where inserted and status <> 'open'
          union all
          select u.id, u.account_id, case when o.status is distinct from u.status then 'status_changed' else 'updated' end,
                 case when o.status is distinct from u.status then o.status end, case when o.status is distinct from u.status then u.status end,
                 ${sql.raw(changesExpr)}, ${actor}, ${now}
            from up u join old o on o.id = u.id join r on r.number = u.number where not u.inserted
          returning 1
        ),
        -- A decision of a quote that existed is a business event, as through the API.
        de as (
          insert into domain_events (type, subject_type, subject_id, account_id, payload, occurred_at, source)
          select 'quote.' || u.status, 'quote', u.id, u.account_id,
                 jsonb_build_object('quoteId', u.id, 'number', u.number, 'accountId', u.account_id, 'from', o.status, 'to', u.status, 'orderId', u.order_id),
                 coalesce(u.decided_at, ${now}), 'import'
            from up u join old o on o.id = u.id
           where not u.inserted and o.status is distinct from u.status and u.status in ('won', 'lost', 'expired')
          returning 1
        )
        select (select count(*)::int from up where inserted) as created, (select count(*)::int from up) as touched,
               (select count(*)::int from de) as decided`,
      );
      const created = Number(res?.created ?? 0);
      const touched = Number(res?.touched ?? 0);
      if (Number(res?.decided ?? 0) > 0) hasDecided = true;
      return { created, updated: touched - created, unchanged: rows.length - touched };
    },
    async finish(tx) {
      // As recordEvents does: the workers wake when the import commits.
      if (hasDecided) await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, '')`);
    },
  };
}
