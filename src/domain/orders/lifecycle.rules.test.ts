import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from '../../../contract/orders.js';
import { checkTransition, nextStatuses, statusLabel, walkTo } from './lifecycle.rules.js';

describe('order lifecycle', () => {
  const table: [OrderStatus, OrderStatus[]][] = [
    ['received', ['data_review', 'cancelled']],
    ['data_review', ['in_production', 'cancelled']],
    ['in_production', ['inspection', 'data_review', 'cancelled']],
    ['inspection', ['ready_to_ship', 'in_production', 'cancelled']],
    ['ready_to_ship', ['shipped', 'inspection', 'cancelled']],
    ['shipped', ['delivered']],
    ['delivered', ['closed']],
    ['closed', []],
    ['cancelled', []],
  ];

  it.each(table)('from %s allows exactly %j', (from, allowed) => {
    expect(nextStatuses(from)).toEqual(allowed);
  });

  const moves: [OrderStatus, OrderStatus, boolean][] = [
    ['received', 'data_review', true],
    ['received', 'shipped', false],
    ['received', 'received', false],
    ['data_review', 'received', false],
    ['inspection', 'in_production', true],
    ['inspection', 'data_review', false],
    ['ready_to_ship', 'inspection', true],
    ['ready_to_ship', 'cancelled', true],
    ['shipped', 'ready_to_ship', false],
    ['shipped', 'cancelled', false],
    ['delivered', 'shipped', false],
    ['closed', 'delivered', false],
    ['cancelled', 'received', false],
  ];

  it.each(moves)('%s → %s is allowed: %s', (from, to, ok) => {
    const check = checkTransition(from, to);
    expect(check.ok).toBe(ok);
    if (!check.ok) expect(check.allowed).toEqual(nextStatuses(from));
  });

  it('never allows a status to follow itself', () => {
    for (const s of ORDER_STATUSES) expect(checkTransition(s, s).ok).toBe(false);
  });

  it('labels every status for people', () => {
    expect(statusLabel('in_production')).toBe('In production');
    for (const s of ORDER_STATUSES) expect(statusLabel(s)).toMatch(/^[A-Z]/);
  });

  const walks: [string, OrderStatus, OrderStatus, OrderStatus[] | null][] = [
    ['a fact further along walks every step between', 'in_production', 'shipped', ['inspection', 'ready_to_ship', 'shipped']],
    ['the next step is one step', 'shipped', 'delivered', ['delivered']],
    ['one step back is rework', 'inspection', 'in_production', ['in_production']],
    ['two steps back is refused', 'ready_to_ship', 'in_production', null],
    ['a shipped order cannot be cancelled', 'shipped', 'cancelled', null],
    ['an open order can', 'data_review', 'cancelled', ['cancelled']],
    ['a cancelled order moves nowhere', 'cancelled', 'shipped', null],
    ['a closed order moves nowhere', 'closed', 'delivered', null],
  ];
  it.each(walks)('a reported move: %s', (_, from, to, steps) => {
    const walk = walkTo(from, to);
    expect(walk.ok ? walk.steps : null).toEqual(steps);
    if (!walk.ok) expect(walk.allowed).toEqual(nextStatuses(from));
  });
});
