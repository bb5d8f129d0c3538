// The sweep's one-statement selection (sweep-sql.ts) against the pure rules it mirrors: on varied
// accounts and open orders (timezones on both sides of UTC, half-day median gaps, 0-day gaps,
// holidays, a six-day week, stages entered long ago), the SQL selects exactly the episodes the
// rules flag and dates each one as the rules do.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { STAGE_KEYS, type StageDays } from '../../contract/settings.js';
import { accounts, orderEvents, orders } from '../../src/db/schema/index.js';
import { isNeglected, isRhythmOverdue } from '../../src/domain/accounts/index.js';
import {
  episodeOccurredAt,
  lateRiskReasons,
  lateRiskSince,
  neglectedSince,
  rhythmOverdueSince,
  selectSweepEpisodes,
  type SweepPolicy,
} from '../../src/domain/sweep/index.js';
import { engines, useTestApp, type TestContext } from '../support/app.js';
import { seededRandom } from '../../src/domain/shared/index.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ZONES = [null, 'Pacific/Auckland', 'America/New_York', 'Pacific/Kiritimati', 'America/Santiago', 'Europe/Berlin'];
const STATUSES = [...STAGE_KEYS, 'shipped', 'cancelled'] as const;

describe.each(engines)('sweep selection SQL vs the rules on %s', (engine) => {
  const ctx: TestContext = useTestApp(engine);

  it('selects and dates exactly the episodes the rules give, for several days, calendars and stage times', async () => {
    const rnd = seededRandom(20260302);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const base = Date.parse('2026-03-02T00:00:00Z');
    const at = (daysBefore: number) => new Date(base - daysBefore * 86_400_000 + Math.floor(rnd() * 86_400_000));
    const db = ctx.database.db;

    const accountRows: (typeof accounts.$inferInsert & { id: string })[] = [];
    for (let i = 0; i < 80; i++) {
      const orderCount = Math.floor(rnd() * 6);
      accountRows.push({
        id: randomUUID(),
        name: `Sweepsql ${i}`,
        kind: rnd() < 0.85 ? 'customer' : 'supplier',
        currency: 'USD',
        timezone: pick(ZONES),
        orderCount,
        lastOrderAt: orderCount === 0 ? null : at(Math.floor(rnd() * 400)),
        medianGapDays: orderCount < 2 ? null : pick([0, 0.5, 1, 2.5, 7, 10, 30, 45.5, 90]),
      });
    }
    // Two whose episodes begin on 2026-03-02 itself (neglect: 181 days; rhythm: 2 × 10 + 1 days).
    const exact = { kind: 'customer' as const, currency: 'USD', timezone: null };
    accountRows.push({
      ...exact,
      id: randomUUID(),
      name: 'Sweepsql neglect',
      orderCount: 1,
      lastOrderAt: new Date('2025-09-02T12:00:00Z'),
      medianGapDays: null,
    });
    accountRows.push({
      ...exact,
      id: randomUUID(),
      name: 'Sweepsql rhythm',
      orderCount: 3,
      lastOrderAt: new Date('2026-02-09T12:00:00Z'),
      medianGapDays: 10,
    });
    await db.insert(accounts).values(accountRows);

    const orderRows: (typeof orders.$inferInsert & { id: string })[] = [];
    const entries: (typeof orderEvents.$inferInsert)[] = [];
    for (let i = 0; i < 160; i++) {
      const account = pick(accountRows);
      const placedAt = at(Math.floor(rnd() * 120));
      const promised = DateTime.fromJSDate(placedAt, { zone: 'UTC' })
        .plus({ days: Math.floor(rnd() * 50) - 5 })
        .toISODate()!;
      const status = pick(STATUSES);
      const row = {
        id: randomUUID(),
        accountId: account.id,
        number: `SQ-${randomUUID().slice(0, 8)}`,
        placedAt,
        amount: 100,
        currency: 'USD',
        status,
        promisedDate: rnd() < 0.9 ? promised : null,
        expectedShipDate:
          rnd() < 0.3
            ? DateTime.fromISO(promised)
                .plus({ days: Math.floor(rnd() * 9) - 4 })
                .toISODate()!
            : null,
      };
      orderRows.push(row);
      // Entered the current status some time after it was placed (or, for some, never recorded).
      if (rnd() < 0.7) {
        const enteredAt = new Date(placedAt.getTime() + Math.floor(rnd() * 30) * 86_400_000 + 3_600_000);
        entries.push({
          orderId: row.id,
          accountId: account.id,
          kind: 'status_changed',
          fromStatus: 'received',
          toStatus: status,
          at: enteredAt,
        });
        // An older change to the same status: the latest one counts.
        entries.push({
          orderId: row.id,
          accountId: account.id,
          kind: 'status_changed',
          fromStatus: 'received',
          toStatus: status,
          at: placedAt,
        });
      }
    }
    await db.insert(orders).values(orderRows);
    await db.insert(orderEvents).values(entries);

    const zoneOf = (accountId: string, org: string) => accountRows.find((a) => a.id === accountId)!.timezone ?? org;
    const dayIn = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toISODate()!;

    const check = async (policy: SweepPolicy) => {
      const ctxt = `${policy.today} ${JSON.stringify(policy.calendar)} ${JSON.stringify(policy.stageDays)}`;
      const got = (await selectSweepEpisodes(db, policy)).filter(
        (r) =>
          r.kind !== 'schedule.daily' && (accountRows.some((a) => a.id === r.subjectId) || orderRows.some((o) => o.id === r.subjectId)),
      );
      const want: { kind: string; subjectId: string; since: string; occurredAt: string; reasons?: string[] }[] = [];
      const status = {
        today: policy.today,
        orgTimezone: policy.orgTimezone,
        neglectDays: policy.neglectDays,
        rhythmFactor: policy.rhythmFactor,
      };
      for (const a of accountRows) {
        const facts = {
          isLost: false,
          kind: a.kind as 'customer',
          orderCount: a.orderCount!,
          lastOrderAt: a.lastOrderAt ?? null,
          medianGapDays: a.medianGapDays ?? null,
          timezone: a.timezone ?? null,
        };
        const zone = a.timezone ?? policy.orgTimezone;
        const last = a.lastOrderAt ? dayIn(a.lastOrderAt, zone) : '';
        if (isNeglected(facts, status)) {
          const since = neglectedSince(last, policy.neglectDays);
          want.push({ kind: 'account.neglected', subjectId: a.id, since, occurredAt: episodeOccurredAt(since, zone).toISOString() });
        }
        if (isRhythmOverdue(facts, status)) {
          const since = rhythmOverdueSince(last, a.medianGapDays!, policy.rhythmFactor);
          want.push({ kind: 'account.rhythm_overdue', subjectId: a.id, since, occurredAt: episodeOccurredAt(since, zone).toISOString() });
        }
      }
      for (const o of orderRows) {
        const zone = zoneOf(o.accountId, policy.orgTimezone);
        const latest = entries
          .filter((e) => e.orderId === o.id && e.toStatus === o.status)
          .reduce<Date | null>((m, e) => (m && m > e.at ? m : e.at), null);
        const entered = dayIn(latest ?? o.placedAt, zone);
        const facts = {
          status: o.status!,
          promisedDate: o.promisedDate ?? null,
          expectedShipDate: o.expectedShipDate ?? null,
          stageEnteredOn: entered < policy.today ? entered : policy.today,
        };
        const reasons = lateRiskReasons(facts, policy.today, policy.stageDays, policy.calendar);
        if (reasons.length === 0) continue;
        const since = lateRiskSince(facts, reasons, policy.today, policy.stageDays, policy.calendar);
        want.push({ kind: 'order.late_risk', subjectId: o.id, since, occurredAt: episodeOccurredAt(since, zone).toISOString(), reasons });
      }
      const key = (x: { kind: string; subjectId: string }) => `${x.kind} ${x.subjectId}`;
      const shape = got.map((r) => ({
        kind: r.kind,
        subjectId: r.subjectId,
        since: r.since,
        occurredAt: new Date(r.occurredAtMs).toISOString(),
        ...(r.kind === 'order.late_risk' && {
          reasons: [...(r.isExpectedAfterPromised ? ['expected_after_promised'] : []), ...(r.isBehindStageTimes ? ['stage_times'] : [])],
        }),
      }));
      expect(
        shape.sort((a, b) => key(a).localeCompare(key(b))),
        ctxt,
      ).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
      return want;
    };

    const stageDays: StageDays = { received: 1, data_review: 2, in_production: 10, inspection: 2, ready_to_ship: 1 };
    const weekdays = { workdays: [1, 2, 3, 4, 5], holidays: [] };
    const policy: SweepPolicy = {
      today: '2026-03-02',
      orgTimezone: 'UTC',
      neglectDays: 180,
      rhythmFactor: 2,
      stageDays,
      calendar: weekdays,
    };
    const kinds = new Set<string>();
    const collect = async (p: SweepPolicy) =>
      (await check(p)).forEach((x) => kinds.add(x.kind + (x.since === p.today ? ' today' : ' earlier')));
    await collect(policy);
    await collect({ ...policy, today: '2026-02-14', orgTimezone: 'America/New_York', neglectDays: 90, rhythmFactor: 1.5 });
    await collect({
      ...policy,
      today: '2026-02-27',
      rhythmFactor: 3,
      stageDays: { received: 0, data_review: 3, in_production: 6, inspection: 0, ready_to_ship: 2 },
      calendar: { workdays: [1, 2, 3, 4, 5, 6], holidays: ['2026-02-16', '2026-02-23', '2026-03-03', '2026-03-10'] },
    });
    await collect({
      ...policy,
      today: '2026-03-20',
      stageDays: { received: 0, data_review: 0, in_production: 0, inspection: 0, ready_to_ship: 0 },
    });
    // The data exercised every kind, with episodes that began today and earlier.
    for (const k of ['account.neglected', 'account.rhythm_overdue', 'order.late_risk'])
      for (const when of [' today', ' earlier']) expect(kinds, k + when).toContain(k + when);
  });
});
