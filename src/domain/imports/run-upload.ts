// An import that arrives over HTTP: the upload is spooled to a temporary file (the import reads
// a file: hashing, then one streaming pass), small files run at once, large ones in the
// background of this process while the caller polls the import record.
import { stat } from 'node:fs/promises';
import { invalid, type FieldError, type UseCaseContext } from '../shared/index.js';
import { assertMayImport, assertMayOverrideGates } from './access.rules.js';
import { IMPORT_KINDS, isImportKind, type ImportKind } from './fields.js';
import { assertImportAccepted, createImportRecord, importCsv, sha256File, type ImportResult } from './import-csv.js';
import { encodingNamed, parseMapping, parseMappingText, type ImportMapping } from './mapping.js';
import { removeSpooled, type SpooledFile } from './spool.js';

/** Above this size an upload is imported in the background (202 + a record to poll). */
export const BACKGROUND_IMPORT_BYTES = 5 * 1024 * 1024;

export interface UploadFields {
  kind?: string;
  mapping?: string;
  dryRun?: string;
  skipBadRows?: string;
  /** Orders, admins only: the reason to let rows move orders past open playbook gates. */
  overrideGates?: string;
  /** The file's encoding (utf-8, windows-1252); overrides the mapping's. */
  encoding?: string;
}

const bool = (text: string | undefined, field: string, errors: FieldError[]): boolean => {
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  errors.push({ path: field, message: 'must be true or false' });
  return false;
};

export interface CheckedUpload {
  kind: ImportKind;
  mapping: ImportMapping | undefined;
  mappingDoc: unknown;
  isDryRun: boolean;
  shouldSkipBadRows: boolean;
  overrideGates: { reason: string } | null;
}

/** The form fields of an upload, checked; every problem named at once. */
export function checkUploadFields(fields: UploadFields, file: SpooledFile | null): CheckedUpload {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(fields))
    if (typeof value === 'string' && value.includes('\u0000'))
      errors.push({ path: name, message: 'must not contain the NUL character (\\u0000)' });
  if (errors.length > 0) throw invalid('imports.invalid', errors);
  if (!fields.kind) errors.push({ path: 'kind', message: `is required: one of ${IMPORT_KINDS.join(', ')}` });
  else if (!isImportKind(fields.kind)) errors.push({ path: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` });
  if (!file) errors.push({ path: 'file', message: 'is required: the CSV file or Excel workbook (.xlsx) as a multipart file part' });
  const isDryRun = bool(fields.dryRun, 'dryRun', errors);
  const encoding = fields.encoding?.trim() ? encodingNamed(fields.encoding) : undefined;
  if (encoding === null) errors.push({ path: 'encoding', message: 'must be utf-8, windows-1252 (also for Latin-1) or utf-16' });
  const shouldSkipBadRows = bool(fields.skipBadRows, 'skipBadRows', errors);
  // imports.invalid: the upload's form fields are missing or wrong (each named in errors[]).
  if (errors.length > 0) throw invalid('imports.invalid', errors);
  const kind = fields.kind as ImportKind;
  const text = fields.mapping?.trim();
  const mapping = text ? parseMappingText(kind, text) : encoding ? parseMapping(kind, null) : undefined;
  if (mapping && encoding) mapping.encoding = encoding;
  const reason = fields.overrideGates?.trim();
  return {
    kind,
    mapping,
    mappingDoc: text ? (JSON.parse(text) as unknown) : null,
    isDryRun,
    shouldSkipBadRows,
    overrideGates: reason ? { reason } : null,
  };
}

export interface RunUploadInput {
  upload: CheckedUpload;
  file: SpooledFile;
  /** Told when a background import fails unexpectedly (its record says 'failed' too). */
  onBackgroundError: (err: unknown) => void;
}

/**
 * A background import's handle: `done` settles when it has finished (its record says how) and its
 * file is removed; it never rejects (a failure goes to onBackgroundError). The HTTP route hands it
 * to the app's BackgroundImports, which tests await instead of polling.
 */
export type RunUploadOutcome = { isQueued: false; result: ImportResult } | { isQueued: true; id: string; done: Promise<void> };

/**
 * Runs the import now (small file) or in the background (large). It owns the spooled file from the
 * call on: removed after the import, and at once when the import is refused before it starts.
 */
export async function runUpload(ctx: UseCaseContext, { upload, file, onBackgroundError }: RunUploadInput): Promise<RunUploadOutcome> {
  const { actor } = ctx;
  const input = {
    kind: upload.kind,
    file: file.path,
    fileName: file.fileName,
    mapping: upload.mapping,
    isDryRun: upload.isDryRun,
    shouldSkipBadRows: upload.shouldSkipBadRows,
    overrideGates: upload.overrideGates,
    source: 'api' as const,
  };
  let id: string;
  try {
    assertMayImport(actor, upload.kind);
    assertMayOverrideGates(actor, upload.kind, upload.overrideGates);
    const { size } = await stat(file.path);
    if (size <= BACKGROUND_IMPORT_BYTES) {
      try {
        return { isQueued: false, result: assertImportAccepted(await importCsv(ctx, input)) };
      } finally {
        await removeSpooled(file);
      }
    }
    id = await createImportRecord(ctx, {
      ...input,
      fileName: file.fileName,
      fileHash: await sha256File(file.path),
      mapping: upload.mappingDoc,
      isDryRun: upload.isDryRun,
    });
  } catch (err) {
    await removeSpooled(file);
    throw err;
  }
  // NOTE: an in-process promise, not a job: the spooled file lives on this host's disk only.
  const done = importCsv(ctx, { ...input, importId: id })
    .then(
      () => undefined,
      (err: unknown) => onBackgroundError(err),
    )
    .finally(() => removeSpooled(file));
  return { isQueued: true, id, done };
}
