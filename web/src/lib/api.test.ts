import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES } from '../../../contract/errors';
import { ApiError, apiPath, ERROR_CODE_SHAPE, del, get, post, ResponseShapeError, setCsrfToken, withQuery } from './api';

/** The browser's fetch answering once with `body` (a string is sent as is). */
function answer(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const fetch = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

interface Thing {
  id: string;
  count: number;
}

// What an answer is comes from the contract's schema as a type; the server checked it before sending
// (test/integration/answers-checked.test.ts), so the client reads it as sent.
describe('the API client', () => {
  it('returns the answer as sent', async () => {
    answer(200, { id: 'a', count: 2 });
    await expect(get<Thing>('/things/a')).resolves.toEqual({ id: 'a', count: 2 });
  });

  it('refuses a success that is not JSON (a proxy or a captive portal answered), naming the request', async () => {
    answer(200, '<html>Sign in to the hotel Wi-Fi</html>', { 'content-type': 'text/html' });
    const err = await get<Thing>('/tasks', { mine: 'true' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseShapeError);
    expect((err as Error).message).toMatch(/^The server's answer to GET \/tasks is not what this page expects/);
  });

  it('turns a problem+json into an ApiError with its code and field errors', async () => {
    answer(400, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'validation.invalid',
      detail: 'One field is wrong',
      errors: [{ path: 'name', message: 'must not be empty' }],
    });
    const err = await post<Thing>('/things', { name: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).code).toBe('validation.invalid');
    expect((err as ApiError).fieldErrors()).toEqual({ name: 'must not be empty' });
  });

  it('keeps the wait of a 429 from Retry-After', async () => {
    answer(429, { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'rate_limited' }, { 'retry-after': '30' });
    const err = await post<Thing>('/auth/login', {}).catch((e: unknown) => e);
    expect((err as ApiError).retryAfter).toBe(30);
  });

  it('reads a proxy’s HTML error page as its status, not as JSON', async () => {
    answer(502, '<html>Bad gateway</html>');
    const err = await get<Thing>('/things').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(502);
    expect((err as ApiError).code).toBe('unknown');
  });

  it('accepts an empty 204 where no content is expected', async () => {
    answer(204);
    await expect(del('/things/a')).resolves.toBeUndefined();
  });

  it('sends writes with the CSRF token and an idempotency key when given', async () => {
    const fetch = answer(200, { id: 'a', count: 1 });
    setCsrfToken('csrf-1');
    await post<Thing>('/things', { name: 'x' }, { idempotencyKey: 'key-1' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/things');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ 'x-csrf-token': 'csrf-1', 'idempotency-key': 'key-1', 'content-type': 'application/json' });
    expect(init?.body).toBe('{"name":"x"}');
  });
});

describe('paths and queries', () => {
  it('encodes each value as one path segment', () => {
    expect(apiPath`/playbooks/${'a/../b c'}/preview`).toBe('/playbooks/a%2F..%2Fb%20c/preview');
  });

  it('leaves out query values that are not set', () => {
    expect(withQuery('/orders', { q: '', status: undefined, accountId: null, limit: 25, isLate: 'true' })).toBe(
      '/orders?limit=25&isLate=true',
    );
    expect(withQuery('/orders', {})).toBe('/orders');
  });
});

// ApiError's code is the catalogue's: screens branch on it and the compiler checks their literals.
describe('ApiError', () => {
  const problem = {
    type: 'https://rapport.dev/problems/orders/gate_open',
    title: 'Conflict',
    status: 409,
    code: 'orders.gate_open',
    detail: 'A gate is open.',
  };

  it('keeps a code of the catalogue, with the status and the detail', () => {
    const err = new ApiError(problem);
    expect([err.code, err.status, err.message]).toEqual(['orders.gate_open', 409, 'A gate is open.']);
  });

  it('calls a code that is not written as ours unknown (an answer that is not ours), keeping the problem as sent', () => {
    const err = new ApiError({ ...problem, code: 'Proxy Error 502' });
    expect(err.code).toBe('unknown');
    expect(err.problem.code).toBe('Proxy Error 502');
  });

  it('knows every code of the catalogue as ours by how it is written', () => {
    expect(ERROR_CODES.filter((code) => !ERROR_CODE_SHAPE.test(code))).toEqual([]);
    expect(ERROR_CODES.length).toBeGreaterThan(100);
  });
});
