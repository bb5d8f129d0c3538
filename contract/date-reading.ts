// Reading a cell with an import's date format, and suggesting the format from a file's values
// (docs/imports.md, "Dates"): the server reads every cell this way, the import wizard shows the
// same reading before anything is sent — one rule, not two.
import { DateTime } from 'luxon';
import { DATE_FORMAT_CHOICES, luxonDateFormat } from './date-formats.js';

/** `text` read with a luxon date format (date-formats.ts) in `zone`; a time (H:mm or H:mm:ss) may follow a date alone. */
export function readDate(text: string, format: string, zone: string): DateTime | null {
  const t = text.trim();
  for (const f of [format, `${format} H:mm`, `${format} H:mm:ss`]) {
    const dt = DateTime.fromFormat(t, f, { zone });
    if (dt.isValid) return dt;
  }
  return null;
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

export interface DateFormatSuggestion {
  /** The one format that reads every value (a choice of DATE_FORMAT_CHOICES); null when the values are ISO, or when none or several do. */
  format: string | null;
  /** The formats that read every value: more than one means the file is ambiguous (03/01/19) and the user must choose. */
  candidates: string[];
  /** Whether every value is ISO (YYYY-MM-DD), which needs no format. */
  isIso: boolean;
}

/**
 * Which format a file's date values are in: the choices that read every value. A day above 12
 * settles day-first against month-first; a four-digit year prefers YYYY to YY (both read it).
 * Never a guess: when two orders remain, `format` is null and `candidates` says which.
 */
export function suggestDateFormat(values: readonly string[]): DateFormatSuggestion {
  const samples = values.map((v) => v.trim()).filter((v) => v !== '');
  if (samples.length === 0) return { format: null, candidates: [], isIso: false };
  if (samples.every((v) => ISO.test(v))) return { format: null, candidates: [], isIso: true };
  // YY/MM/DD reads almost any short date (03/01/19 as 2003-01-19): chosen, never suggested.
  const reads = DATE_FORMAT_CHOICES.filter((choice) => choice !== 'YY/MM/DD').filter((choice) =>
    samples.every((v) => readDate(v, luxonDateFormat(choice)!, 'UTC') !== null),
  );
  // "DD/MM/YY" reads four-digit years too: when its YYYY twin reads every value, it is the one.
  const all: readonly string[] = reads;
  const hasLongTwin = (c: string) => !c.endsWith('YYYY') && all.includes(`${c}YY`);
  const candidates = reads.filter((c) => !hasLongTwin(c));
  return { format: candidates.length === 1 ? candidates[0]! : null, candidates, isIso: false };
}
