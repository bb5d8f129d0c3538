import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { buildApp } from '../../src/http/app.js';
import { loggerFor } from '../../src/http/server.js';
import { engines, json, openTestDatabase, testConfig, useTestApp } from '../support/app.js';

describe.each(engines)('operations endpoints on %s', (engine) => {
  const ctx = useTestApp(engine);

  it('answers /healthz and /readyz without auth', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(json(health)).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(json(ready)).toEqual({ status: 'ok' });
  });

  it('counts a request in /metrics by route pattern and status, never by raw URL', async () => {
    const id = '4c7d2a8e-0000-4000-8000-000000000001';
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/accounts/${id}` });
    expect(res.statusCode).toBe(401);
    const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.body;
    expect(text).toMatch(/^rapport_http_requests_total\{method="GET",route="\/api\/v1\/accounts\/:id",status_code="401"\} [1-9]\d*$/m);
    expect(text).toMatch(
      /^rapport_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/accounts\/:id",status_code="401"\} [1-9]\d*$/m,
    );
    expect(text).not.toContain(id);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toContain('# TYPE rapport_jobs_total counter');
    expect(text).toContain('# TYPE rapport_import_rows_total counter');
  });

  it('is not rate-limited on /metrics, /healthz or /readyz', async () => {
    const limited = await buildApp({ database: ctx.database, config: testConfig({ rateLimitPerMinute: 2 }), serveWeb: false });
    try {
      for (const url of ['/metrics', '/healthz', '/readyz']) {
        for (let i = 0; i < 4; i++) expect((await limited.inject({ method: 'GET', url })).statusCode).toBe(200);
      }
      // The limit itself is live: another unauthenticated route is refused after 2.
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('returns the request id in x-request-id, in the problem instance, and in the logs', async () => {
    const lines: string[] = [];
    const logged = await buildApp({
      database: ctx.database,
      config: testConfig(),
      serveWeb: false,
      logger: { level: 'info', stream: { write: (l) => void lines.push(l) } },
    });
    try {
      const res = await logged.inject({ method: 'GET', url: '/api/v1/me' });
      expect(res.statusCode).toBe(401);
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(json(res)['instance']).toBe(`urn:rapport:request:${id}`);
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      // One line per request, carrying its id, what was asked and how it ended.
      const about = entries.filter((e) => e['reqId'] === id);
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({
        method: 'GET',
        url: '/api/v1/me',
        statusCode: 401,
        msg: expect.stringMatching(/^GET \/api\/v1\/me 401 [\d.]+ ms$/),
      });

      const mine = await logged.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-request-id': 'lb-7f3a.91_x' } });
      expect(mine.headers['x-request-id']).toBe('lb-7f3a.91_x');
      expect(json(mine)['instance']).toBe('urn:rapport:request:lb-7f3a.91_x');

      for (const unsafe of ['a'.repeat(65), 'has space', '../../etc', '<script>']) {
        const r = await logged.inject({ method: 'GET', url: '/api/v1/me', headers: { 'x-request-id': unsafe } });
        expect(r.headers['x-request-id']).not.toBe(unsafe);
        expect(String(r.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      await logged.close();
    }
  });

  it('answers 503 on /readyz once the database is gone, while /healthz stays up', async () => {
    const database = await openTestDatabase(engine);
    const app = await buildApp({ database, config: testConfig(), serveWeb: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await database.close();
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(json(res)).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('logs one readable line per request on a terminal, and JSON lines otherwise', async () => {
    expect(loggerFor({ logLevel: 'info', logFormat: 'auto' }, false).stream).toBeUndefined();
    expect(loggerFor({ logLevel: 'info', logFormat: 'json' }, true).stream).toBeUndefined();
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logged = await buildApp({
      database: ctx.database,
      config: testConfig(),
      serveWeb: false,
      logger: loggerFor({ logLevel: 'info', logFormat: 'auto' }, true, out),
    });
    try {
      const res = await logged.inject({ method: 'GET', url: '/api/v1/me?x=1' });
      await expect.poll(() => text).toContain('GET /api/v1/me 401');
      const line = stripVTControlCharacters(text.split('\n').find((l) => l.includes('GET /api/v1/me 401'))!);
      // Time, level and the request; the request id stays findable; the query string is not logged.
      expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/v1\/me 401 [\d.]+ ms/);
      expect(line).toContain(String(res.headers['x-request-id']));
      expect(line).not.toContain('x=1');
      expect(line.trim().startsWith('{')).toBe(false);
    } finally {
      await logged.close();
    }
  });

  it('serves the web UI compressed, hashed assets cached for a year and the page checked on every visit', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rapport-web-'));
    mkdirSync(path.join(folder, 'assets'));
    const script = `console.log(${JSON.stringify('Rapport '.repeat(400))});`;
    writeFileSync(path.join(folder, 'assets', 'index-3f9a1c.js'), script);
    writeFileSync(path.join(folder, 'index.html'), '<!doctype html><title>Rapport</title><div id="root"></div>');
    // An asset the build wrote beside itself compressed (web/vite.config.ts) goes out as written,
    // not compressed again per request; a browser that takes neither gets the file itself.
    const chunk = `export const words = ${JSON.stringify('Rapport first order '.repeat(300))};`;
    writeFileSync(path.join(folder, 'assets', 'words-8c2e.js'), chunk);
    const brotli = brotliCompressSync(chunk, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } });
    writeFileSync(path.join(folder, 'assets', 'words-8c2e.js.br'), brotli);
    writeFileSync(path.join(folder, 'assets', 'words-8c2e.js.gz'), gzipSync(chunk, { level: 9 }));
    const web = await buildApp({ database: ctx.database, config: testConfig(), webFolder: folder });
    try {
      const asset = await web.inject({ method: 'GET', url: '/assets/index-3f9a1c.js', headers: { 'accept-encoding': 'gzip' } });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBe('gzip');
      const unzipped = gunzipSync(asset.rawPayload).toString();
      expect(unzipped).toBe(script);
      expect(asset.rawPayload.length).toBeLessThan(script.length / 4);

      const pre = await web.inject({ method: 'GET', url: '/assets/words-8c2e.js', headers: { 'accept-encoding': 'gzip, br' } });
      expect([pre.statusCode, pre.headers['content-encoding']]).toEqual([200, 'br']);
      expect(pre.rawPayload.equals(brotli)).toBe(true);
      expect(brotliDecompressSync(pre.rawPayload).toString()).toBe(chunk);
      expect(pre.headers['content-type']).toMatch(/javascript/);
      expect(pre.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const plain = await web.inject({ method: 'GET', url: '/assets/words-8c2e.js', headers: { 'accept-encoding': 'identity' } });
      expect([plain.headers['content-encoding'], plain.body]).toEqual([undefined, chunk]);

      for (const url of ['/', '/orders/123']) {
        const page = await web.inject({ method: 'GET', url });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('<title>Rapport</title>');
        expect(page.headers['cache-control']).toBe('no-cache');
      }
      // API answers stay uncacheable, compressed or not.
      const api = await web.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'br' } });
      expect(api.headers['content-encoding']).toBe('br');
      expect(api.headers['cache-control']).toBe('no-store');
    } finally {
      await web.close();
    }
  });
});
