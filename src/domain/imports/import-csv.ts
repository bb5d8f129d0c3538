// One CSV import, end to end, in three stages (docs/imports.md, "How an import runs"):
//   read (rows.ts: the file's rows in chunks) → check (check.ts: each row through the mapping and
//   the kind's rules, pure after one lookup per chunk) → write (writer.ts: one writer that owns
//   the upserts, or the staging table and its ranges),
// all inside ONE transaction (transaction.ts), and the import record kept up to date.
//
// Decision (ours): checking and writing happen in the same single pass, inside one transaction
// that commits only when the whole file checked out (or --skip-bad-rows says to keep the good
// rows). A bad row stops the writing; the rest of the file is still checked so that every bad
// row is reported (report.ts); then the transaction rolls back. Nothing is ever visible from a
// half-read or rejected file — killing the process mid-way leaves no trace but a 'running'
// import record, which the next import or server start marks failed (liveness.ts) — and the
// file is parsed once, not twice. A dry run writes and rolls back, so its created / updated /
// unchanged counts are exact. Memory stays flat: repeated keys are found by the database
// (keys.ts), and orders are staged with COPY and written set-based while the next chunk is read
// and checked: the database writes as the process parses.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { isEmbeddedHandle } from '../../adapters/drizzle-driver.js';
import { imports } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { DomainError, recordAudit, type UseCaseContext } from '../shared/index.js';
import { assertMayImport, assertMayOverrideGates } from './access.rules.js';
import { checkChunk, isGood, type CheckPlan } from './check.js';
import { openCsv } from './csv-reader.js';
import type { ImportBreakdown, RoundedAmounts } from '../../../contract/imports.js';
import { WORKBOOK_DATE_FORMAT } from '../../../contract/workbook-cells.js';
import type { ImportKind } from './fields.js';
import type { ImportProblem, KindDeps, WriteCounts } from './kind.js';
import { accountsKind } from './kinds/accounts.js';
import { contactsKind } from './kinds/contacts.js';
import { orderLinesKind } from './kinds/order-lines.js';
import { ordersKind } from './kinds/orders.js';
import { quotesKind } from './kinds/quotes.js';
import { salesKind } from './kinds/sales.js';
import { usersKind } from './kinds/users.js';
import { failInterruptedImports, holdImportLock } from './liveness.js';
import { parseMapping, planColumns, type ImportMapping } from './mapping.js';
import { loadRefMaps, loadUserRefs } from './refs.js';
import { BadRowReport, RECORDED_PROBLEMS, writeLateRejects } from './report.js';
import { chunksOf } from './rows.js';
import { oneImportAtATime, runImport, type TransactionOutcome } from './transaction.js';
import { openWriter, type KindWithWriter } from './writer.js';

/** Rows read, checked and written (or staged) at a time: big enough to amortise a round trip, small enough for one JSON parameter. */
export const IMPORT_CHUNK_ROWS = 2000;
/**
 * In steps (transaction.ts), a chunk per step: smaller, so that a request waits for one at most
 * ≈ 100 ms (a step of 500 rows held PGlite 50–70 ms at p50 during a 1M-row import, 1,000 rows 90–140 ms).
 */
const STEP_CHUNK_ROWS = 500;

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  /** Staged kinds, once the file is read: rows created or updated so far. */
  written?: number;
}

