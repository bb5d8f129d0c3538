// The outbox survives `kill -9` of its worker (docs/decisions/0014): 1,000 queued messages, the
// worker process killed with SIGKILL in the middle of sending them, another started — every message
// delivered, at most one mail twice (a worker has one message in flight at a time), and a mail sent
// twice carries the same Message-ID both times, the one the outbox recorded for it. PostgreSQL only,
// and registered only where it runs: a PGlite folder has one process, so no second worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { accounts, messages } from '../../src/db/schema/index.js';
import { createTestPostgresDatabase, engines } from '../support/app.js';
import { ensureBuilt } from '../support/built-cli.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { startWorker, within, type RapportProcess } from '../support/worker-process.js';

const MESSAGES = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(engines.includes('postgres'))('the outbox when its worker is killed mid-batch, on PostgreSQL', () => {
  let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
  let database: Database;
  let smtp: TestSmtpServer;
  const workers: RapportProcess[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    smtp = await startSmtpServer();
    pgDb = await createTestPostgresDatabase();
    database = await openDatabase({ databaseUrl: pgDb.url, poolSize: 2 });
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    await database?.close();
    await pgDb?.drop();
    await smtp?.close();
  });

  const sentCount = async () =>
    Number((await database.query<{ n: number }>(`select count(*)::int as n from messages where status = 'sent'`))[0]!.n);

  it('delivers every message once more at most, each duplicate with the same Message-ID', async () => {
    const [account] = await database.db
      .insert(accounts)
      .values({ name: 'Crash Test Customer', kind: 'customer', currency: 'USD' })
      .returning();
    await database.db.insert(messages).values(
      Array.from({ length: MESSAGES }, (_, i) => ({
        accountId: account!.id,
        to: `buyer${i}@customer.test`,
        class: 'essential' as const,
        template: 'generic',
        subject: `Message ${i}`,
        text: `Hello ${i}`,
        html: `<p>Hello ${i}</p>`,
        status: 'queued' as const,
        idempotencyKey: `crash:${i}`,
      })),
    );
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Lakeshore <orders@lakeshore.test>' };

    const first = startWorker(pgDb.url, env);
    workers.push(first);
    await within(first.ready, 90_000, () => `the first worker was not ready: ${first.output()}`);
    const deadline = Date.now() + 90_000;
    while (smtp.received.length < 250 && Date.now() < deadline) await sleep(20);
    first.proc.kill('SIGKILL');
    await first.exited;
    const atKill = smtp.received.length;
    expect(atKill, first.output()).toBeGreaterThanOrEqual(250);
    expect(atKill).toBeLessThan(MESSAGES);

    // The killed worker's lease (5 minutes) runs out: moved to now here instead of waited for.
    await database.query(`update messages set locked_until = now() - interval '1 second' where status = 'queued' and locked_until > now()`);
    const second = startWorker(pgDb.url, env);
    workers.push(second);
    await within(second.ready, 90_000, () => `the second worker was not ready: ${second.output()}`);
    const end = Date.now() + 180_000;
    while ((await sentCount()) < MESSAGES && Date.now() < end) await sleep(250);
    expect(await sentCount(), second.output()).toBe(MESSAGES);

    // Every message arrived; a second copy only of the one in flight at the kill, with the same Message-ID.
    const byRecipient = new Map<string, string[]>();
    for (const mail of smtp.received) byRecipient.set(mail.to[0]!, [...(byRecipient.get(mail.to[0]!) ?? []), mail.headers['message-id']!]);
    expect(byRecipient.size).toBe(MESSAGES);
    const twice = [...byRecipient.values()].filter((ids) => ids.length > 1);
    expect(twice.length).toBeLessThanOrEqual(1);
    expect(smtp.received.length).toBe(MESSAGES + twice.length);
    for (const ids of twice) expect(new Set(ids).size).toBe(1);
    const recorded = await database.query<{ to: string; message_id: string }>(`select "to", message_id from messages`);
    for (const m of recorded) expect(byRecipient.get(m.to)).toContain(m.message_id);
  }, 400_000);
});
