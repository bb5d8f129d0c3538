// Money is integer minor units + ISO 4217 currency; the API speaks decimal strings (docs/domain.md §2).
// Minor-unit digits come from the runtime's ICU data (Intl), not a hand-kept table.

const supported = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return supported.has(code);
}

const digitsCache = new Map<string, number>();
/** Number of decimals the currency allows (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

export type ParseMoneyResult = { ok: true; minor: number } | { ok: false; message: string };

/** "1863.40" in USD → 186340. More decimals than the currency allows is an error, never rounded. */
export function parseMoney(text: string, currency: string): ParseMoneyResult {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return { ok: false, message: 'must be a decimal string such as "1863.40"' };
  const [, sign, whole = '0', frac = ''] = m;
  const digits = currencyDigits(currency);
  const significantFrac = frac.replace(/0+$/, '');
  if (significantFrac.length > digits) {
    return {
      ok: false,
      message: `has more decimals than ${currency} allows (${digits}): "${text}"`,
    };
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'is too large' };
  const n = Number(minor);
  return { ok: true, minor: sign === '-' ? -n : n };
}

/** 186340 in USD → "1863.40". */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const text = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

export function formatMoneyOrNull(minor: number | null | undefined, currency: string): string | null {
  return minor === null || minor === undefined ? null : formatMoney(minor, currency);
}
