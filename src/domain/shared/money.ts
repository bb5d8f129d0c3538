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

/** A decimal string rounded to the currency's minor unit: the amount, and how far it moved (rounded − written, a decimal string). */
export type RoundedMoney = { ok: true; minor: number; difference: string } | { ok: false; message: string };

/**
 * "16.448" in USD → 1645 (16.45), moved by "0.002": rounded half to even to the currency's minor
 * unit ("0.125" → 0.12, "0.135" → 0.14), only when the user asked for it (an import's `round`
 * option, docs/imports.md "Rounding"); a value with no more decimals than the currency allows is
 * read as parseMoney reads it, with a difference of "0".
 */
export function roundMoney(text: string, currency: string): RoundedMoney {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return { ok: false, message: 'must be a decimal string such as "1863.40"' };
  const [, sign, whole = '0', frac = ''] = m;
  const digits = currencyDigits(currency);
  if (frac.length <= digits) {
    const exact = parseMoney(text, currency);
    return exact.ok ? { ok: true, minor: exact.minor, difference: '0' } : exact;
  }
  // In units of the written value's last decimal: written = units, rounded = kept × step.
  const units = BigInt(whole + frac);
  const step = 10n ** BigInt(frac.length - digits);
  const kept = units / step;
  const rest = units % step;
  const isUp = rest * 2n > step || (rest * 2n === step && kept % 2n === 1n);
  const minorAbs = isUp ? kept + 1n : kept;
  if (minorAbs > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'is too large' };
  const negative = sign === '-';
  const moved = (minorAbs * step - units) * (negative ? -1n : 1n);
  return { ok: true, minor: Number(minorAbs) * (negative && minorAbs !== 0n ? -1 : 1), difference: decimalText(moved, frac.length) };
}

/** −20n at scale 4 → "-0.002" (trailing zeros dropped, "0" for zero). */
export function decimalText(value: bigint, scale: number): string {
  if (value === 0n) return '0';
  const negative = value < 0n;
  const s = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** "0.002" + "-0.0005" → "0.0015": exact, whatever the decimals. */
export function addDecimals(a: string, b: string): string {
  const parse = (t: string) => {
    const [whole = '0', frac = ''] = t.replace('-', '').split('.');
    return { units: BigInt(whole + frac) * (t.startsWith('-') ? -1n : 1n), scale: frac.length };
  };
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return decimalText(x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale), scale);
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
