// The deliver-webhooks job as `rapport start` runs it (real pg-boss: in-process on PGlite, its own
// pool on PostgreSQL): an order placed is dispatched on its NOTIFY, its delivery written in the
// dispatch, and the pump's job posts it, signed, to a receiver on 127.0.0.1 — with no test code
// driving any step.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createAccount } from '../../src/domain/accounts/index.js';
import { createOrder } from '../../src/domain/orders/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { createWebhookEndpoint } from '../../src/domain/webhook-endpoints/index.js';
import { startJobRunner, type JobRunner } from '../../src/jobs/runner.js';
import { createTestPostgresDatabase, engines, openTestDatabase, testConfig } from '../support/app.js';

/** Polls `check` until it holds (bounded); the runner works in the background. */
async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(engines)('the deliver-webhooks job on %s', (engine) => {
  let database: Database;
  let runner: JobRunner;
  let receiver: Server;
  let dropPostgres: (() => Promise<void>) | null = null;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const logged: { msg: string; obj: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      const pgDb = await createTestPostgresDatabase();
      databaseUrl = pgDb.url;
      dropPostgres = () => pgDb.drop();
      database = await openDatabase({ databaseUrl, poolSize: 4 });
    } else {
      database = await openTestDatabase('pglite');
    }
    const log = (obj: object, msg: string) => void logged.push({ msg, obj: obj as Record<string, unknown> });
    runner = await startJobRunner({
      database,
      config: testConfig({ databaseUrl }),
      clock: { now: () => new Date() },
      log: { info: log, error: log },
    });
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
    await database?.close();
    await dropPostgres?.();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('posts an order’s event to a subscribed endpoint, signed, by itself', async () => {
    const ctx = { db: database.db, actor: systemActor('webhook job test'), now: new Date() };
    const { port } = receiver.address() as AddressInfo;
    const endpoint = await createWebhookEndpoint(ctx, { url: `http://127.0.0.1:${port}/events`, eventTypes: ['order.created'] });
    const account = await createAccount(ctx, { name: 'Job Test Co', kind: 'customer', currency: 'USD' });
    await createOrder(ctx, { accountId: account.id, number: 'JOB-1', amount: '10.00' });
    await eventually(() => received.length === 1, 'the receiver got the delivery');
    const got = received[0]!;
    expect(new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>)).toMatchObject({
      type: 'order.created',
      data: { details: { number: 'JOB-1' } },
    });
    await eventually(() => logged.some((l) => l.msg === 'webhooks delivered'), 'the job logged its pass');
    expect(logged.find((l) => l.msg === 'webhooks delivered')!.obj).toMatchObject({ delivered: 1, failed: 0 });
    expect(logged.filter((l) => /error|failed/.test(l.msg))).toEqual([]);
  });
});
