// The mail pump (src/jobs/runner.ts): each worker ticks every few seconds, and a tick queues the
// send-messages job only when a mail server is set and a message is due. An idle install — or one
// with no mail server yet, whose messages wait in the outbox — writes no job rows.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accountTeam, contacts, messages } from '../../src/db/schema/index.js';
import { queueMessage } from '../../src/domain/messages/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { pumpSendMessages } from '../../src/jobs/send-messages.js';
import { contextFor, engines, signIn, useTestApp } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';

describe.each(engines)('the mail pump on %s', (engine) => {
  const ctx = useTestApp(engine);
  const mailServer = { smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'Acme <mail@acme.test>' };

  /** Ticks the pump `n` times and counts the jobs it would have queued. */
  async function tick(n: number, config: { smtpUrl?: string; mailFrom?: string }): Promise<number> {
    let queued = 0;
    const send = async () => void queued++;
    for (let i = 0; i < n; i++) await pumpSendMessages(ctx.database, ctx.clock, { ...ctx.app.ctx.config, ...config }, send);
    return queued;
  }

  it('queues nothing while the outbox is empty or no mail server is set, and a job once a message is due', async () => {
    expect(await tick(720, mailServer)).toBe(0); // an idle hour at one tick per 5 s

    const csr = await signIn(ctx, ['csr'], 'Cora CSR');
    const account = await createTestAccount(ctx, { name: uniq('Acme') });
    await ctx.database.db.insert(accountTeam).values({ accountId: account.id, userId: csr.userId, role: 'csr' });
    const [contact] = await ctx.database.db
      .insert(contacts)
      .values({ accountId: account.id, name: 'Jane Buyer', email: `${uniq('jane')}@customer.test`, isPrimary: true })
      .returning();
    const order = await createTestOrder(ctx, csr, { accountId: account.id, lines: [{ sku: 'A', quantity: 1, unitPrice: '1.00' }] });
    const message = await ctx.database.db.transaction((tx) =>
      queueMessage(
        { ...contextFor(ctx, systemActor('test')), db: tx },
        { accountId: account.id, orderId: order.id, contactId: contact!.id, template: 'generic' },
      ),
    );

    expect(await tick(10, { smtpUrl: undefined, mailFrom: undefined })).toBe(0);
    expect(await tick(1, mailServer)).toBe(1);

    // Sent (or waiting for its retry): nothing is due, the pump is quiet again.
    await ctx.database.db.update(messages).set({ status: 'sent', sentAt: ctx.clock.now() }).where(eq(messages.id, message.id));
    expect(await tick(10, mailServer)).toBe(0);
  });
});
