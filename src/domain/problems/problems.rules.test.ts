import { describe, expect, it } from 'vitest';
import { isProblemPastDue, perMonth, proposeResponsible, statusChangeProblems, type ProblemState } from './problems.rules.js';

const open: ProblemState = {
  status: 'open',
  correctiveAction: null,
  preventiveAction: null,
  isPreventiveDone: false,
  preventiveNoneNeeded: false,
  preventiveNoneReason: null,
};
const fixed: ProblemState = { ...open, status: 'fixed', correctiveAction: 'Replaced the probe on site' };

describe('statusChangeProblems', () => {
  it.each([
    ['open → fixing needs nothing', open, 'fixing', []],
    ['staying where it is needs nothing', open, 'open', []],
    ['fixed needs the corrective action', open, 'fixed', ['correctiveAction']],
    ['fixed with a corrective action is allowed', { ...open, correctiveAction: 'Sent a new cable' }, 'fixed', []],
    ['going back is refused', fixed, 'fixing', ['status']],
    ['a closed problem stays closed', { ...fixed, status: 'closed' }, 'fixed', ['status']],
    ['prevented needs the preventive action', fixed, 'prevented', ['preventiveAction']],
    ['prevented needs its task done', { ...fixed, preventiveAction: 'Train reps on lead times' }, 'prevented', ['preventiveAction']],
    ['prevented once the task is done', { ...fixed, preventiveAction: 'Train reps', isPreventiveDone: true }, 'prevented', []],
    ['closing without prevention is refused', fixed, 'closed', ['preventiveAction']],
    ['closing with the preventive action done', { ...fixed, preventiveAction: 'Train reps', isPreventiveDone: true }, 'closed', []],
    ['closing with "none needed" needs the reason', { ...fixed, preventiveNoneNeeded: true }, 'closed', ['preventiveNoneReason']],
    [
      'closing with "none needed" and a reason',
      { ...fixed, preventiveNoneNeeded: true, preventiveNoneReason: 'A one-off courier loss' },
      'closed',
      [],
    ],
    ['closing straight from open names everything missing', open, 'closed', ['correctiveAction', 'preventiveAction']],
  ] as const)('%s', (_name, state, to, paths) => {
    expect(statusChangeProblems(state, to).map((e) => e.path)).toEqual(paths);
  });
});

describe('proposeResponsible', () => {
  const reps = { named: null, orderRepId: 'rep-order', quoteRepId: 'rep-quote' };
  it.each([
    ['the person named wins', 'engineering', { ...reps, named: 'someone' }, { userId: 'someone', source: 'named' }],
    ['a sale expectation proposes the order’s rep', 'sale_expectation', reps, { userId: 'rep-order', source: 'order_rep' }],
    [
      'else the rep of the quote it came from',
      'sale_expectation',
      { ...reps, orderRepId: null },
      { userId: 'rep-quote', source: 'quote_rep' },
    ],
    ['nobody when neither has a rep', 'sale_expectation', { named: null, orderRepId: null, quoteRepId: null }, null],
    ['another origin proposes nobody', 'shipping', reps, null],
    ['no origin yet proposes nobody', null, reps, null],
  ] as const)('%s', (_name, origin, candidates, expected) => {
    expect(proposeResponsible(origin, candidates)).toEqual(expected);
  });
});

describe('isProblemPastDue', () => {
  it.each([
    ['open, due yesterday', 'open', '2026-03-01', true],
    ['fixing, due yesterday', 'fixing', '2026-03-01', true],
    ['open, due today', 'open', '2026-03-02', false],
    ['fixed, due long ago', 'fixed', '2026-01-01', false],
    ['closed, due long ago', 'closed', '2026-01-01', false],
  ] as const)('%s', (_name, status, dueOn, expected) => {
    expect(isProblemPastDue(status, dueOn, '2026-03-02')).toBe(expected);
  });
});

describe('perMonth', () => {
  it('counts per month of 30.4375 days, two decimals', () => {
    expect(perMonth(6, 6 * 30.4375)).toBe(1);
    expect(perMonth(1, 3 * 30.4375)).toBe(0.33);
    expect(perMonth(3, 0)).toBe(0);
  });
});
