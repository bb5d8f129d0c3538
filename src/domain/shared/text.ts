// What PostgreSQL text and jsonb cannot hold: the NUL character (U+0000) and an unpaired UTF-16
// surrogate (\uD800–\uDFFF alone; a text column silently stores U+FFFD, jsonb refuses it). Found
// by path in any parsed value, so the edge (the HTTP text guard) and the readers of JSON documents
// (an import mapping) refuse them naming the field, never a failed write and a 500 (issue 9).
import type { FieldError } from './errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a string cannot be stored as text, or null when it can. */
function badText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (it holds an unpaired surrogate, \\uD800–\\uDFFF)';
  return null;
}

/** A key made printable for a path: NUL as ␀, a lone surrogate as U+FFFD. */
const printable = (key: string) => key.replaceAll('\u0000', '\u2400').replace(LONE_SURROGATES, '\uFFFD');

/** The first string or key inside `value` that text cannot hold, with its path (a.b.0.c), or null. */
export function findBadText(value: unknown, path: string[] = [], depth = 0): FieldError | null {
  if (typeof value === 'string') {
    const message = badText(value);
    return message ? { path: path.join('.') || '(root)', message } : null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const message = badText(key);
    if (message) return { path: [...path, printable(key)].join('.'), message };
    const hit = findBadText(inner, [...path, key], depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}
