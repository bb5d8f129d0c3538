// Work reaches the right person (docs/domain.md §2–3): a playbook step goes to the account team
// member with its role, else to the role's pool; an order without a rep or CSR takes the team's,
// through the API and the ERP webhook alike. Each test makes its own accounts and orders.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contract/common.js';
import type { OrderDetail } from '../../contract/orders.js';
import type { Task } from '../../contract/tasks.js';
import { users } from '../../src/db/schema/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { receiveErpEvent } from '../../src/domain/webhooks/index.js';
import { contextFor, engines, signIn, useTestApp, type Session } from '../support/app.js';
import { createTestAccount, createTestOrder, uniq } from '../support/factories.js';
import { drainJobs } from '../support/jobs.js';
import { eq } from 'drizzle-orm';

/** Every role a team seat can hold (the team form offers all but admin). */
const TEAM_ROLES = ROLES.filter((r): r is Exclude<Role, 'admin'> => r !== 'admin');

/** One step per team role, half of them written `account_team:<role>`: both resolve alike. */
const PLAYBOOK = [
  'key: every-role',
  'name: Every role',
  'trigger: { event: order.created }',
  'steps:',
  ...TEAM_ROLES.flatMap((role, i) => [
    `  - key: ${role.replace(/_/g, '-')}`,
    `    title: Step for ${role}`,
    `    role: ${i % 2 === 0 ? role : `account_team:${role}`}`,
  ]),
].join('\n');

describe.each(engines)('account team work on %s', (engine) => {
  const ctx = useTestApp(engine);
  let admin: Session;
  /** One signed-in person per team role, and a second holder of each role outside any team. */
  const members = {} as Record<Exclude<Role, 'admin'>, Session>;

  const tasksOf = async (orderId: string): Promise<Task[]> => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tasks?mine=false&status=active&orderId=${orderId}`,
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Task[] }>().items.filter((t) => t.run?.playbookKey === 'every-role');
  };

  beforeAll(async () => {
    admin = await signIn(ctx, ['admin'], 'Ada Admin');
    for (const role of TEAM_ROLES) members[role] = await signIn(ctx, [role], `Team ${role}`);
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/playbooks/every-role',
      headers: admin.headers,
      payload: { source: PLAYBOOK },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('gives each step to the account team member with its role, for every team role', async () => {
    const account = await createTestAccount(ctx, { team: TEAM_ROLES.map((role) => ({ userId: members[role].userId, role })) });
    const order = await createTestOrder(ctx, admin, { accountId: account.id });
    await drainJobs(ctx);
    const tasks = await tasksOf(order.id);
    expect(tasks).toHaveLength(TEAM_ROLES.length);
    for (const role of TEAM_ROLES) {
      const task = tasks.find((t) => t.title === `Step for ${role}`)!;
      expect({ role, to: task.assignee?.id, taskRole: task.role }).toEqual({ role, to: members[role].userId, taskRole: role });
    }
  });

  it('leaves a step to its role’s pool when the team has nobody with the role, or only someone inactive', async () => {
    const quitter = await signIn(ctx, ['quality'], 'Quit Quality');
    const account = await createTestAccount(ctx, {
      team: [
        { userId: members.sales.userId, role: 'sales' },
        { userId: quitter.userId, role: 'quality' },
      ],
    });
    await ctx.database.db.update(users).set({ active: false }).where(eq(users.id, quitter.userId));
    const order = await createTestOrder(ctx, admin, { accountId: account.id });
    await drainJobs(ctx);
    const tasks = await tasksOf(order.id);
    const byRole = new Map(tasks.map((t) => [t.role, t.assignee?.id ?? null]));
    expect(byRole.get('sales')).toBe(members.sales.userId);
    for (const role of TEAM_ROLES.filter((r) => r !== 'sales')) expect({ role, to: byRole.get(role) }).toEqual({ role, to: null });
    // The pool: an engineer outside the team sees the unassigned engineering step in their day.
    const other = await signIn(ctx, ['engineering'], 'Other Engineer');
    const mine = await ctx.app.inject({ method: 'GET', url: `/api/v1/tasks?orderId=${order.id}`, headers: { cookie: other.cookie } });
    expect(mine.json<{ items: Task[] }>().items.map((t) => t.title)).toContain('Step for engineering');
  });

  it('gives a new order the team’s rep and CSR when the request names none', async () => {
    const account = await createTestAccount(ctx, {
      team: [
        { userId: members.sales.userId, role: 'sales' },
        { userId: members.csr.userId, role: 'csr' },
      ],
    });
    const order = await createTestOrder(ctx, admin, { accountId: account.id });
    expect(order.rep?.id).toBe(members.sales.userId);
    expect(order.csr?.id).toBe(members.csr.userId);
    const named = await signIn(ctx, ['sales'], 'Named Rep');
    const own = await createTestOrder(ctx, admin, { accountId: account.id, repId: named.userId });
    expect([own.rep?.id, own.csr?.id]).toEqual([named.userId, members.csr.userId]);
    const bare = await createTestOrder(ctx, admin, { accountId: (await createTestAccount(ctx)).id });
    expect([bare.rep, bare.csr]).toEqual([null, null]);
  });

  it('gives an order from the ERP webhook the team’s rep and CSR when the event names none', async () => {
    const accountRef = uniq('ERP');
    const account = await createTestAccount(ctx, {
      externalRef: accountRef,
      team: [
        { userId: members.sales.userId, role: 'sales' },
        { userId: members.csr.userId, role: 'csr' },
      ],
    });
    const number = uniq('SO');
    const result = await receiveErpEvent(contextFor(ctx, systemActor('erp webhook')), {
      webhookId: `msg_${randomUUID()}`,
      event: { type: 'order.created', data: { number, accountRef, amount: '250.00' } },
    });
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/${result.subject!.id}`, headers: { cookie: admin.cookie } });
    const order = res.json<OrderDetail>();
    expect([order.accountId, order.rep?.id, order.csr?.id]).toEqual([account.id, members.sales.userId, members.csr.userId]);
  });
});
