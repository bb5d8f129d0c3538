// An import that arrives over HTTP: the upload is spooled to a temporary file (the import reads
// a file: hashing, then one streaming pass), small files run at once, large ones in the
// background of this process while the caller polls the import record.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../db/client.js';
import { invalid, type Actor, type FieldError } from '../shared/index.js';
import { assertMayImport, assertMayOverrideGates } from './access.rules.js';
import { IMPORT_KINDS, isImportKind, type ImportKind } from './fields.js';
import { assertImportAccepted, createImportRecord, importCsv, sha256File, type ImportResult } from './import-csv.js';
import { parseMappingText, type ImportMapping } from './mapping.js';

/** Above this size an upload is imported in the background (202 + a record to poll). */
export const BACKGROUND_IMPORT_BYTES = 5 * 1024 * 1024;

export interface UploadFields {
  kind?: string;
  mapping?: string;
  dryRun?: string;
  skipBadRows?: string;
  /** Orders, admins only: the reason to let rows move orders past open playbook gates. */
  overrideGates?: string;
}

export interface SpooledFile {
  path: string;
  fileName: string;
}

export async function spoolUpload(stream: Readable, fileName: string): Promise<SpooledFile> {
  const file = path.join(os.tmpdir(), `rapport-upload-${randomBytes(8).toString('hex')}.csv`);
  await pipeline(stream, createWriteStream(file));
  return { path: file, fileName };
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
  if (!fields.kind) errors.push({ path: 'kind', message: `is required: one of ${IMPORT_KINDS.join(', ')}` });
  else if (!isImportKind(fields.kind)) errors.push({ path: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` });
  if (!file) errors.push({ path: 'file', message: 'is required: the CSV file as a multipart file part' });
  const isDryRun = bool(fields.dryRun, 'dryRun', errors);
  const shouldSkipBadRows = bool(fields.skipBadRows, 'skipBadRows', errors);
  // imports.invalid: the upload's form fields are missing or wrong (each named in errors[]).
  if (errors.length > 0) throw invalid('imports.invalid', errors);
  const kind = fields.kind as ImportKind;
  const text = fields.mapping?.trim();
  const mapping = text ? parseMappingText(kind, text) : undefined;
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
  db: Db;
  actor: Actor;
  now: Date;
  upload: CheckedUpload;
  file: SpooledFile;
  /** Told when a background import fails unexpectedly (its record says 'failed' too). */
  onBackgroundError: (err: unknown) => void;
}

export type RunUploadOutcome = { isQueued: false; result: ImportResult } | { isQueued: true; id: string };

/** Runs the import now (small file) or in the background (large); removes the spooled file after. */
export async function runUpload({ db, actor, now, upload, file, onBackgroundError }: RunUploadInput): Promise<RunUploadOutcome> {
  assertMayImport(actor, upload.kind);
  assertMayOverrideGates(actor, upload.kind, upload.overrideGates);
  const input = {
    db,
    kind: upload.kind,
    file: file.path,
    fileName: file.fileName,
    mapping: upload.mapping,
    isDryRun: upload.isDryRun,
    shouldSkipBadRows: upload.shouldSkipBadRows,
    overrideGates: upload.overrideGates,
    actor,
    now,
    source: 'api' as const,
  };
  const { size } = await stat(file.path);
  if (size <= BACKGROUND_IMPORT_BYTES) {
    try {
      return { isQueued: false, result: assertImportAccepted(await importCsv(input)) };
    } finally {
      await rm(file.path, { force: true });
    }
  }
  const id = await createImportRecord(db, {
    ...input,
    fileName: file.fileName,
    fileHash: await sha256File(file.path),
    mapping: upload.mappingDoc,
    isDryRun: upload.isDryRun,
  });
  // NOTE: an in-process promise, not a job: the spooled file lives on this host's disk only.
  void importCsv({ ...input, importId: id })
    .catch((err: unknown) => onBackgroundError(err))
    .finally(() => rm(file.path, { force: true }));
  return { isQueued: true, id };
}
