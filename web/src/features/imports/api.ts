// The import API: the multipart upload (api() only speaks JSON), the imports list, and one import,
// polled while it runs.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportRecordSchema,
  SavedMappingSchema,
  ImportProblem,
  ImportRecord,
  ListImportsQuery,
  SavedMapping,
} from '../../../../contract/imports';
import { ApiError, apiPath, del, get, getCsrfToken, post, readAnswer, type Answer, type Items, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';
import type { CsvEncoding } from './csv-head';
import type { ImportKind, MappingDoc } from './fields';

export type ImportListQuery = Partial<ListImportsQuery>;

export const importKeys = {
  all: ['imports'] as const,
  list: (query: ImportListQuery) => ['imports', 'list', query] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  mappings: (kind: ImportKind) => ['imports', 'mappings', kind] as const,
};

type ImportPage = Page<typeof ImportRecordSchema>;

export type UploadOutcome = { kind: 'done'; record: ImportRecord } | { kind: 'queued'; id: string; record: ImportRecord };

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

/** POST /api/v1/imports as multipart: the options first, the file last (the server streams it). */
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
  const record = (await readAnswer(res, 'POST /imports')) as Answer<typeof ImportRecordSchema>;
  // 202: queued, it runs on the server; 201: done while we waited.
  return res.status === 202 ? { kind: 'queued', id: record.id, record } : { kind: 'done', record };
}

export const isFinished = (r: ImportRecord) => r.status === 'succeeded' || r.status === 'failed' || r.status === 'rejected';

export const getImport = (id: string) => get<Answer<typeof ImportRecordSchema>>(apiPath`/imports/${id}`);

/** Imports, newest first; refreshed every 2 s while one of them still runs. */
export function useImports(query: ImportListQuery) {
  return useQuery({
    queryKey: importKeys.list(query),
    queryFn: () => get<ImportPage>('/imports', { ...query }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((r) => !isFinished(r)) ? 2000 : false),
  });
}

/** One import, refreshed every second until it has finished. */
export function useImport(id: string) {
  return useQuery({
    queryKey: importKeys.detail(id),
    queryFn: () => getImport(id),
    refetchInterval: (q) => (q.state.data && !isFinished(q.state.data) ? 1000 : false),
  });
}

/** An import finished: the list shows it (the upload is a flow of its own, not one mutation). */
export function useRefreshImports(): () => Promise<void> {
  const qc = useQueryClient();
  return () => invalidate(qc, importKeys.all);
}

/** The bad rows of a 422 (line, column, value, reason), or null when the problem is about something else. */
export function rowProblems(err: unknown): ImportProblem[] | null {
  if (!(err instanceof ApiError)) return null;
  const errors = (err.problem.errors ?? []) as unknown[];
  const rows = errors.filter(
    (e): e is ImportProblem => typeof e === 'object' && e !== null && typeof (e as { line?: unknown }).line === 'number',
  );
  return rows.length > 0 ? rows : null;
}

/** How many rows a refused import found wrong, of how many (the answer lists at most the first 1,000 problems). */
export function rejectedOf(err: unknown): { rejected: number; totalRows: number } | null {
  if (!(err instanceof ApiError)) return null;
  const { rejected, totalRows } = err.problem.meta ?? {};
  return typeof rejected === 'number' && typeof totalRows === 'number' ? { rejected, totalRows } : null;
}

/** The mappings saved for a kind, by name. */
export function useSavedMappings(kind: ImportKind | null) {
  return useQuery({
    queryKey: importKeys.mappings(kind ?? 'accounts'),
    queryFn: async () => (await get<Items<typeof SavedMappingSchema>>('/import-mappings', { kind: kind! })).items,
    enabled: kind !== null,
  });
}

/** Saves the mapping under `name` (replacing the kind's mapping of that name). */
export const saveMapping = (kind: ImportKind, name: string, mapping: MappingDoc): Promise<SavedMapping> =>
  post<Answer<typeof SavedMappingSchema>>('/import-mappings', { kind, name, mapping });

export const forgetMapping = (id: string) => del(apiPath`/import-mappings/${id}`);
