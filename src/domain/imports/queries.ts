// Looking at imports later: who, when, which file, what it did.
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { ImportBreakdown, ImportProblem, ImportRecord, ListImportsQuery, RoundedAmounts } from '../../../contract/imports.js';
import type { Db } from '../../db/client.js';
import { imports, users } from '../../db/schema/index.js';
import { decodeCursor, notFound, pageResult } from '../shared/index.js';

type Row = typeof imports.$inferSelect & { createdByName: string | null };

function present(r: Row): ImportRecord {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.fileName,
    fileHash: r.fileHash,
    status: r.status,
    isDryRun: r.isDryRun,
    totalRows: r.totalRows,
    created: r.createdCount,
    updated: r.updatedCount,
    unchanged: r.unchangedCount,
    rejected: r.rejectedCount,
    rounded: r.rounded as RoundedAmounts[],
    breakdown: (r.breakdown as ImportBreakdown | null) ?? null,
    problems: (r.problems as ImportProblem[] | null) ?? [],
    error: r.error,
    createdBy: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? '' } : null,
    source: r.source,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

async function select(db: Db, where: SQL | undefined, limit: number): Promise<Row[]> {
  const rows = await db
    .select({ imp: imports, createdByName: users.name })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(where)
    .orderBy(desc(imports.startedAt), desc(imports.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.imp, createdByName: r.createdByName }));
}

export async function getImport(db: Db, id: string): Promise<ImportRecord> {
  const [row] = await select(db, eq(imports.id, id), 1);
  // imports.not_found: no import has this id.
  if (!row) throw notFound('imports.not_found', `No import with id ${id}.`);
  return present(row);
}

/** Newest first, cursor-paged. */
export async function listImports(db: Db, query: ListImportsQuery): Promise<{ items: ImportRecord[]; nextCursor: string | null }> {
  const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | null;
  const conditions: (SQL | undefined)[] = [query.kind ? eq(imports.kind, query.kind) : undefined];
  if (after) {
    const at = new Date(after[0]);
    conditions.push(or(lt(imports.startedAt, at), and(eq(imports.startedAt, at), lt(imports.id, after[1]))));
  }
  const rows = await select(db, and(...conditions), query.limit + 1);
  const page = pageResult(rows, query.limit, (r) => [r.startedAt.toISOString(), r.id]);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

export { present as presentImport };
