// GET /api/v1/analytics/<key>: the rows behind a figure — the orders, accounts or quotes its number
// counts, from the same statements (figures-sql.ts) — a page at a time, or every row for an export.
import {
  FIGURE_ROWS,
  type FigureAccountRow,
  type FigureKey,
  type FigureOrderRow,
  type FigureQuoteRow,
  type FigureRows,
  type FigureRowsQuery,
} from '../../../contract/analytics.js';
import { decodeCursor, formatMoney, pageResult, type ReadContext, rowsOf } from '../shared/index.js';
import {
  accountRowsSql,
  orderRowsSql,
  quoteRowsSql,
  type AccountFigure,
  type FigureScope,
  type OrderFigure,
  type RowsPage,
} from './figures-sql.js';
import { resolveScope } from './scope.js';

export interface ListFigureRowsInput {
  figure: FigureKey;
  query: Omit<FigureRowsQuery, 'format'>;
  /** Every row, unpaged (an export): limit and cursor are ignored. */
  isExport?: boolean;
}

interface Sorted {
  sort_day: string;
}
type OrderSql = Sorted & {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  is_first_order: boolean;
  placed_on: string;
  promised_date: string | null;
  shipped_on: string | null;
  on_time: boolean | null;
  amount: string;
  currency: string;
};
type AccountSql = Sorted & {
  id: string;
  account_name: string;
  order_count: number;
  first_on: string;
  second_on: string | null;
  days_to_second: number | null;
  last_on: string;
  days_since_last: number;
  median_gap: number | null;
};
type QuoteSql = Sorted & {
  id: string;
  number: string;
  account_id: string;
  account_name: string;
  status: 'won' | 'lost' | 'expired';
  decided_on: string;
  amount: string;
  currency: string;
  rep_name: string | null;
};

const presentOrder = (r: OrderSql): FigureOrderRow => ({
  orderId: r.id,
  number: r.number,
  accountId: r.account_id,
  accountName: r.account_name,
  isFirstOrder: r.is_first_order,
  placedOn: r.placed_on,
  promisedDate: r.promised_date,
  shippedOn: r.shipped_on,
  outcome: r.on_time === null ? null : r.on_time ? 'on_time' : 'late',
  amount: formatMoney(Number(r.amount), r.currency),
  currency: r.currency,
});

const presentAccount = (r: AccountSql): FigureAccountRow => ({
  accountId: r.id,
  accountName: r.account_name,
  orderCount: r.order_count,
  firstOrderOn: r.first_on,
  secondOrderOn: r.second_on,
  daysToSecondOrder: r.days_to_second,
  lastOrderOn: r.last_on,
  daysSinceLastOrder: r.days_since_last,
  medianGapDays: r.median_gap === null ? null : Number(r.median_gap),
});

const presentQuote = (r: QuoteSql): FigureQuoteRow => ({
  quoteId: r.id,
  number: r.number,
  accountId: r.account_id,
  accountName: r.account_name,
  status: r.status,
  decidedOn: r.decided_on,
  amount: formatMoney(Number(r.amount), r.currency),
  currency: r.currency,
  repName: r.rep_name,
});

export async function listFigureRows(ctx: ReadContext, input: ListFigureRowsInput): Promise<FigureRows> {
  const after = input.isExport ? null : (decodeCursor(input.query.cursor, ['date', 'uuid']) as [string, string] | null);
  const scope: FigureScope = await resolveScope(ctx, input.query);
  const page: RowsPage = { after, limit: input.isExport ? null : input.query.limit };
  const paged = <T extends Sorted & { id: string }, R>(rows: T[], present: (r: T) => R) => {
    if (page.limit === null) return { items: rows.map(present), nextCursor: null };
    const result = pageResult(rows, page.limit, (r) => [r.sort_day, r.id]);
    return { items: result.items.map(present), nextCursor: result.nextCursor };
  };
  const kind = FIGURE_ROWS[input.figure];
  if (kind === 'orders') {
    const rows = await rowsOf<OrderSql>(ctx.db, orderRowsSql(scope, input.figure as OrderFigure, page));
    return { rows: kind, ...paged(rows, presentOrder) };
  }
  if (kind === 'accounts') {
    const rows = await rowsOf<AccountSql>(ctx.db, accountRowsSql(scope, input.figure as AccountFigure, page));
    return { rows: kind, ...paged(rows, presentAccount) };
  }
  const rows = await rowsOf<QuoteSql>(ctx.db, quoteRowsSql(scope, page));
  return { rows: kind, ...paged(rows, presentQuote) };
}
