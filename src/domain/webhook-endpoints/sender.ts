// One HTTP attempt of a delivery: POST, a short timeout, redirects not followed (a receiver that
// moved must be updated by an admin; following a redirect would send signed data wherever the
// answer points). Runs with no database transaction open.
import { performance } from 'node:perf_hooks';
import { ERROR_TEXT_MAX, isSuccess, TIMEOUT_MS, type AttemptOutcome } from './delivery.rules.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request; never throws (a failure is an outcome with its error). */
export type WebhookSender = (request: WebhookRequest) => Promise<AttemptOutcome>;

/** The start of a response body, at most `max` characters, without reading a large answer whole. */
async function startOf(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, max);
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`.slice(0, ERROR_TEXT_MAX);
  return (err instanceof Error ? err.message : String(err)).slice(0, ERROR_TEXT_MAX);
}

/** A sender over fetch that gives up after `timeoutMs` (tests shorten it). */
export const createHttpSender =
  ({ timeoutMs = TIMEOUT_MS } = {}): WebhookSender =>
  async ({ url, headers, body }) => {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const answer = (await startOf(response, ERROR_TEXT_MAX).catch(() => '')).trim();
      const durationMs = took();
      if (isSuccess(response.status)) return { statusCode: response.status, durationMs, error: null };
      const location = response.headers.get('location');
      const error =
        response.status >= 300 && response.status < 400
          ? `HTTP ${response.status}: redirects are not followed${location ? ` (to ${location.slice(0, 200)})` : ''}`
          : `HTTP ${response.status}${answer ? `: ${answer}` : ''}`;
      return { statusCode: response.status, durationMs, error: error.slice(0, ERROR_TEXT_MAX) };
    } catch (err) {
      return { statusCode: null, durationMs: took(), error: describeFetchError(err, timeoutMs) };
    }
  };

export const httpSender: WebhookSender = createHttpSender();
