// PostgreSQL text cannot hold the NUL character (U+0000): a value carrying one failed deep in a
// write with a 500 (issue 9, defect 11). Nor an unpaired UTF-16 surrogate: a text column silently
// stored U+FFFD, and jsonb (task evidence, audit changes, events) refused it with a 500 (issue 9,
// API fuzzing). Both are refused at the edge instead, naming the field, before any schema or use
// case sees them — one rule for every route, JSON body, query and path alike.
import type { FastifyInstance } from 'fastify';
import { findBadText, invalid } from '../../domain/shared/index.js';

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const hit = findBadText(part);
      // validation.invalid: a field holds a NUL character (\u0000) or an unpaired surrogate, which no text field can store.
      if (hit !== null) throw invalid('validation.invalid', [hit]);
    }
  });
}
