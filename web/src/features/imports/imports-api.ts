// The import API beyond JSON: the multipart upload (api() only speaks JSON), polling a queued
// import, and reading the head of a CSV in the browser for the preview and the column list.
import { parse } from 'csv-parse/browser/esm/sync';
import type { Problem } from '../../../../contract/common';
import type { CsvEncoding, ImportProblem, ImportRecord } from '../../../../contract/imports';
import { ApiError, get, getCsrfToken } from '../../lib/api';
import type { ImportKind, MappingDoc } from './fields';

export type UploadOutcome = { kind: 'done'; record: ImportRecord } | { kind: 'queued'; id: string; record: ImportRecord | null };

function toApiError(res: Response, data: unknown): ApiError {
  const p = (data ?? {}) as Partial<Problem>;
  return new ApiError({
    type: p.type ?? 'about:blank',
    title: p.title ?? res.statusText,
    status: res.status,
    code: p.code ?? 'unknown',
    detail: p.detail ?? res.statusText,
    errors: p.errors,
    instance: p.instance,
  });
}

export type { CsvEncoding } from '../../../../contract/imports';

/** POST /api/v1/imports as multipart: the options first, the file last (the server streams it). */

export interface UploadInput {
  kind: ImportKind;
  file: File;
  mapping: MappingDoc;
  dryRun: boolean;
  skipBadRows: boolean;
  encoding: CsvEncoding;
  /** Orders, admins only: pass open playbook gates, recorded with this reason. */
  overrideGates: string | null;
}

export async function uploadImport(input: UploadInput): Promise<UploadOutcome> {
  const form = new FormData();
  form.append('kind', input.kind);
  form.append('mapping', JSON.stringify(input.mapping));
  form.append('dryRun', String(input.dryRun));
  form.append('skipBadRows', String(input.skipBadRows));
  if (input.encoding !== 'utf-8') form.append('encoding', input.encoding);
  if (input.overrideGates) form.append('overrideGates', input.overrideGates);
  form.append('file', input.file, input.file.name);
  const res = await fetch('/api/v1/imports', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-csrf-token': getCsrfToken() },
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    if (res.ok) throw new Error('The server answered the upload with something that is not JSON.');
  }
  if (!res.ok) throw toApiError(res, data);
  const record = (data ?? null) as ImportRecord | null;
  if (res.status === 202) {
    const location = res.headers.get('location') ?? '';
    const id = record?.id ?? location.split('/').filter(Boolean).pop() ?? '';
    return { kind: 'queued', id, record };
  }
  return { kind: 'done', record: record! };
}

export const isFinished = (r: ImportRecord) => r.status === 'succeeded' || r.status === 'failed' || r.status === 'rejected';

export const getImport = (id: string) => get<ImportRecord>(`/imports/${id}`);

/** The bad rows of a 422 (line, column, value, reason), or null when the problem is about something else. */
export function rowProblems(err: unknown): ImportProblem[] | null {
  if (!(err instanceof ApiError)) return null;
  const errors = (err.problem.errors ?? []) as unknown[];
  const rows = errors.filter(
    (e): e is ImportProblem => typeof e === 'object' && e !== null && typeof (e as { line?: unknown }).line === 'number',
  );
  return rows.length > 0 ? rows : null;
}

export interface CsvHead {
  columns: string[];
  rows: string[][];
  delimiter: ',' | ';';
  /** How the head read: not UTF-8 means the file is sent as windows-1252. */
  encoding: CsvEncoding;
}

/**
 * The header and first rows of a CSV, for the preview. Bytes that are not UTF-8 mean an older
 * export (Excel's "CSV" in Windows-1252/Latin-1): the head is then read that way and `encoding`
 * says so, so the upload can name it (the server refuses undeclared non-UTF-8 files).
 */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: a multi-byte character cut at the end of the slice is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export async function readCsvHead(file: File, forced?: CsvEncoding, rowCount = 5): Promise<CsvHead> {
  // 256 KB is plenty for a header and a few rows, even with long quoted cells.
  const bytes = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const encoding = forced ?? (isUtf8(bytes) ? 'utf-8' : 'windows-1252');
  let text = new TextDecoder(encoding).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  // Cut at the last complete line so a row split by the slice does not fail the parse.
  if (file.size > 256 * 1024) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const records: string[][] = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, to: rowCount + 1 });
  const [header, ...rows] = records;
  if (!header || header.length === 0) throw new Error('The file has no header line.');
  return { columns: header.map((h) => h.trim()), rows, delimiter, encoding };
}
