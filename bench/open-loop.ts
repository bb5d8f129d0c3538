// A constant arrival rate that does not wait for answers (open loop): request k is due at
// start + k / rate, whatever happened to the ones before, and its latency is counted from that
// due time, not from when it could be sent. A slow answer therefore shows in every request
// queued behind it (no coordinated omission, as in wrk2). autocannon's `overallRate` sends each
// second's requests in a burst at the start of the second, so even a hello-world showed a p99 of
// 17–33 ms at 200 req/s with it.
//
// Each due request is either a GET of `paths[k % paths.length]` or, with `request`, whatever
// `request(k)` builds (method, path, headers, body): a mixed run of reads and writes.
import http from 'node:http';

export interface OpenLoopRequest {
  method: string;
  path: string;
  /** Added to (and overriding) the run's common headers. */
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON (content-type set unless given). */
  body?: unknown;
}

export interface OpenLoopInput {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** GET-only runs: request k reads `paths[k % paths.length]`. */
  paths?: string[];
  /** Mixed runs: builds request k when it is due (called once per k, in order). */
  request?: (k: number) => OpenLoopRequest;
  /** Sent with every request. */
  headers: Record<string, string>;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Sockets kept open to the server: requests in flight beyond this many wait for a socket (and that wait counts). */
  sockets?: number;
  /**
   * Called once per request: its status and body (as text; kept for failures and when this is
   * given), or null and the error for a socket error or no answer in time.
   */
  onResponse?: (k: number, status: number | null, body: string) => void;
  /** How many failures to keep, with their status and body (default 5). */
  errorSampleLimit?: number;
  /** A request with no answer this long after the last one was sent counts as failed (default 30 s). */
  drainMs?: number;
}

export interface OpenLoopError {
  k: number;
  method: string;
  path: string;
  /** null: no answer (socket error, or none before the drain deadline). */
  status: number | null;
  /** The answer's body (cut at 2,000 characters), or the socket error. */
  detail: string;
}

export interface OpenLoopResult {
  /** Milliseconds from each request's due time to the end of its answer, in due order. */
  latencies: number[];
  sent: number;
  /** Non-2xx answers, socket errors and requests never answered. */
  failed: number;
  /** Of `failed`: the non-2xx answers. */
  non2xx: number;
  /** Of `failed`: socket errors and requests never answered. */
  socketErrors: number;
  /** The first few failures (errorSampleLimit). */
  errorSamples: OpenLoopError[];
  /** Answers per second over the run. */
  achievedRps: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function openLoop(input: OpenLoopInput): Promise<OpenLoopResult> {
  const { paths, request } = input;
  if (!request && (!paths || paths.length === 0)) throw new Error('openLoop needs paths or a request builder');
  const build = request ?? ((k: number): OpenLoopRequest => ({ method: 'GET', path: paths![k % paths!.length]! }));
  const sampleLimit = input.errorSampleLimit ?? 5;
  const drainMs = input.drainMs ?? 30_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.sockets ?? 64 });
  const total = Math.round(input.rate * input.seconds);
  const latencies = new Array<number>(total).fill(NaN);
  const answered = new Uint8Array(total);
  const built: { method: string; path: string }[] = new Array(total);
  let non2xx = 0;
  let socketErrors = 0;
  let done = 0;
  const errorSamples: OpenLoopError[] = [];
  const sample = (e: OpenLoopError) => {
    if (errorSamples.length < sampleLimit) errorSamples.push({ ...e, detail: e.detail.slice(0, 2000) });
  };
  const start = performance.now();
  const intervalMs = 1000 / input.rate;

  const send = (k: number) => {
    const due = start + k * intervalMs;
    const r = build(k);
    built[k] = { method: r.method, path: r.path };
    const headers: Record<string, string> = { ...input.headers, ...r.headers };
    let payload: string | Buffer | undefined;
    if (r.body !== undefined) {
      payload = typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    // Exactly once per request, whichever of answer, error or abort comes first.
    const finish = (status: number | null, detail: string) => {
      if (answered[k]) return;
      answered[k] = 1;
      latencies[k] = performance.now() - due;
      done += 1;
      if (status === null) {
        socketErrors += 1;
        sample({ k, method: r.method, path: r.path, status, detail });
      } else if (status < 200 || status > 299) {
        non2xx += 1;
        sample({ k, method: r.method, path: r.path, status, detail });
      }
      input.onResponse?.(k, status, detail);
    };
    const req = http.request(
      { agent, host: input.host ?? '127.0.0.1', port: input.port, path: r.path, method: r.method, headers },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status <= 299;
        // The body is kept only when someone reads it: a failure's sample, or onResponse.
        const keep = !ok || input.onResponse !== undefined;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => void (keep && chunks.push(c)));
        res.on('end', () => {
          finish(status, keep ? Buffer.concat(chunks).toString('utf8') : '');
        });
        res.on('error', (err) => finish(null, `response: ${err.message}`));
      },
    );
    req.on('error', (err) => finish(null, `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}`));
    req.end(payload);
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      // Every request whose due time has come goes now (a late timer sends several at once, each
      // still timed from its own due time).
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) send(next++);
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  // Wait for the last answers (bounded: a request that never answers counts as failed).
  const deadline = performance.now() + drainMs;
  while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - start) / 1000;
  for (let k = 0; k < total && done < total; k++) {
    if (answered[k]) continue;
    answered[k] = 1; // an answer that comes after this (or the abort below) counts no more
    const r = built[k] ?? { method: '?', path: '?' };
    socketErrors += 1;
    const detail = `no answer within ${drainMs} ms of the last request`;
    if (errorSamples.length < sampleLimit) errorSamples.push({ k, method: r.method, path: r.path, status: null, detail });
    input.onResponse?.(k, null, detail);
  }
  agent.destroy();
  return {
    latencies: latencies.map((l) => (Number.isNaN(l) ? drainMs : l)),
    sent: total,
    failed: non2xx + socketErrors,
    non2xx,
    socketErrors,
    errorSamples,
    achievedRps: done / elapsed,
  };
}
