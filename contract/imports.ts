import { z } from 'zod';
import { IdSchema, PageQuerySchema } from './common.js';

export const IMPORT_KIND_VALUES = ['accounts', 'suppliers', 'users', 'contacts', 'orders', 'order-lines', 'quotes'] as const;
export const ImportKindSchema = z.enum(IMPORT_KIND_VALUES);

export const ImportProblemSchema = z.object({
  line: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
  /** The rule the row broke when a use case enforces it too: orders.bad_transition, orders.gate_open, quotes.bad_transition … */
  code: z.string().optional(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportRecordSchema = z
  .object({
    id: IdSchema,
    kind: ImportKindSchema,
    fileName: z.string(),
    fileHash: z.string().meta({ description: 'SHA-256 of the file, hex' }),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'rejected']),
    isDryRun: z.boolean(),
    totalRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    problems: z.array(ImportProblemSchema).meta({ description: 'The first bad rows (up to 100 kept)' }),
    error: z.string().nullable(),
    createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
    source: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportRecord' });
export type ImportRecord = z.infer<typeof ImportRecordSchema>;

export const ListImportsQuerySchema = PageQuerySchema.extend({ kind: ImportKindSchema.optional() });
export type ListImportsQuery = z.infer<typeof ListImportsQuerySchema>;