export interface ImportCsvInput {
  kind: ImportKind;
  /** Path of the CSV file (an upload is spooled to a file first: the import reads it once). */
  file: string;
  /** The name shown in the import record (default: the file's base name). */
  fileName?: string;
  /** The mapping document (parsed JSON) or an already checked mapping. */
  mapping?: unknown;
  isDryRun?: boolean;
  shouldSkipBadRows?: boolean;
  source?: 'cli' | 'api';
  /** Where to write the rejected rows (CSV, with a `problem` column); only when there are some. */
  rejectsPath?: string;
  onProgress?: (p: ImportProgress) => void;
  /** An import record made earlier (queued by the API for a large file). */
  importId?: string;
  /** Orders: let rows move orders past open playbook gates (admin only, with a reason). */
  overrideGates?: { reason: string } | null;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rejected';

export interface ImportResult extends WriteCounts {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  isDryRun: boolean;
  totalRows: number;
  rejected: number;
  /** Amounts the `round` option rounded, per currency (empty when none, or when nothing was written). */
  rounded: RoundedAmounts[];
  /** A sales import: what it did to the customers, orders and lines (the counts above are its lines). */
  breakdown: ImportBreakdown | null;
  problems: ImportProblem[];
  rejectsPath: string | null;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function isMapping(m: unknown): m is ImportMapping {
  return (
    typeof m === 'object' &&
    m !== null &&
    'fields' in m &&
    'decimal' in m &&
    'defaults' in m &&
    'delimiter' in m &&
    'dateFormat' in m &&
    'encoding' in m
  );
}

async function makeHandler(deps: KindDeps): Promise<KindWithWriter<unknown>> {
  const needsRefs = ['contacts', 'orders', 'quotes', 'sales'].includes(deps.kind);
  const refs = needsRefs ? await loadRefMaps(deps.db) : null;
  switch (deps.kind) {
    case 'accounts':
    case 'suppliers':
      return accountsKind(deps, await loadUserRefs(deps.db));
    case 'users':
      return await usersKind(deps);
    case 'contacts':
      return contactsKind(deps, refs!);
    case 'orders':
      return ordersKind(deps, refs!);
    case 'order-lines':
      return orderLinesKind(deps);
    case 'quotes':
      return quotesKind(deps, refs!);
    case 'sales':
      return salesKind(deps, refs!);
  }
}

export interface CreateImportRecordInput {
  kind: ImportKind;
  fileName: string;
  fileHash: string;
  mapping: unknown;
  isDryRun: boolean;
  source: 'cli' | 'api';
}

/** Creates the import record before the work starts (status queued), so it can be polled. */
export async function createImportRecord(ctx: UseCaseContext, input: CreateImportRecordInput): Promise<string> {
  const [row] = await ctx.db
    .insert(imports)
    .values({
      kind: input.kind,
      fileName: input.fileName,
      fileHash: input.fileHash,
      status: 'queued',
      isDryRun: input.isDryRun,
      mapping: input.mapping ?? null,
      createdBy: ctx.actor.userId,
      source: input.source,
      startedAt: ctx.now,
    })
    .returning({ id: imports.id });
  return row!.id;
}

/** What the work inside the import's transaction (or steps) answers. */
interface WorkOutcome {
  counts: WriteCounts;
  rounded: RoundedAmounts[];
  breakdown: ImportBreakdown | null;
  isRejected: boolean;
}

export async function importCsv(ctx: UseCaseContext, input: ImportCsvInput): Promise<ImportResult> {
  const { db, actor, now } = ctx;
  const { kind } = input;
  assertMayImport(actor, kind);
  assertMayOverrideGates(actor, kind, input.overrideGates);
  const isDryRun = input.isDryRun ?? false;
  const shouldSkip = input.shouldSkipBadRows ?? false;
  // An orders file on PGlite is written in steps that let the other requests in (decision 0023,
  // transaction.ts); a dry run is rolled back whole, so it stays one transaction.
  const inSteps = kind === 'orders' && !isDryRun && isEmbeddedHandle(db);
  const mapping = isMapping(input.mapping) ? input.mapping : parseMapping(kind, input.mapping);
  const totalBytes = (await stat(input.file)).size;
  const fileHash = await sha256File(input.file);
  const fileName = input.fileName ?? path.basename(input.file);
  await failInterruptedImports(ctx);
  const id =
    input.importId ??
    (await createImportRecord(ctx, {
      kind,
      fileName,
      fileHash,
      mapping: input.mapping ?? null,
      isDryRun,
      source: input.source ?? 'cli',
    }));

  let report: BadRowReport | null = null;
  let releaseLock: (() => Promise<void>) | null = null;
  try {
    releaseLock = await holdImportLock(db, id);
    await db.update(imports).set({ status: 'running', fileHash }).where(eq(imports.id, id));
    // Read: the header, then the rows as they stream in.
    const csv = await openCsv(input.file, mapping);
    // A workbook's date cells are written as YYYY-MM-DD (HH:mm) when the mapping names no format (workbook.ts).
    const readAs = csv.kind === 'workbook' && mapping.dateFormat === null ? { ...mapping, dateFormat: WORKBOOK_DATE_FORMAT } : mapping;
    const plans = planColumns(kind, mapping, csv.header);
    const provided = new Set([...plans.map((p) => p.field), ...Object.keys(mapping.defaults)]);
    const handler = await makeHandler({
      db,
      importId: id,
      actor,
      now,
      settings: await getSettings(db),
      kind,
      mapping: readAs,
      provided,
      isSkippingBadRows: shouldSkip,
      isInSteps: inSteps,
      overrideGates: input.overrideGates ? { reason: input.overrideGates.reason.trim() } : null,
    });
    const checkPlan: CheckPlan<unknown> = { kind, handler, plans, defaults: mapping.defaults, headerLength: csv.header.length };
    const bad = new BadRowReport(csv.header, csv.delimiter, input.rejectsPath);
    report = bad;
    let totalRows = 0;
    let bytes = 0;
    const progress = (written: number | undefined) =>
      input.onProgress?.({ rows: totalRows, bytes, totalBytes, ...(written !== undefined && { written }) });

    // On PGlite one import at a time: the others wait here, their records 'running'.
    const outcome = await oneImportAtATime(db, () =>
      runImport(db, { importId: id, inSteps }, async (tx, steps) => {
        const writer = await steps.step(() =>
          openWriter(tx, {
            handler,
            keyColumn: plans.find((p) => p.field === handler.keyField)?.column ?? handler.keyField,
            columnOf: (field) => plans.find((p) => p.field === field)?.column ?? field,
            isSkippingBadRows: shouldSkip,
            isInSteps: steps.isInSteps,
            onWritten: progress,
          }),
        );
        const isRejected = () => bad.rejected > 0 && !shouldSkip;
        const chunkRows = steps.isInSteps ? STEP_CHUNK_ROWS : IMPORT_CHUNK_ROWS;
        for await (const chunk of chunksOf(csv.rows, chunkRows, (b) => (bytes = b))) {
          // Check, then write: bad rows are reported (and stop the writing unless skipped), good ones written or staged.
          await steps.step(async () => {
            const rows = await checkChunk(tx, checkPlan, chunk);
            await writer.screen(rows);
            for (const row of rows) if (!isGood(row)) bad.add(row.values, row.problems);
            totalRows += rows.length;
            if (isRejected()) writer.stopWriting();
            await writer.add(rows);
            // In steps, what a chunk stages is written before its step commits.
            if (steps.isInSteps) await writer.settle();
          });
          progress(writer.written);
        }
        bytes = totalBytes;
        progress(writer.written);

        // The last step: what the end of the file decides, the kind's last writes, the audit entry
        // and, in steps, publishing the file.
        const outcome = await steps.step(async (): Promise<TransactionOutcome<WorkOutcome>> => {
          const late = await writer.endOfFile();
          if (late) {
            bad.addLate(late.count, late.shown);
            if (bad.wantsRejects) await writeLateRejects(input.file, mapping, late.page, bad);
          }
          if (isRejected()) writer.stopWriting();
          await writer.flush();
          const counts = { ...writer.counts };
          const rounded = writer.rounding.amounts;
          const breakdown = writer.breakdown ?? null;
          if (isRejected()) return { keep: false, value: { counts, rounded: [], breakdown: null, isRejected: true } };
          // Also on a dry run: finish holds the kind's last checks (the last-admin guard), so a dry run answers as the import would.
          await handler.finish?.(tx);
          if (isDryRun) return { keep: false, value: { counts, rounded, breakdown, isRejected: false } };
          await recordAudit(
            tx,
            actor,
            {
              action: 'imports.run',
              entity: 'import',
              entityId: id,
              changes: {
                kind,
                fileName,
                fileHash,
                totalRows,
                ...counts,
                rejected: bad.rejected,
                ...(rounded.length > 0 && { rounded }),
                ...(breakdown && { breakdown }),
              },
            },
            now,
          );
          // In steps, the moment the whole file becomes visible (the policy of migration 0038).
          if (steps.isInSteps) await tx.update(imports).set({ isPublished: true }).where(eq(imports.id, id));
          return { keep: true, value: { counts, rounded, breakdown, isRejected: false } };
        });
        // Then, in steps, what follows from it (the accounts' statistics …), a part per step.
        if (steps.isInSteps && outcome.keep) await handler.settle?.(tx, (fn) => steps.step(fn));
        return outcome;
      }),
    );

    const written = outcome.isRejected ? { created: 0, updated: 0, unchanged: 0 } : outcome.counts;
    const status: ImportStatus = outcome.isRejected ? 'rejected' : 'succeeded';
    await db
      .update(imports)
      .set({
        status,
        totalRows,
        createdCount: written.created,
        updatedCount: written.updated,
        unchangedCount: written.unchanged,
        rejectedCount: bad.rejected,
        rounded: outcome.rounded,
        breakdown: outcome.breakdown,
        problems: bad.problems.slice(0, RECORDED_PROBLEMS),
        finishedAt: new Date(now.getTime() + 0),
      })
      .where(eq(imports.id, id));
    return {
      id,
      kind,
      status,
      isDryRun,
      totalRows,
      ...written,
      rejected: bad.rejected,
      rounded: outcome.rounded,
      breakdown: outcome.breakdown,
      problems: bad.problems,
      rejectsPath: bad.writtenRejectsPath,
    };
  } catch (err) {
    const message = err instanceof DomainError ? err.detail : 'The import failed on our side; see the server log.';
    await db
      .update(imports)
      .set({ status: 'failed', error: message, finishedAt: now })
      .where(eq(imports.id, id))
      .catch(() => undefined);
    throw err;
  } finally {
    await report?.close();
    await releaseLock?.();
  }
}

// imports.bad_row: some rows of the file are wrong, so nothing was written; errors[] names each (line, column, value, reason).
export function assertImportAccepted(result: ImportResult): ImportResult {
  if (result.status !== 'rejected') return result;
  const shown = result.problems;
  throw new DomainError({
    code: 'imports.bad_row',
    category: 'unprocessable',
    detail: `${result.rejected} of ${result.totalRows} rows are wrong, so nothing was imported. Fix them, or import with skipBadRows.`,
    errors: shown.map((p) => ({
      path: `line ${p.line}, column ${p.column}`,
      message: p.reason,
      line: p.line,
      column: p.column,
      value: p.value,
      reason: p.reason,
      ...(p.code !== undefined && { code: p.code }),
    })),
    meta: { importId: result.id, totalRows: result.totalRows, rejected: result.rejected },
  });
}
