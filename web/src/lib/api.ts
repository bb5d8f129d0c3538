// The one HTTP client of the web UI: JSON in and out, the CSRF header on writes, problem+json
// parsed into ApiError so screens branch on `code` and put `errors[]` on fields, and every answer
// typed by the contract's schema for it (docs/decisions/0012-web-data-layer.md). The server checks
// each answer against that schema before sending it, so the page does not check it again: the
// schema is a type here, erased at build, and a screen that only reads loads no zod
// (docs/decisions/0021-answers-typed-not-parsed.md). Screens do not call this client: each
// feature's api.ts holds its paths, query keys and hooks.
import type { z } from 'zod';
import type { pageOf, Problem } from '../../../contract/common';
import type { ErrorCode } from '../../../contract/errors';

/** A code of the catalogue (contract/errors.ts); 'unknown' for an answer that is not our problem+json. */
export type ApiErrorCode = ErrorCode | 'unknown';

/**
 * How every code of the catalogue is written (`orders.gate_open`, `internal`). The page tells our
 * problems from someone else's (a proxy's) by it, rather than by loading the whole catalogue with
 * its explanations; api.test.ts checks the catalogue against it.
 */
export const ERROR_CODE_SHAPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

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
    this.code = typeof problem.code === 'string' && ERROR_CODE_SHAPE.test(problem.code) ? (problem.code as ErrorCode) : 'unknown';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  /** Field errors by path, for form.setErrors(). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

/**
 * The server answered with success, but not with JSON: something between the page and the server
 * (a proxy, a captive portal) answered instead, or the versions differ. Never the user's doing,
 * so it is not retried.
 */
export class ResponseShapeError extends Error {
  readonly request: string;
  constructor(request: string) {
    super(`The server's answer to ${request} is not what this page expects. Reload the page; if it stays, tell your admin.`);
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
    if (res.ok) throw new ResponseShapeError(request);
  }
  if (!res.ok) throw toApiError(res, data);
  return data;
}

/**
 * What a request answers, as the contract's schema for it says: `get<Answer<typeof OrderSchema>>(…)`.
 * A type only — the server has checked the answer against the same schema.
 */
export type Answer<S extends z.ZodType> = z.output<S>;

/** `{items: T[]}`: the envelope of the lists the server sends whole (no cursor). */
export type Items<S extends z.ZodType> = { items: z.output<S>[] };

/** A page of a cursor-paged list, as contract/common.ts's `pageOf` says. */
export type Page<S extends z.ZodType> = z.output<ReturnType<typeof pageOf<S>>>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `T` is what the answer is (`Answer<typeof Schema>`); left out where the route answers nothing (204). */
export async function api<T = void>(method: Method, path: string, body?: unknown, init?: { idempotencyKey?: string }): Promise<T> {
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
  return (await readAnswer(res, `${method} ${path.split('?')[0]}`)) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T = void>(path: string, body?: unknown, init?: { idempotencyKey?: string }) => api<T>('POST', path, body ?? {}, init);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/**
 * What to say about a failure that is no problem+json: an answer this page cannot read says so
 * (the server may have done the work), anything else is the network, told as `unreached`.
 */
export function otherFailure(err: unknown, unreached: string): string {
  return err instanceof ResponseShapeError ? err.message : unreached;
}
