// The one HTTP client of the web UI: JSON in and out, the CSRF header on writes, problem+json
// parsed into ApiError so screens branch on `code` and put `errors[]` on fields, and every answer
// parsed by the contract's schema for it, never cast (docs/decisions/0012-web-data-layer.md).
// Screens do not call it: each feature's api.ts holds its paths, query keys and hooks.
import { z } from 'zod';
import type { Problem } from '../../../contract/common';
import { isErrorCode, type ErrorCode } from '../../../contract/errors';

/** A code of the catalogue (contract/errors.ts); 'unknown' for an answer that is not our problem+json. */
export type ApiErrorCode = ErrorCode | 'unknown';

export class ApiError extends Error {
  readonly status: number;
  /** Typed by the catalogue: a comparison with a code it does not hold does not compile. */
  readonly code: ApiErrorCode;
  readonly problem: Problem;
  /** Seconds to wait before retrying, from Retry-After on a 429. */
  readonly retryAfter: number | null;
  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.status = problem.status;
    this.code = isErrorCode(problem.code) ? problem.code : 'unknown';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  /** Field errors by path, for form.setErrors(). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

/**
 * The server answered, but not in the shape the contract promises: the web UI and the server are
 * different versions, or one has a bug. Never the user's doing, so it is not retried.
 */
export class ResponseShapeError extends Error {
  readonly request: string;
  constructor(request: string, issues: readonly z.core.$ZodIssue[]) {
    const first = issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(the answer)'} ${i.message}`)
      .join('; ');
    super(`The server's answer to ${request} is not what this page expects (${first}). Reload the page; if it stays, tell your admin.`);
    this.name = 'ResponseShapeError';
    this.request = request;
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}
/** For requests api() cannot send (multipart uploads). */
export function getCsrfToken(): string {
  return csrfToken;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** A path under /api/v1 with every interpolated value encoded as one segment: `apiPath\`/orders/${id}\``. */
export function apiPath(parts: TemplateStringsArray, ...values: string[]): string {
  return parts.reduce((path, part, i) => path + part + (i < values.length ? encodeURIComponent(values[i]!) : ''), '');
}

/** A problem+json answer (or a proxy's error page, read as its status) as an ApiError. */
export function toApiError(res: Response, data: unknown): ApiError {
  const p = (data ?? {}) as Partial<Problem>;
  const retryAfter = Number(res.headers.get('retry-after'));
  return new ApiError(
    {
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: res.status,
      code: p.code ?? 'unknown',
      detail: p.detail ?? res.statusText,
      errors: p.errors,
      instance: p.instance,
      ...(p.meta && { meta: p.meta }),
    },
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

/** The body of a response already received: JSON, or an ApiError when it is a failure. */
export async function readAnswer(res: Response, request: string): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, not our API: keep the status, drop the body.
    if (res.ok) throw new Error(`The server answered ${request} with something that is not JSON.`);
  }
  if (!res.ok) throw toApiError(res, data);
  return data;
}

/** `data` as the schema says it is, or a ResponseShapeError naming what differs. */
export function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, request: string): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ResponseShapeError(request, result.error.issues);
  return result.data;
}

/** The schema of an answer without a body (204). */
export const NoContent = z.undefined();

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  body?: unknown,
  init?: { idempotencyKey?: string },
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (init?.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const request = `${method} ${path.split('?')[0]}`;
  return parseAnswer(schema, await readAnswer(res, request), request);
}

export const get = <S extends z.ZodType>(path: string, schema: S, query?: Query) => api('GET', withQuery(path, query), schema);
export const post = <S extends z.ZodType>(path: string, schema: S, body?: unknown, init?: { idempotencyKey?: string }) =>
  api('POST', path, schema, body ?? {}, init);
export const put = <S extends z.ZodType>(path: string, schema: S, body: unknown) => api('PUT', path, schema, body);
export const patch = <S extends z.ZodType>(path: string, schema: S, body: unknown) => api('PATCH', path, schema, body);
export const del = <S extends z.ZodType = typeof NoContent>(path: string, schema?: S) =>
  api('DELETE', path, schema ?? NoContent) as Promise<z.output<S>>;

/** `{items: T[]}`: the envelope of the lists the server sends whole (no cursor). */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * What to say about a failure that is no problem+json: an answer this page cannot read says so
 * (the server may have done the work), anything else is the network, told as `unreached`.
 */
export function otherFailure(err: unknown, unreached: string): string {
  return err instanceof ResponseShapeError ? err.message : unreached;
}
