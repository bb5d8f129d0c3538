// One log line per request (docs/operations.md "Logs and request ids"): method, path, status and
// time, with the request id as `reqId` like every other line about it. Fastify's own pair of lines
// ("incoming request" / "request completed") is switched off in app.ts.
import type { FastifyInstance } from 'fastify';

/** The path as logged: a customer portal or mail-preferences token (/c/<token>…, /u/<token>) is a credential and never written (docs/portal.md). */
export function loggedPath(url: string): string {
  return url.split('?')[0]!.replace(/^\/([cu])\/[^/]+/, '/$1/[token]');
}

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const path = loggedPath(request.url);
    const line = { method: request.method, url: path, statusCode: reply.statusCode, ms };
    const msg = `${request.method} ${path} ${reply.statusCode} ${ms} ms`;
    if (reply.statusCode >= 500) request.log.error(line, msg);
    else request.log.info(line, msg);
  });
}
