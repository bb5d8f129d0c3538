// PostgreSQL text cannot hold the NUL character (U+0000): a value carrying one failed deep in a
// write with a 500 (issue 9, defect 11). Refused at the edge instead, naming the field, before any
// schema or use case sees it — one rule for every route, JSON body, query and path alike.
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/shared/index.js';

/** The path of the first string holding a NUL inside `value` (a.b.0.c), or null. */
export function findNul(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(root)' : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\u2400')].join('.');
    const hit = findNul(inner, [...path, key], depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const path = findNul(part);
      // validation.invalid: a field holds a NUL character (\u0000), which no text field can store.
      if (path !== null) throw invalid('validation.invalid', [{ path, message: 'must not contain the NUL character (\\u0000)' }]);
    }
  });
}
