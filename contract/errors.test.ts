// The catalogue is the one list of codes: each once, in one area, with a category and one line
// saying when; the lookups agree with it.
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CATEGORIES, ERROR_CODES, ERRORS, isErrorCode, type ErrorSpec } from './errors.js';

const areas = Object.entries(ERROR_CATALOGUE).map(([name, area]) => ({
  name,
  codes: Object.entries(area.codes as Readonly<Record<string, ErrorSpec>>),
}));

describe('the error catalogue', () => {
  it('holds each code once: no two areas define the same code', () => {
    const all = areas.flatMap((a) => a.codes.map(([code]) => code));
    expect(all.length).toBe(new Set(all).size);
    expect([...ERROR_CODES].sort()).toEqual([...all].sort());
  });

  it('gives one area each code prefix, so a new code has one obvious home', () => {
    const areaOfPrefix = new Map<string, Set<string>>();
    for (const a of areas)
      for (const [code] of a.codes) {
        const prefix = code.split('.')[0]!;
        areaOfPrefix.set(prefix, (areaOfPrefix.get(prefix) ?? new Set()).add(a.name));
      }
    const shared = [...areaOfPrefix].filter(([, names]) => names.size > 1).map(([prefix, names]) => `${prefix}: ${[...names].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('names codes in lower case, dotted area.reason (or one word at the edge)', () => {
    const bad = ERROR_CODES.filter((code) => !/^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)?$/.test(code));
    expect(bad).toEqual([]);
  });

  it('says in one line when each code is answered, with a known category', () => {
    const bad = areas.flatMap((a) =>
      a.codes
        .filter(([, spec]) => !ERROR_CATEGORIES.includes(spec.category) || !/^\S[^\n]{10,200}\.$/.test(spec.when))
        .map(([code]) => code),
    );
    expect(bad).toEqual([]);
  });

  it('gives a status of its own only to codes of the HTTP layer (area request)', () => {
    const own = areas.flatMap((a) => a.codes.filter(([, spec]) => spec.status !== undefined).map(([code]) => `${a.name} ${code}`));
    expect(own.sort()).toEqual([
      'request request.invalid',
      'request request.too_large',
      'request request.unsupported_media_type',
      'request request.uri_too_long',
    ]);
  });

  it('looks codes up by name, and nothing else', () => {
    expect(ERRORS['orders.gate_open']).toMatchObject({ code: 'orders.gate_open', area: 'orders', category: 'conflict' });
    expect(ERROR_CODES.every(isErrorCode)).toBe(true);
    for (const other of ['orders.nope', 'toString', '__proto__', 'constructor', '', 'unknown', 42, null])
      expect(isErrorCode(other), String(other)).toBe(false);
  });
});
