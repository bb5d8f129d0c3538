// Dates in the viewer's locale and the account's timezone; money with its currency (docs/ux.md).

// Making an Intl formatter costs far more than using one (a list of orders asks for hundreds):
// each set of options gets one, kept for the page's life. Use `dateFormat` rather than `new Intl.DateTimeFormat`.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  const n = Number(amount);
  try {
    let format = moneyFormats.get(currency);
    if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat(undefined, { style: 'currency', currency })));
    return format.format(n);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A calendar date (YYYY-MM-DD) as the viewer reads dates; no timezone shift. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return dateFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d));
}

/** An instant in the given timezone (the account's), or the viewer's. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string | null): string {
  if (!iso) return '—';
  return dateFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

const rtf = typeof Intl !== 'undefined' ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;
/** "3 days ago", "in 2 hours". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso || !rtf) return '—';
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400_000],
    ['month', 30 * 86400_000],
    ['week', 7 * 86400_000],
    ['day', 86400_000],
    ['hour', 3600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return 'just now';
}

/** The zone (the given one, UTC or the viewer's) in which `at` is exactly midnight, if any. */
function midnightZone(at: Date, timeZone?: string | null): string | undefined {
  const zones = [timeZone ?? undefined, 'UTC', undefined];
  for (const zone of zones) {
    const parts = dateFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    }).format(at);
    if (parts === '00:00:00' && at.getUTCMilliseconds() === 0) return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
  return undefined;
}

/**
 * When something happened, relative where it helps ("3 hours ago") — but a date-only value (an
 * order placed or a quote sent on a day, kept as 00:00 of that day) is shown as its date, never
 * "13 hours ago" (docs/ux.md "Dates").
 */
export function formatWhen(iso: string | null | undefined, now: Date = new Date(), timeZone?: string | null): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const zone = midnightZone(at, timeZone);
  if (zone) return dateFormat(undefined, { dateStyle: 'medium', timeZone: zone }).format(at);
  return formatRelative(iso, now);
}

export const ORDER_STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  data_review: 'Data review',
  in_production: 'In production',
  inspection: 'Inspection',
  ready_to_ship: 'Ready to ship',
  shipped: 'Shipped',
  delivered: 'Delivered',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  gm: 'General manager',
  sales: 'Sales rep',
  csr: 'CSR',
  quality: 'Quality',
  quality_manager: 'Quality manager',
  operations: 'Operations',
  engineering: 'Engineering',
  shipping: 'Shipping',
  service: 'Service',
  executive: 'Executive',
};

/** A wait in seconds as a person says it: "30 seconds", "5 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export const WEEKDAY_LABELS: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};
