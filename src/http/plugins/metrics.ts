// Prometheus metrics at GET /metrics (text exposition format), and the request id every response
// carries in `x-request-id`. /metrics needs no auth and is not rate-limited: keep it off the public
// internet (docs/operations.md).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process: a process is one Rapport server, and counters for jobs and imports are
 * recorded from code that has no Fastify instance. Several apps in one process (tests) share it.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpRequests = new Counter({
  name: 'rapport_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: 'rapport_http_request_duration_seconds',
  help: 'HTTP request latency in seconds (first byte in to last byte out), by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const jobs = new Counter({
  name: 'rapport_jobs_total',
  help: 'Background jobs by job name and final state',
  labelNames: ['name', 'state'] as const,
  registers: [metricsRegistry],
});

const importRows = new Counter({
  name: 'rapport_import_rows_total',
  help: 'Rows written by CSV imports',
  registers: [metricsRegistry],
});

export type JobState = 'completed' | 'failed' | 'retried' | 'cancelled';

/** Counts a job that reached `state` (call it from the job runner). */
export function recordJob(name: string, state: JobState): void {
  jobs.inc({ name, state });
}

/** Counts rows an import wrote (call it once per committed import or batch). */
export function recordImportRows(n: number): void {
  if (n > 0) importRows.inc(n);
}

// A caller's id is kept only when it is a short, plain token: it ends up in logs and headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Fastify `genReqId`: the incoming `x-request-id` when it is safe, else a fresh UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function registerMetrics(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern (`/api/v1/accounts/:id`), never the raw URL: label values must stay few.
    const labels = { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status_code: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    const body = await metricsRegistry.metrics();
    return reply.type(metricsRegistry.contentType).send(body);
  });
}
