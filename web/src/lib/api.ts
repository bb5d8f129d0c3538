// The one HTTP client of the web UI: JSON in and out, the CSRF header on writes, and
// problem+json parsed into ApiError so screens branch on `code` and put `errors[]` on fields.
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

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}
/** For requests api() cannot send (multipart uploads). */
export function getCsrfToken(): string {
  return csrfToken;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(method: string, path: string, body?: unknown, init?: { idempotencyKey?: string }): Promise<T> {
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
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, not our API: keep the status, drop the body.
    if (res.ok) throw new Error(`The server answered ${path} with something that is not JSON.`);
  }
  if (!res.ok) {
    const p = (data ?? {}) as Partial<Problem>;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(
      {
        type: p.type ?? 'about:blank',
        title: p.title ?? res.statusText,
        status: res.status,
        code: p.code ?? 'unknown',
        detail: p.detail ?? res.statusText,
        errors: p.errors,
        instance: p.instance,
      },
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query));
export const post = <T>(path: string, body?: unknown, init?: { idempotencyKey?: string }) => api<T>('POST', path, body ?? {}, init);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);
