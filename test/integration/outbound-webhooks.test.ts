// Outbound webhooks against a real receiver (node:http on 127.0.0.1): deliveries written in the
// dispatch's transaction, filtered by event type, signed per Standard Webhooks (checked with the
// reference `standardwebhooks` package), retried with backoff after 500s, the endpoint turned off
// after N failures in a row with every admin told, a test event, a retry, a rotation — admin only.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Task } from '../../contract/tasks.js';
import type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '../../contract/webhook-endpoints.js';
import { domainEvents, webhookDeliveries } from '../../src/db/schema/index.js';
import { createHttpSender, deliverWebhooks, MAX_ATTEMPTS, retryDelayMs } from '../../src/domain/webhook-endpoints/index.js';
import { engines, json, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, updateTestSettings } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';

type Page<T> = { items: T[]; nextCursor: string | null };
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers each request with the next planned status (200 once the plan runs out). */
async function startReceiver() {
  const received: Received[] = [];
  const plan: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = plan.shift() ?? 200;
      if (status >= 300 && status < 400) res.writeHead(status, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      else res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    plan,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Verifies a received delivery with the reference implementation, at the instant it was signed. */
function verify(secret: string, r: Received): unknown {
  const timestamp = Number(r.headers['webhook-timestamp']);
  vi.useFakeTimers({ toFake: ['Date'], now: timestamp * 1000 });
  try {
    return new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });
  } finally {
    vi.useRealTimers();
  }
}

