// A constant arrival rate that does not wait for answers (open loop): request k is due at
// start + k / rate, whatever happened to the ones before, and its latency is counted from that
// due time, not from when it could be sent. A slow answer therefore shows in every request
// queued behind it (no coordinated omission, as in wrk2). autocannon's `overallRate` sends each
// second's requests in a burst at the start of the second, so even a hello-world showed a p99 of
// 17–33 ms at 200 req/s with it.
import http from 'node:http';

export interface OpenLoopInput {
  port: number;
  paths: string[];
  headers: Record<string, string>;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Sockets kept open to the server: requests in flight beyond this many wait for a socket (and that wait counts). */
  sockets?: number;
}

export interface OpenLoopResult {
  /** Milliseconds from each request's due time to the end of its answer, in due order. */
  latencies: number[];
  sent: number;
  failed: number;
  /** Answers per second over the run. */
  achievedRps: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function openLoop(input: OpenLoopInput): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.sockets ?? 64 });
  const total = Math.round(input.rate * input.seconds);
  const latencies = new Array<number>(total).fill(NaN);
  let failed = 0;
  let done = 0;
  const start = performance.now();
  const intervalMs = 1000 / input.rate;

  const send = (k: number) => {
    const due = start + k * intervalMs;
    const req = http.request(
      { agent, host: '127.0.0.1', port: input.port, path: input.paths[k % input.paths.length], method: 'GET', headers: input.headers },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies[k] = performance.now() - due;
          if (res.statusCode !== 200) failed += 1;
          done += 1;
        });
      },
    );
    req.on('error', () => {
      latencies[k] = performance.now() - due;
      failed += 1;
      done += 1;
    });
    req.end();
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
  const deadline = performance.now() + 30_000;
  while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - start) / 1000;
  failed += total - done;
  agent.destroy();
  return { latencies: latencies.map((l) => (Number.isNaN(l) ? 30_000 : l)), sent: total, failed, achievedRps: done / elapsed };
}
