// The date formats of real files (docs/imports.md, "Dates"), as people write them — "DD/MM/YYYY",
// "MM/DD/YY", "DD.MM.YYYY HH:mm" — or in luxon's own tokens ("dd/MM/yyyy"), and how one is read.
// Shared by the import mapping (contract/imports.ts), the server's reading of cells and the import
// wizard's suggestion. No luxon here (date-reading.ts has it): the mapping's check stays light.

/** The formats the import wizard offers (ISO, YYYY-MM-DD, is always understood besides). */
export const DATE_FORMAT_CHOICES = [
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'YYYY/MM/DD',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'DD/MM/YY',
  'MM/DD/YY',
  'DD.MM.YY',
  'YY/MM/DD',
  'DD-MM-YY',
  'MM-DD-YY',
] as const;

/** What a bad format is told. */
export const DATE_FORMAT_HINT = 'must be a date format such as DD/MM/YYYY, MM/DD/YY, DD.MM.YYYY or YYYY/MM/DD (a time HH:mm may follow)';

const PART = { d: /^d{1,2}$/, M: /^M{1,2}$/, y: /^(yy|yyyy)$/ } as const;

/**
 * A date format as written ("DD/MM/YYYY", "dd.MM.yy", "MM/DD/YYYY HH:mm") → the luxon format the
 * cells are read with ("d/M/yyyy", "d.M.yy", "M/d/yyyy H:mm"), or null when it is not one: a day,
 * a month and a year, once each, with one separator (/ . -), then optionally a time. Day and month
 * read one or two digits; a two-digit year YY reads 00–60 as 2000–2060 and 61–99 as 1961–1999.
 */
export function luxonDateFormat(text: string): string | null {
  const f = text.trim().replace(/D/g, 'd').replace(/Y/g, 'y');
  const m = /^([dMy]+)([/.-])([dMy]+)\2([dMy]+)(?:[ T](HH?:mm(?::ss)?))?$/.exec(f);
  if (!m) return null;
  const parts = [m[1]!, m[3]!, m[4]!];
  const kinds = parts.map((p) => (PART.d.test(p) ? 'd' : PART.M.test(p) ? 'M' : PART.y.test(p) ? p : null));
  if (kinds.includes(null) || new Set(kinds.map((k) => k![0])).size !== 3) return null;
  const time = m[5] ? ` ${m[5].replace(/^HH/, 'H')}` : '';
  return kinds.join(m[2]) + time;
}

/** A luxon format of luxonDateFormat's → as people write it ("d/M/yy" → "DD/MM/YY"), for messages. */
export function humanDateFormat(format: string): string {
  const human: Record<string, string> = { yyyy: 'YYYY', yy: 'YY', dd: 'DD', d: 'DD', MM: 'MM', M: 'MM', HH: 'HH', H: 'HH' };
  return format.replace(/yyyy|yy|dd?|MM?|HH?/g, (t) => human[t]!);
}