describe.each(engines)('outbound webhooks on %s', (engine) => {
  // Retries run over hours of the test clock: sessions must outlive them.
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 1_000_000, sessionAbsoluteHours: 100_000 } });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Session;
  let secondAdmin: Session;
  let csr: Session;
  const deliver = () => deliverWebhooks({ db: ctx.database.db, now: ctx.clock.now() });
  const api = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
    ctx.app.inject({ method, url, headers: { ...s.headers, ...headers }, ...(payload !== undefined && { payload: payload as object }) });
  async function createEndpoint(body: Record<string, unknown>): Promise<CreatedWebhookEndpoint> {
    const res = await api(admin, 'POST', '/api/v1/webhook-endpoints', body);
    expect(res.statusCode, res.body).toBe(201);
    return json<CreatedWebhookEndpoint>(res);
  }
  async function deliveries(endpointId: string): Promise<WebhookDelivery[]> {
    const res = await api(admin, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`);
    expect(res.statusCode, res.body).toBe(200);
    return json<Page<WebhookDelivery>>(res).items;
  }
  async function endpoint(id: string): Promise<WebhookEndpoint> {
    return json<WebhookEndpoint>(await api(admin, 'GET', `/api/v1/webhook-endpoints/${id}`));
  }
  /** Turns every earlier endpoint off, so a test counts only its own deliveries. */
  async function turnOffOthers(): Promise<void> {
    for (const e of json<{ items: WebhookEndpoint[] }>(await api(admin, 'GET', '/api/v1/webhook-endpoints')).items)
      if (e.isEnabled) expect((await api(admin, 'PATCH', `/api/v1/webhook-endpoints/${e.id}`, { isEnabled: false })).statusCode).toBe(200);
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    secondAdmin = await signIn(ctx, ['admin', 'gm'], 'Abe Admin');
    csr = await signIn(ctx, ['csr'], 'Cora CSR');
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('registers an endpoint with a Standard Webhooks secret shown once, and replays a create with the same Idempotency-Key', async () => {
    const body = { url: receiver.url('/first'), description: 'ERP orders', eventTypes: ['order.created'] };
    const res = await api(admin, 'POST', '/api/v1/webhook-endpoints', body, { 'idempotency-key': 'hook-create-1' });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<CreatedWebhookEndpoint>(res);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({ isEnabled: true, consecutiveFailures: 0, eventTypes: ['order.created'], description: 'ERP orders' });
    expect(created.secret.startsWith(created.secretPrefix)).toBe(true);
    const replay = await api(admin, 'POST', '/api/v1/webhook-endpoints', body, { 'idempotency-key': 'hook-create-1' });
    expect(json<CreatedWebhookEndpoint>(replay).id).toBe(created.id);
    const listed = json<{ items: (WebhookEndpoint & { secret?: string })[] }>(await api(admin, 'GET', '/api/v1/webhook-endpoints')).items;
    expect(listed.filter((e) => e.id === created.id)).toHaveLength(1);
    expect(listed[0]!.secret).toBeUndefined();
    await api(admin, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`);
  });

  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://erp.example.com/x', eventTypes: ['order.created'] }, 'url'],
      [{ url: 'javascript:alert(1)', eventTypes: ['order.created'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['order.created'] }, 'url'],
      [{ url: receiver.url(), eventTypes: ['order.exploded'] }, 'eventTypes.0'],
      [{ url: receiver.url(), eventTypes: [] }, 'eventTypes'],
      [{ url: receiver.url(), eventTypes: ['order.created', 'order.created'] }, 'eventTypes'],
      [{ url: receiver.url(), eventTypes: ['order.created'], secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [payload, path] of cases) {
      const res = await api(admin, 'POST', '/api/v1/webhook-endpoints', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toContain(path);
    }
    const missing = await api(admin, 'PATCH', `/api/v1/webhook-endpoints/${crypto.randomUUID()}`, { description: 'x' });
    expect(json(missing)).toMatchObject({ status: 404, code: 'webhook_endpoints.not_found' });
    const badPatch = await api(admin, 'PATCH', `/api/v1/webhook-endpoints/${crypto.randomUUID()}`, { url: 'mailto:a@b.c' });
    expect(json<{ errors: { path: string }[] }>(badPatch).errors[0]!.path).toBe('url');
  });

  it('is for admins only', async () => {
    const mine = await createEndpoint({ url: receiver.url(), eventTypes: ['quote.won'], isEnabled: false });
    for (const [method, url, payload] of [
      ['GET', '/api/v1/webhook-endpoints', undefined],
      ['POST', '/api/v1/webhook-endpoints', { url: receiver.url(), eventTypes: ['order.created'] }],
      ['PATCH', `/api/v1/webhook-endpoints/${mine.id}`, { isEnabled: true }],
      ['DELETE', `/api/v1/webhook-endpoints/${mine.id}`, undefined],
      ['POST', `/api/v1/webhook-endpoints/${mine.id}/rotate-secret`, undefined],
      ['POST', `/api/v1/webhook-endpoints/${mine.id}/test`, undefined],
      ['GET', `/api/v1/webhook-endpoints/${mine.id}/deliveries`, undefined],
      ['POST', `/api/v1/webhook-deliveries/${crypto.randomUUID()}/retry`, undefined],
    ] as const) {
      const res = await api(csr, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await endpoint(mine.id)).isEnabled).toBe(false);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/webhook-endpoints' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('writes a delivery per matching endpoint with the dispatch, sends it signed, and respects the filter', async () => {
    await turnOffOthers();
    const created = await createEndpoint({ url: receiver.url('/created'), eventTypes: ['order.created'] });
    const moves = await createEndpoint({ url: receiver.url('/moves'), eventTypes: ['order.status_changed', 'order.shipped'] });
    const account = await createTestAccount(ctx);
    const order = await createTestOrder(ctx, admin, { accountId: account.id });
    // Nothing until the event is dispatched; then exactly its deliveries, in the dispatch's transaction.
    expect(await deliveries(created.id)).toEqual([]);
    await drainJobs(ctx);
    const [event] = await ctx.database.db.select().from(domainEvents).where(eq(domainEvents.subjectId, order.id));
    expect((await deliveries(created.id)).map((d) => [d.type, d.eventId, d.status])).toEqual([['order.created', event!.id, 'pending']]);
    expect(await deliveries(moves.id)).toEqual([]);
    // A replayed dispatch adds nothing.
    await ctx.database.db.update(domainEvents).set({ dispatchedAt: null }).where(eq(domainEvents.id, event!.id));
    await drainJobs(ctx);
    expect(await deliveries(created.id)).toHaveLength(1);

    const before = receiver.received.length;
    expect(await deliver()).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.headers['content-type']).toBe('application/json');
    const payload = verify(created.secret, got[0]!) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      type: 'order.created',
      data: { eventId: event!.id, subject: { type: 'order', id: order.id }, accountId: account.id, details: { number: order.number } },
    });
    expect(new Date(payload.timestamp).toISOString()).toBe(payload.timestamp);
    // Another endpoint's secret does not verify it.
    expect(() => verify(moves.secret, got[0]!)).toThrow();
    const [sent] = await deliveries(created.id);
    expect(sent).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
    expect(got[0]!.headers['webhook-id']).toBe(sent!.id);
    expect(sent!.attemptLog).toEqual([{ at: ctx.clock.now().toISOString(), statusCode: 200, durationMs: expect.any(Number), error: null }]);

    // A move: only the endpoint that asked for status changes hears of it.
    const moved = await api(admin, 'POST', `/api/v1/orders/${order.id}/transitions`, { to: 'data_review' });
    expect(moved.statusCode, moved.body).toBe(200);
    await drainJobs(ctx);
    expect((await deliveries(moves.id)).map((d) => d.type)).toEqual(['order.status_changed']);
    expect(await deliveries(created.id)).toHaveLength(1);
    await deliver();
    expect(verify(moves.secret, receiver.received.at(-1)!)).toMatchObject({ type: 'order.status_changed' });
  });

  it('retries after 500s with exponential backoff, with the same webhook-id, listing every attempt', async () => {
    await turnOffOthers();
    const e = await createEndpoint({ url: receiver.url('/flaky'), eventTypes: ['order.created'] });
    await createTestOrder(ctx, admin, { accountId: (await createTestAccount(ctx)).id });
    await drainJobs(ctx);
    const before = receiver.received.length;
    receiver.plan.push(500, 500);
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 1 });
    let [d] = await deliveries(e.id);
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500: receiver is down for maintenance',
    });
    expect(d!.nextAttemptAt).toBe(new Date(ctx.clock.now().getTime() + retryDelayMs(1)).toISOString());
    // Not due yet: nothing is sent.
    ctx.clock.advance(retryDelayMs(1) - 1000);
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 0 });
    ctx.clock.advance(1000);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    [d] = await deliveries(e.id);
    expect(d!.nextAttemptAt).toBe(new Date(ctx.clock.now().getTime() + retryDelayMs(2)).toISOString());
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    ctx.clock.advance(retryDelayMs(2));
    expect(await deliver()).toMatchObject({ delivered: 1 });
    [d] = await deliveries(e.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(d!.attemptLog.map((a) => a.statusCode)).toEqual([200, 500, 500]);
    const got = receiver.received.slice(before);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([d!.id]));
    for (const r of got) expect(verify(e.secret, r)).toMatchObject({ type: 'order.created' });
    expect((await endpoint(e.id)).consecutiveFailures).toBe(0);
  });

  it('sends each delivery once when two passes run at once (SKIP LOCKED claims, as two workers would)', async () => {
    await turnOffOthers();
    const e = await createEndpoint({ url: receiver.url('/busy'), eventTypes: ['order.created'] });
    const account = await createTestAccount(ctx);
    for (let i = 0; i < 6; i++) await createTestOrder(ctx, admin, { accountId: account.id });
    await drainJobs(ctx);
    const before = receiver.received.length;
    const [a, b] = await Promise.all([deliver(), deliver()]);
    expect(a.delivered + b.delivered).toBe(6);
    const ids = receiver.received.slice(before).map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect((await deliveries(e.id)).map((d) => [d.status, d.attempts])).toEqual(Array.from({ length: 6 }, () => ['delivered', 1]));
  });

  it('does not follow redirects', async () => {
    await turnOffOthers();
    const e = await createEndpoint({ url: receiver.url('/moved'), eventTypes: ['order.created'] });
    await createTestOrder(ctx, admin, { accountId: (await createTestAccount(ctx)).id });
    await drainJobs(ctx);
    receiver.plan.push(302);
    const before = receiver.received.length;
    expect(await deliver()).toMatchObject({ retrying: 1 });
    expect(receiver.received.length).toBe(before + 1);
    const [d] = await deliveries(e.id);
    expect(d).toMatchObject({ lastStatusCode: 302 });
    expect(d!.lastError).toMatch(/redirects are not followed/);
    await api(admin, 'DELETE', `/api/v1/webhook-endpoints/${e.id}`);
  });

  it('counts a receiver that does not answer in time, or refuses the connection, as a failed attempt', async () => {
    await turnOffOthers();
    const silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const slow = await createEndpoint({
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
        eventTypes: ['order.created'],
      });
      const gone = await createEndpoint({ url: `http://127.0.0.1:${closedPort}/`, eventTypes: ['order.created'] });
      await createTestOrder(ctx, admin, { accountId: (await createTestAccount(ctx)).id });
      await drainJobs(ctx);
      const result = await deliverWebhooks({ db: ctx.database.db, now: ctx.clock.now() }, { sender: createHttpSender({ timeoutMs: 300 }) });
      expect(result).toMatchObject({ delivered: 0, retrying: 2 });
      const [late] = await deliveries(slow.id);
      expect(late).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'no answer within 0.3 s' });
      expect(late!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(250);
      const [refused] = await deliveries(gone.id);
      expect(refused).toMatchObject({ status: 'pending', lastStatusCode: null });
      expect(refused!.lastError).toMatch(/ECONNREFUSED/);
      for (const e of [slow, gone]) await api(admin, 'DELETE', `/api/v1/webhook-endpoints/${e.id}`);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('fails a delivery for good after the last attempt; a person retries it', async () => {
    await turnOffOthers();
    await updateTestSettings(ctx, admin, { webhookFailureLimit: 1000 });
    const e = await createEndpoint({ url: receiver.url('/down'), eventTypes: ['order.created'] });
    await createTestOrder(ctx, admin, { accountId: (await createTestAccount(ctx)).id });
    await drainJobs(ctx);
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      receiver.plan.push(503);
      await deliver();
      ctx.clock.advance(retryDelayMs(i));
    }
    let [d] = await deliveries(e.id);
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 503, nextAttemptAt: null });
    expect(d!.attemptLog).toHaveLength(MAX_ATTEMPTS);
    const retried = await api(admin, 'POST', `/api/v1/webhook-deliveries/${d!.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(json<WebhookDelivery>(retried)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliver()).toMatchObject({ delivered: 1 });
    [d] = await deliveries(e.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 1 });
    const again = await api(admin, 'POST', `/api/v1/webhook-deliveries/${d!.id}/retry`);
    expect(json(again)).toMatchObject({ status: 409, code: 'webhook_endpoints.not_retryable' });
    const unknown = await api(admin, 'POST', `/api/v1/webhook-deliveries/${crypto.randomUUID()}/retry`);
    expect(json(unknown)).toMatchObject({ status: 404, code: 'webhook_endpoints.delivery_not_found' });
  });

  it('turns an endpoint off after the failure limit and tells every admin in My day', async () => {
    await turnOffOthers();
    await updateTestSettings(ctx, admin, { webhookFailureLimit: 3 });
    const e = await createEndpoint({ url: receiver.url('/dead'), eventTypes: ['order.created'] });
    const account = await createTestAccount(ctx);
    await createTestOrder(ctx, admin, { accountId: account.id });
    await createTestOrder(ctx, admin, { accountId: account.id });
    await drainJobs(ctx);
    receiver.plan.push(500, 500, 500);
    expect(await deliver()).toMatchObject({ retrying: 2, disabled: 0 });
    expect((await endpoint(e.id)).consecutiveFailures).toBe(2);
    ctx.clock.advance(retryDelayMs(1));
    expect(await deliver()).toMatchObject({ retrying: 1, disabled: 1 });
    const off = await endpoint(e.id);
    expect(off).toMatchObject({ isEnabled: false, consecutiveFailures: 3 });
    expect(off.disabledReason).toMatch(/^Turned off after 3 failed delivery attempts in a row \(last: HTTP 500/);
    // Every admin sees it in My day; a CSR does not.
    for (const a of [admin, secondAdmin]) {
      const day = json<{ items: Task[] }>(await api(a, 'GET', '/api/v1/tasks'));
      expect(day.items.filter((t) => t.title === `Outbound webhook turned off: ${e.url}`)).toHaveLength(1);
    }
    const csrDay = json<{ items: Task[] }>(await api(csr, 'GET', '/api/v1/tasks'));
    expect(csrDay.items.some((t) => t.title.startsWith('Outbound webhook turned off'))).toBe(false);
    // Off: nothing more is sent, and new events write no deliveries for it.
    ctx.clock.advance(retryDelayMs(5));
    const sentBefore = receiver.received.length;
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 0 });
    expect(receiver.received.length).toBe(sentBefore);
    await createTestOrder(ctx, admin, { accountId: account.id });
    await drainJobs(ctx);
    expect(await deliveries(e.id)).toHaveLength(2);
    const [waiting] = await deliveries(e.id);
    const refused = await api(admin, 'POST', `/api/v1/webhook-deliveries/${waiting!.id}/retry`);
    expect(json(refused)).toMatchObject({ status: 409, code: 'webhook_endpoints.disabled' });
    // A test event still goes, so the receiver can be checked first; it does not count as a failure.
    const test = await api(admin, 'POST', `/api/v1/webhook-endpoints/${e.id}/test`);
    expect(test.statusCode, test.body).toBe(201);
    expect(json<WebhookDelivery>(test)).toMatchObject({ type: 'webhook.test', status: 'pending', eventId: null });
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(verify(e.secret, receiver.received.at(-1)!)).toMatchObject({ type: 'webhook.test', data: { endpointId: e.id } });
    // On again: the count starts over and the waiting deliveries go out.
    const on = await api(admin, 'PATCH', `/api/v1/webhook-endpoints/${e.id}`, { isEnabled: true });
    expect(json(on)).toMatchObject({ isEnabled: true, consecutiveFailures: 0, disabledReason: null });
    expect(await deliver()).toMatchObject({ delivered: 2 });
    await updateTestSettings(ctx, admin, { webhookFailureLimit: 20 });
  });

  it('rotates the secret: shown once, and the previous one still signs for a day', async () => {
    await turnOffOthers();
    const e = await createEndpoint({ url: receiver.url('/rotating'), eventTypes: ['order.created'] });
    const res = await api(admin, 'POST', `/api/v1/webhook-endpoints/${e.id}/rotate-secret`);
    expect(res.statusCode, res.body).toBe(200);
    const rotated = json<CreatedWebhookEndpoint>(res);
    expect(rotated.secret).not.toBe(e.secret);
    expect(rotated.previousSecretExpiresAt).toBe(new Date(ctx.clock.now().getTime() + 24 * 3_600_000).toISOString());
    expect(
      json<WebhookEndpoint & { secret?: string }>(await api(admin, 'GET', `/api/v1/webhook-endpoints/${e.id}`)).secret,
    ).toBeUndefined();
    await api(admin, 'POST', `/api/v1/webhook-endpoints/${e.id}/test`);
    await deliver();
    const r = receiver.received.at(-1)!;
    expect(String(r.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated.secret, r)).toMatchObject({ type: 'webhook.test' });
    expect(verify(e.secret, r)).toMatchObject({ type: 'webhook.test' });
    // A day later only the new secret signs.
    ctx.clock.advance(24 * 3_600_000 + 1000);
    await api(admin, 'POST', `/api/v1/webhook-endpoints/${e.id}/test`);
    await deliver();
    const later = receiver.received.at(-1)!;
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verify(e.secret, later)).toThrow();
    expect((await endpoint(e.id)).previousSecretExpiresAt).toBeNull();
    // Deleting it takes its deliveries along.
    expect((await api(admin, 'DELETE', `/api/v1/webhook-endpoints/${e.id}`)).statusCode).toBe(200);
    const left = await ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, e.id));
    expect(Number(left[0]!.n)).toBe(0);
    expect(json(await api(admin, 'GET', `/api/v1/webhook-endpoints/${e.id}/deliveries`))).toMatchObject({
      code: 'webhook_endpoints.not_found',
    });
  });
});
