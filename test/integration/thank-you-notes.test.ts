// Thank-you notes (P4.1–2, docs/thank-you-notes.md) through the API, on both engines: today's
// suggestions ranked with the reason, writing a note (timeline, outbox), outcomes by hand and
// found on their own within the window, the habits figures, bad input and idempotent creates.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TimelineItem } from '../../contract/activities.js';
import type { Habits, ThankYouNote, TodaysNote } from '../../contract/thank-you-notes.js';
import { activities, contacts, messages, tasks } from '../../src/db/schema/index.js';
import { engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { createTestAccount, insertTestOrder, uniq } from '../support/factories.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

async function addContact(ctx: TestContext, accountId: string, name: string, email: string | null) {
  const [c] = await ctx.database.db
    .insert(contacts)
    .values({ accountId, name, email, roleAtCustomer: 'buyer', isPrimary: true })
    .returning();
  return c!;
}

describe.each(engines)('thank-you notes on %s', (engine) => {
  const ctx = useTestApp(engine, { config: { sessionIdleMinutes: 10_000_000, sessionAbsoluteHours: 1_000_000 } });
  let admin: Session;
  beforeAll(async () => {
    admin = await signIn(ctx, ['admin', 'gm'], 'Gina GM');
  });
  const send = (s: Session, method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...s.headers, ...headers }, payload: payload as object });
  const get = async <T>(s: Session, url: string): Promise<T> => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return json<T>(res);
  };
  const write = async (s: Session, body: Record<string, unknown>): Promise<ThankYouNote> => {
    const res = await send(s, 'POST', '/api/v1/thank-you-notes', body);
    expect(res.statusCode, res.body).toBe(201);
    return json<ThankYouNote>(res);
  };

  it('suggests neglected customers first with how long they have been quiet, then customers past their rhythm, suppliers and colleagues who helped', async () => {
    ctx.clock.set('2026-03-02T14:00:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const colleague = await signIn(ctx, ['quality'], 'Quinn Quality');
    // The longest quiet first: 2018 before 2019 (neglected: more than 180 days without an order).
    const older = await createTestAccount(ctx, { name: uniq('Quiet since 2018') });
    await insertTestOrder(ctx, { accountId: older.id, placedAt: '2018-01-15T10:00:00Z' });
    const quiet = await createTestAccount(ctx, { name: uniq('Quiet since 2019') });
    await insertTestOrder(ctx, { accountId: quiet.id, placedAt: '2019-06-10T10:00:00Z' });
    await addContact(ctx, quiet.id, 'Nora Buyer', 'nora@example.test');
    // Every 10 days until 2026-02-09: 21 days ago, past twice its rhythm but not neglected.
    const rhythm = await createTestAccount(ctx, { name: uniq('Rhythm') });
    for (const d of ['2026-01-10', '2026-01-20', '2026-01-30', '2026-02-09'])
      await insertTestOrder(ctx, { accountId: rhythm.id, placedAt: `${d}T10:00:00Z` });
    // A lost customer is not suggested, however quiet.
    const lost = await createTestAccount(ctx, { name: uniq('Lost') });
    await insertTestOrder(ctx, { accountId: lost.id, placedAt: '2017-01-15T10:00:00Z' });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/accounts/${lost.id}`, headers: admin.headers, payload: { isLost: true } });
    const supplier = await createTestAccount(ctx, { name: uniq('Resin supplier'), kind: 'supplier' });
    await ctx.database.db.insert(activities).values({
      accountId: supplier.id,
      kind: 'call',
      subject: 'Expedited the resin for Acme',
      actorId: cora.userId,
      occurredAt: new Date('2026-02-26T15:00:00Z'),
    });
    await ctx.database.db.insert(tasks).values({
      title: 'Double inspection of SO-77',
      kind: 'task',
      accountId: rhythm.id,
      assigneeId: cora.userId,
      status: 'done',
      completedBy: colleague.userId,
      completedAt: new Date('2026-02-27T11:00:00Z'),
    });

    const today = await get<TodaysNote>(cora, '/api/v1/thank-you-notes/suggestions');
    expect(today).toMatchObject({ date: '2026-03-02', expected: 1, written: 0 });
    const mine = today.items.filter(
      (i) => [older.id, quiet.id, rhythm.id, supplier.id, lost.id].includes(i.accountId ?? '') || i.recipientUserId === colleague.userId,
    );
    expect(mine.map((i) => [i.reason, i.name, i.why])).toEqual([
      ['neglected', older.name, 'no order for 8 years (last on 2018-01-15)'],
      ['neglected', quiet.name, 'no order for 6 years (last on 2019-06-10)'],
      ['rhythm_overdue', rhythm.name, 'usually orders every 10 days; last order 21 days ago (2.1× its rhythm)'],
      ['supplier_helped', supplier.name, 'a call on 2026-02-26: Expedited the resin for Acme'],
      ['colleague_helped', 'Quinn Quality', `completed “Double inspection of SO-77” for ${rhythm.name} on 2026-02-27`],
    ]);
    expect(mine.map((i) => i.rank)).toEqual([...mine.map((i) => i.rank)].sort((a, b) => a - b));
    expect(mine[1]).toMatchObject({ recipientKind: 'customer', contactName: 'Nora Buyer', hasEmail: true });
    expect(mine[1]!.template).toContain('Dear Nora');
    expect(mine[4]).toMatchObject({ recipientKind: 'colleague', accountId: null });

    // Thanked, an account waits for its answer: not suggested again within the window.
    await write(cora, { recipientKind: 'customer', accountId: older.id, body: 'We miss you.' });
    const after = await get<TodaysNote>(cora, '/api/v1/thank-you-notes/suggestions');
    expect(after.written).toBe(1);
    expect(after.items.map((i) => i.accountId)).not.toContain(older.id);
    // A role not asked to write sees the suggestions, with nothing expected of it.
    expect((await get<TodaysNote>(colleague, '/api/v1/thank-you-notes/suggestions')).expected).toBe(0);
  });

  it('who is asked to write, and how many a day, follow the settings', async () => {
    ctx.clock.set('2026-03-13T09:00:00Z');
    const quinn = await signIn(ctx, ['quality'], 'Quinn Asked');
    const url = '/api/v1/thank-you-notes/suggestions';
    expect((await get<TodaysNote>(quinn, url)).expected).toBe(0);
    const saved = await send(admin, 'PATCH', '/api/v1/settings', { thankYouRoles: ['csr', 'quality'], thankYouPerDay: 2 });
    expect(saved.statusCode, saved.body).toBe(200);
    try {
      expect(json<{ thankYouRoles: string[]; thankYouPerDay: number }>(saved)).toMatchObject({
        thankYouRoles: ['csr', 'quality'],
        thankYouPerDay: 2,
      });
      expect((await get<TodaysNote>(quinn, url)).expected).toBe(2);
    } finally {
      await send(admin, 'PATCH', '/api/v1/settings', { thankYouRoles: ['csr'], thankYouPerDay: 1 });
    }
    const unknown = await send(admin, 'PATCH', '/api/v1/settings', { thankYouRoles: ['janitor'] });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(unknown).errors.map((e) => e.path)).toContain('thankYouRoles.0');
  });

  it('a card to a customer lands on its timeline as a thank-you note, with no message', async () => {
    ctx.clock.set('2026-03-03T09:30:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const account = await createTestAccount(ctx, { name: uniq('Card customer') });
    const jane = await addContact(ctx, account.id, 'Jane Buyer', 'jane@example.test');
    const note = await write(cora, {
      recipientKind: 'customer',
      accountId: account.id,
      contactId: jane.id,
      body: 'Thank you for trusting us with the first run.',
    });
    expect(note).toMatchObject({
      recipientKind: 'customer',
      channel: 'card',
      author: { id: cora.userId, name: 'Cora CSR' },
      recipientName: account.name,
      contactName: 'Jane Buyer',
      writtenOn: '2026-03-03',
      outcome: 'none',
      messageId: null,
      attributed: null,
    });
    const timeline = await get<{ items: TimelineItem[] }>(cora, `/api/v1/accounts/${account.id}/timeline`);
    expect(timeline.items[0]).toMatchObject({
      source: 'activity',
      type: 'thank_you_note',
      title: 'Thank-you note: Card to Jane Buyer',
      detail: 'Thank you for trusting us with the first run.',
      actor: { id: cora.userId },
      at: '2026-03-03T09:30:00.000Z',
    });
    expect(await ctx.database.db.select().from(messages).where(eq(messages.accountId, account.id))).toEqual([]);
  });

  it('an emailed note goes to the outbox in the writer’s words and signature, in the same breath as its timeline entry', async () => {
    ctx.clock.set('2026-03-04T09:30:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora Emailer');
    const account = await createTestAccount(ctx, { name: uniq('Mail customer') });
    await addContact(ctx, account.id, 'Mia Buyer', 'mia@example.test');
    const note = await write(cora, {
      recipientKind: 'customer',
      accountId: account.id,
      channel: 'email',
      body: 'Thank you for the kind words about our packing.',
    });
    expect(note.messageId).not.toBeNull();
    const [message] = await ctx.database.db.select().from(messages).where(eq(messages.accountId, account.id));
    expect(message).toMatchObject({
      id: note.messageId,
      to: 'mia@example.test',
      template: 'thank_you_note',
      status: 'queued',
      class: 'essential',
    });
    expect(message!.text).toContain('Hello Mia Buyer,');
    expect(message!.text).toContain('Thank you for the kind words about our packing.');
    expect(message!.text).toContain('Cora Emailer');
    const timeline = await get<{ items: TimelineItem[] }>(cora, `/api/v1/accounts/${account.id}/timeline`);
    expect(timeline.items[0]).toMatchObject({ type: 'thank_you_note', title: 'Thank-you note: Emailed to Mia Buyer' });
  });

  it('a note to a colleague has no account and no timeline entry', async () => {
    ctx.clock.set('2026-03-05T09:30:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const sam = await signIn(ctx, ['shipping'], 'Sam Shipping');
    const before = (await ctx.database.db.select({ id: activities.id }).from(activities)).length;
    const note = await write(cora, {
      recipientKind: 'colleague',
      recipientUserId: sam.userId,
      body: 'Thanks for packing the rush order at 6 pm.',
    });
    expect(note).toMatchObject({
      recipientKind: 'colleague',
      accountId: null,
      recipientUserId: sam.userId,
      recipientName: 'Sam Shipping',
      activityId: null,
    });
    expect((await ctx.database.db.select({ id: activities.id }).from(activities)).length).toBe(before);
  });

  it('records what came back by hand, and after a reply proposes a follow-up that becomes the writer’s task', async () => {
    ctx.clock.set('2026-03-06T09:30:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const account = await createTestAccount(ctx, { name: uniq('Reply customer') });
    const note = await write(cora, { recipientKind: 'customer', accountId: account.id, body: 'Thank you.' });
    ctx.clock.set('2026-03-09T16:00:00Z');
    const replied = json<ThankYouNote>(await send(cora, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { outcome: 'replied' }));
    expect(replied).toMatchObject({
      outcome: 'replied',
      outcomeAt: '2026-03-09T16:00:00.000Z',
      followUpTaskId: null,
      proposedFollowUp: { title: `Follow up with ${account.name} on their answer to your thank-you note`, dueOn: '2026-03-10' },
    });
    const res = await send(cora, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { followUp: replied.proposedFollowUp });
    expect(res.statusCode, res.body).toBe(200);
    const withTask = json<ThankYouNote>(res);
    expect(withTask.proposedFollowUp).toBeNull();
    const [task] = await ctx.database.db.select().from(tasks).where(eq(tasks.id, withTask.followUpTaskId!));
    expect(task).toMatchObject({ title: replied.proposedFollowUp!.title, assigneeId: cora.userId, accountId: account.id, status: 'open' });
    // A second follow-up for the same note is refused, naming the field.
    const again = await send(cora, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { followUp: replied.proposedFollowUp });
    expect(again.statusCode).toBe(400);
    expect(json<{ code: string; errors: { path: string }[] }>(again)).toMatchObject({
      code: 'thank_you_notes.invalid',
      errors: [{ path: 'followUp' }],
    });
    // Anyone on the team records the next outcome: the order grew.
    const colleague = await signIn(ctx, ['sales'], 'Rita Rep');
    expect(
      json<ThankYouNote>(await send(colleague, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { outcome: 'order_increased' })).outcome,
    ).toBe('order_increased');
  });

  it('attributes the account’s first quote or order within the window to the note, and nothing after it', async () => {
    ctx.clock.set('2026-03-10T09:00:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const inside = await createTestAccount(ctx, { name: uniq('Came back') });
    const outside = await createTestAccount(ctx, { name: uniq('Came back late') });
    const before = await createTestAccount(ctx, { name: uniq('Ordered before') });
    const n1 = await write(cora, { recipientKind: 'customer', accountId: inside.id, body: 'Thank you.' });
    const n2 = await write(cora, { recipientKind: 'customer', accountId: outside.id, body: 'Thank you.' });
    await insertTestOrder(ctx, { accountId: before.id, placedAt: '2026-03-09T09:00:00Z' });
    const n3 = await write(cora, { recipientKind: 'customer', accountId: before.id, body: 'Thank you.' });
    // 59 days later: inside the 60-day window; 61 days later: outside.
    const order = await insertTestOrder(ctx, { accountId: inside.id, placedAt: '2026-05-08T09:00:00Z', amount: 250_000 });
    await insertTestOrder(ctx, { accountId: outside.id, placedAt: '2026-05-10T09:30:00Z' });
    const read = (id: string) => get<ThankYouNote>(cora, `/api/v1/thank-you-notes/${id}`);
    expect((await read(n1.id)).attributed).toEqual({
      kind: 'order',
      id: order.id,
      number: order.number,
      at: '2026-05-08T09:00:00.000Z',
      amount: '2500.00',
      currency: 'USD',
    });
    expect((await read(n2.id)).attributed).toBeNull();
    expect((await read(n3.id)).attributed).toBeNull();
    expect((await read(n1.id)).outcome).toBe('none'); // found, not copied onto the note
    // A longer window (a setting) reaches the late order.
    await send(admin, 'PATCH', '/api/v1/settings', { thankYouWindowDays: 90 });
    try {
      expect((await read(n2.id)).attributed).toMatchObject({ kind: 'order' });
    } finally {
      await send(admin, 'PATCH', '/api/v1/settings', { thankYouWindowDays: 60 });
    }
  });

  it('the habits figures: notes this week and streaks per writer, and what came back for the team', async () => {
    const a = await signIn(ctx, ['csr'], 'Ann Habit');
    const b = await signIn(ctx, ['csr'], 'Ben Habit');
    const customer = await createTestAccount(ctx, { name: uniq('Reactivated') });
    await insertTestOrder(ctx, { accountId: customer.id, placedAt: '2025-01-10T10:00:00Z', amount: 40_000 });
    const other = await createTestAccount(ctx, { name: uniq('Still quiet') });
    // Ann writes Wednesday to Friday of one week and Monday of the next; Ben once.
    for (const day of ['2027-06-02', '2027-06-03', '2027-06-04', '2027-06-07']) {
      ctx.clock.set(`${day}T10:00:00Z`);
      await write(a, { recipientKind: 'customer', accountId: day === '2027-06-02' ? customer.id : other.id, body: `Thanks ${day}` });
    }
    ctx.clock.set('2027-06-03T11:00:00Z');
    const bens = await write(b, { recipientKind: 'customer', accountId: other.id, body: 'Thank you' });
    await send(b, 'PATCH', `/api/v1/thank-you-notes/${bens.id}`, { outcome: 'called_back' });
    // The quiet customer orders twice and asks for a quote after Ann's note: credited to the account, once each.
    await insertTestOrder(ctx, { accountId: customer.id, placedAt: '2027-06-05T10:00:00Z', amount: 120_000 });
    await insertTestOrder(ctx, { accountId: customer.id, placedAt: '2027-06-06T10:00:00Z', amount: 30_000 });
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: admin.headers,
      payload: { accountId: customer.id, number: uniq('Q'), amount: '500.00', sentAt: '2027-06-05T12:00:00Z' },
    });
    ctx.clock.set('2027-06-07T15:00:00Z');
    const habits = await get<Habits>(a, '/api/v1/thank-you-notes/habits');
    expect(habits).toMatchObject({ asOf: '2027-06-07', weekStart: '2027-06-07', windowDays: 60 });
    expect(habits.me).toMatchObject({ user: { id: a.userId }, thisWeek: 1, streak: 4, notes: 4, withOutcome: 1 });
    expect(habits.writers.find((w) => w.user.id === b.userId)).toMatchObject({ thisWeek: 0, streak: 0, notes: 1, withOutcome: 1 });
    expect(habits.team).toMatchObject({
      notes: 5,
      byKind: { customer: 5, supplier: 0, colleague: 0 },
      byOutcome: { none: 4, called_back: 1 },
      accountsReactivated: 1,
      newQuotes: 1,
      revenueAfterNotes: '1500.00',
      currency: 'USD',
    });
    // As the data stood on Friday: Monday's note and the orders of the weekend do not count yet.
    const friday = await get<Habits>(a, '/api/v1/thank-you-notes/habits?asOf=2027-06-04');
    expect(friday.me).toMatchObject({ thisWeek: 3, streak: 3 });
    expect(friday.team).toMatchObject({ notes: 4, accountsReactivated: 0, revenueAfterNotes: '0.00' });
  });

  it('bad input is a 400 naming the field', async () => {
    ctx.clock.set('2026-03-11T09:00:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const supplier = await createTestAccount(ctx, { name: uniq('Supplier'), kind: 'supplier' });
    const noMail = await createTestAccount(ctx, { name: uniq('No mail') });
    const cases: [Record<string, unknown>, string][] = [
      [{ recipientKind: 'customer', body: 'Thanks' }, 'accountId'],
      [{ recipientKind: 'customer', accountId: noMail.id, body: '   ' }, 'body'],
      [{ recipientKind: 'customer', accountId: noMail.id, body: 'Thanks', tone: 'warm' }, 'tone'],
      [{ recipientKind: 'friend', accountId: noMail.id, body: 'Thanks' }, 'recipientKind'],
      [{ recipientKind: 'customer', accountId: supplier.id, body: 'Thanks' }, 'recipientKind'],
      [{ recipientKind: 'customer', accountId: noMail.id, channel: 'email', body: 'Thanks' }, 'contactId'],
      [{ recipientKind: 'customer', accountId: randomUUID(), body: 'Thanks' }, 'accountId'],
      [{ recipientKind: 'colleague', body: 'Thanks' }, 'recipientUserId'],
      [{ recipientKind: 'colleague', recipientUserId: cora.userId, channel: 'email', body: 'Thanks' }, 'channel'],
    ];
    for (const [payload, field] of cases) {
      const res = await send(cora, 'POST', '/api/v1/thank-you-notes', payload);
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const paths = json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path);
      expect(paths, JSON.stringify(payload)).toContain(field);
    }
    const note = await write(cora, { recipientKind: 'customer', accountId: noMail.id, body: 'Thanks' });
    const bad = await send(cora, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { outcome: 'delighted' });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(bad).errors.map((e) => e.path)).toContain('outcome');
    const early = await send(cora, 'PATCH', `/api/v1/thank-you-notes/${note.id}`, { followUp: { title: 'Call', dueOn: '2026-03-12' } });
    expect(json<{ errors: { path: string }[] }>(early).errors.map((e) => e.path)).toEqual(['followUp']);
    for (const url of [
      '/api/v1/thank-you-notes/suggestions?date=2026-02-30',
      '/api/v1/thank-you-notes/suggestions?date=0000-01-01',
      '/api/v1/thank-you-notes/habits?asOf=0000-01-01',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { cookie: cora.cookie } });
      expect(res.statusCode, url).toBe(400);
      expect(json<{ errors: { path: string }[] }>(res).errors.map((e) => e.path)).toContain(url.includes('habits') ? 'asOf' : 'date');
    }
  });

  it('the same Idempotency-Key writes one note, one timeline entry and one message', async () => {
    ctx.clock.set('2026-03-12T09:00:00Z');
    const cora = await signIn(ctx, ['csr'], 'Cora CSR');
    const account = await createTestAccount(ctx, { name: uniq('Once') });
    await addContact(ctx, account.id, 'Olga Once', 'olga@example.test');
    const key = randomUUID();
    const body = { recipientKind: 'customer', accountId: account.id, channel: 'email', body: 'Thank you, once.' };
    const first = await send(cora, 'POST', '/api/v1/thank-you-notes', body, { 'idempotency-key': key });
    const second = await send(cora, 'POST', '/api/v1/thank-you-notes', body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(json<ThankYouNote>(second).id).toBe(json<ThankYouNote>(first).id);
    const list = await get<{ items: ThankYouNote[] }>(cora, `/api/v1/thank-you-notes?accountId=${account.id}`);
    expect(list.items).toHaveLength(1);
    expect(await ctx.database.db.select().from(messages).where(eq(messages.accountId, account.id))).toHaveLength(1);
    expect(await ctx.database.db.select().from(activities).where(eq(activities.accountId, account.id))).toHaveLength(1);
    const other = await send(cora, 'POST', '/api/v1/thank-you-notes', { ...body, body: 'Another text' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
  });

  it('lists notes newest first, a page at a time, mine or everyone’s', async () => {
    const cora = await signIn(ctx, ['csr'], 'Cora Pager');
    const account = await createTestAccount(ctx, { name: uniq('Pages') });
    for (let i = 0; i < 5; i += 1) {
      ctx.clock.set(`2026-04-0${i + 1}T09:00:00Z`);
      await write(cora, { recipientKind: 'customer', accountId: account.id, body: `Note ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ThankYouNote[]; nextCursor: string | null } = await get(
        cora,
        `/api/v1/thank-you-notes?mine=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((n) => n.body));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Note 4', 'Note 3', 'Note 2', 'Note 1', 'Note 0']);
  });
});
