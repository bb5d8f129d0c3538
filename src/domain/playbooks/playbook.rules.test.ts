import { describe, expect, it } from 'vitest';
import { PlaybookDocumentSchema, type PlaybookDocumentInput } from '../../../contract/playbooks.js';
import { describeMissing, gateBlocks, gateMessage, signoffProgress } from './gates.rules.js';
import { checkSteps, fillFromEvent, resolveAssignee, stepsToOpen, type StepState } from './steps.rules.js';
import { checkCondition, matchTrigger } from './trigger.rules.js';

const doc = (over: Partial<PlaybookDocumentInput> = {}) =>
  PlaybookDocumentSchema.parse({
    key: 'p',
    name: 'P',
    trigger: {
      event: 'order.created',
      condition: { and: [{ var: 'isFirstOrder' }, { '>=': [{ var: 'potentialAnnualSpend' }, { var: 'settings.auditionMinSpend' }] }] },
    },
    steps: [{ key: 'a', title: 'A', role: 'gm' }],
    ...over,
  });

describe('matchTrigger', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  const settings = { auditionMinSpend: 5_000_000 };
  const table: [string, string, string, Record<string, unknown>, string][] = [
    ['a large first order matches', 'order.created', '2026-03-02T10:00:00Z', { isFirstOrder: true, potentialAnnualSpend: 9_000_000 }, 'ok'],
    [
      'a small first order does not',
      'order.created',
      '2026-03-02T10:00:00Z',
      { isFirstOrder: true, potentialAnnualSpend: 100 },
      'condition_false',
    ],
    [
      'no potential spend does not',
      'order.created',
      '2026-03-02T10:00:00Z',
      { isFirstOrder: true, potentialAnnualSpend: null },
      'condition_false',
    ],
    [
      'a second order does not',
      'order.created',
      '2026-03-02T10:00:00Z',
      { isFirstOrder: false, potentialAnnualSpend: 9_000_000 },
      'condition_false',
    ],
    [
      'another event does not',
      'order.shipped',
      '2026-03-02T10:00:00Z',
      { isFirstOrder: true, potentialAnnualSpend: 9_000_000 },
      'other_event',
    ],
    [
      '14 days ago is inside the horizon',
      'order.created',
      '2026-02-16T12:00:00Z',
      { isFirstOrder: true, potentialAnnualSpend: 9_000_000 },
      'ok',
    ],
    [
      'an order placed three years ago starts nothing',
      'order.created',
      '2023-03-02T10:00:00Z',
      { isFirstOrder: true, potentialAnnualSpend: 9_000_000 },
      'outside_horizon',
    ],
  ];
  it.each(table)('%s', (_name, type, at, payload, expected) => {
    const m = matchTrigger(doc(), { type, occurredAt: new Date(at), payload }, settings, now);
    expect(m.ok ? 'ok' : m.reason).toBe(expected);
  });

  it('an empty condition always matches', () => {
    expect(matchTrigger(doc({ trigger: { event: 'quote.sent' } }), { type: 'quote.sent', occurredAt: now, payload: {} }, {}, now)).toEqual({
      ok: true,
    });
  });

  it('an unknown operator is reported, not evaluated', () => {
    expect(checkCondition({ eval: ['process.exit()'] })).not.toBeNull();
    expect(checkCondition({ '==': [1, 1] })).toBeNull();
  });
});

describe('checkSteps', () => {
  const table: [string, PlaybookDocumentInput['steps'], string[]][] = [
    [
      'a valid chain',
      [
        { key: 'a', title: 'A', role: 'gm' },
        { key: 'b', title: 'B', role: 'gm', requires: ['a'], due: { after: 'a', offset: 'P1D' } },
      ],
      [],
    ],
    ['a step that requires itself', [{ key: 'a', title: 'A', role: 'gm', requires: ['a'] }], ['steps.0.requires.0']],
    ['an unknown step', [{ key: 'a', title: 'A', role: 'gm', requires: ['zz'] }], ['steps.0.requires.0']],
    [
      'a cycle',
      [
        { key: 'a', title: 'A', role: 'gm', requires: ['b'] },
        { key: 'b', title: 'B', role: 'gm', requires: ['a'] },
      ],
      ['steps.0.requires'],
    ],
    [
      'due after a step not required',
      [
        { key: 'a', title: 'A', role: 'gm' },
        { key: 'b', title: 'B', role: 'gm', due: { after: 'a' } },
      ],
      ['steps.1.due.after'],
    ],
    [
      'a repeated key',
      [
        { key: 'a', title: 'A', role: 'gm' },
        { key: 'a', title: 'B', role: 'gm' },
      ],
      ['steps.1.key'],
    ],
    ['a wait without an event', [{ key: 'a', title: 'A', role: 'gm', kind: 'wait' }], ['steps.0.until']],
    ['a signoff without sign-offs', [{ key: 'a', title: 'A', role: 'quality', kind: 'signoff' }], ['steps.0.evidence.signoffs']],
  ];
  it.each(table)('%s', (_name, steps, paths) => {
    expect(checkSteps(doc({ steps })).map((i) => i.path)).toEqual(paths);
  });
});

describe('stepsToOpen', () => {
  const steps = doc({
    steps: [
      { key: 'a', title: 'A', role: 'gm' },
      { key: 'b', title: 'B', role: 'gm', requires: ['a'] },
      { key: 'c', title: 'C', role: 'gm', requires: ['a', 'b'] },
    ],
  }).steps;
  const table: [string, [string, StepState][], string[]][] = [
    [
      'nothing while a is open',
      [
        ['a', 'open'],
        ['b', 'waiting'],
        ['c', 'waiting'],
      ],
      [],
    ],
    [
      'b once a is done',
      [
        ['a', 'done'],
        ['b', 'waiting'],
        ['c', 'waiting'],
      ],
      ['b'],
    ],
    [
      'a skipped step counts as done',
      [
        ['a', 'skipped'],
        ['b', 'done'],
        ['c', 'waiting'],
      ],
      ['c'],
    ],
  ];
  it.each(table)('%s', (_name, states, expected) => {
    expect(stepsToOpen(steps, new Map(states))).toEqual(expected);
  });
});

describe('resolveAssignee', () => {
  const team = [
    { userId: 'u2', role: 'sales' },
    { userId: 'u1', role: 'sales' },
    { userId: 'u3', role: 'csr' },
    { userId: 'u4', role: 'quality' },
  ];
  it.each([
    ['account_team:csr', { role: 'csr', assigneeId: 'u3' }],
    ['account_team:sales', { role: 'sales', assigneeId: 'u1' }],
    ['account_team:gm', { role: 'gm', assigneeId: null }],
    ['quality', { role: 'quality', assigneeId: 'u4' }],
    ['sales', { role: 'sales', assigneeId: 'u1' }],
    ['engineering', { role: 'engineering', assigneeId: null }],
  ] as const)('a step for %s goes to %j', (role, expected) => {
    expect(resolveAssignee(role, team)).toEqual(expected);
  });
});

describe('gates', () => {
  it.each([
    ['shipped', 'ready_to_ship', false],
    ['shipped', 'shipped', true],
    ['shipped', 'delivered', true],
    ['shipped', 'cancelled', false],
    ['inspection', 'in_production', false],
  ] as const)('a gate on %s blocks a move to %s: %s', (gate, to, expected) => {
    expect(gateBlocks(gate, to)).toBe(expected);
  });

  const req = {
    count: 2,
    roles: ['quality', 'quality_manager'] as ('quality' | 'quality_manager')[],
    mustInclude: 'quality_manager' as const,
  };
  const table: [string, { userId: string; roles: string[] }[], string, boolean][] = [
    ['nobody signed', [], '0 of 2 sign-offs, quality manager sign-off missing', false],
    ['one quality user', [{ userId: 'q1', roles: ['quality'] }], '1 of 2 sign-offs, quality manager sign-off missing', false],
    [
      'one user twice counts once',
      [
        { userId: 'q1', roles: ['quality'] },
        { userId: 'q1', roles: ['quality'] },
      ],
      '1 of 2 sign-offs, quality manager sign-off missing',
      false,
    ],
    [
      'two quality users, no manager',
      [
        { userId: 'q1', roles: ['quality'] },
        { userId: 'q2', roles: ['quality'] },
      ],
      '2 of 2 sign-offs, quality manager sign-off missing',
      false,
    ],
    [
      'a signer without a quality role does not count',
      [
        { userId: 'q1', roles: ['quality'] },
        { userId: 's1', roles: ['sales'] },
      ],
      '1 of 2 sign-offs, quality manager sign-off missing',
      false,
    ],
    [
      'quality and the manager',
      [
        { userId: 'q1', roles: ['quality'] },
        { userId: 'm1', roles: ['quality_manager'] },
      ],
      '2 of 2 sign-offs',
      true,
    ],
  ];
  it.each(table)('%s', (_name, signoffs, missing, complete) => {
    expect(describeMissing({ signoffs: req }, signoffs)).toBe(missing);
    expect(signoffProgress(req, signoffs).isComplete).toBe(complete);
  });

  it('says what a step found incomplete waits for, before what its evidence lacks', () => {
    const evidence = { note: true, checklist: ['Drawings', 'Specs'], canBeIncomplete: true };
    expect(describeMissing(evidence, [])).toBe('checklist not done (2 items)');
    expect(describeMissing(evidence, [], 'drawing revision C')).toBe('incomplete, waiting for the customer: drawing revision C');
  });

  it('names the step in the gate message', () => {
    expect(gateMessage('Double inspection', '1 of 2 sign-offs, quality manager sign-off missing')).toBe(
      'double inspection: 1 of 2 sign-offs, quality manager sign-off missing',
    );
  });
});

describe('a trigger on several events', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  const either = doc({ trigger: { event: ['account.neglected', 'account.rhythm_overdue'] } });
  it.each([
    ['account.neglected', true],
    ['account.rhythm_overdue', true],
    ['order.created', false],
  ] as const)('%s starts it: %s', (type, ok) => {
    expect(matchTrigger(either, { type, occurredAt: now, payload: {} }, {}, now).ok).toBe(ok);
  });
  it('refuses an empty list and an unknown event', () => {
    expect(PlaybookDocumentSchema.safeParse({ ...either, trigger: { event: [] } }).success).toBe(false);
    expect(PlaybookDocumentSchema.safeParse({ ...either, trigger: { event: ['account.neglected', 'nope'] } }).success).toBe(false);
  });
  it('gates need every trigger event to be about an order', () => {
    const gated = (event: string | string[]) =>
      checkSteps(doc({ trigger: { event: event as never }, steps: [{ key: 'a', title: 'A', role: 'gm', gate: 'shipped' }] }));
    expect(gated(['order.created', 'order.shipped'])).toEqual([]);
    expect(gated(['order.created', 'account.neglected'])).toHaveLength(1);
  });
});

describe('fillFromEvent', () => {
  const payload = { explanation: 'no order for 7 months (last on 2026-05-02)', daysSinceLastOrder: 218, nested: { a: 1 } };
  it.each([
    ['Re-engage: {{explanation}}', 'Re-engage: no order for 7 months (last on 2026-05-02)'],
    ['{{ daysSinceLastOrder }} days', '218 days'],
    ['Unknown {{missing}} and {{nested}} stay as written', 'Unknown {{missing}} and {{nested}} stay as written'],
    ['{{constructor}} is not read from the prototype', '{{constructor}} is not read from the prototype'],
    ['No placeholders', 'No placeholders'],
  ])('%s → %s', (text, expected) => {
    expect(fillFromEvent(text, payload)).toBe(expected);
  });
});

describe('drafted message steps and due caps', () => {
  const lateRisk = { event: 'order.late_risk' as const };
  it('a draft is a message step with a template, in a playbook started by an order event', () => {
    const draft = (trigger: { event: string }, step: Record<string, unknown>) =>
      checkSteps(doc({ trigger: trigger as never, steps: [{ key: 'a', title: 'A', role: 'csr', ...step }] })).map((i) => i.path);
    expect(draft(lateRisk, { kind: 'message', template: 'late_notice', draft: true })).toEqual([]);
    expect(draft(lateRisk, { kind: 'message', draft: true })).toEqual(['steps.0.draft']);
    expect(draft(lateRisk, { kind: 'call', template: 'late_notice', draft: true })).toEqual(['steps.0.draft']);
    expect(draft({ event: 'account.neglected' }, { kind: 'message', template: 'generic', draft: true })).toEqual(['steps.0.draft']);
  });
  it('a due capped by the promised date needs an order event', () => {
    const capped = (event: string) =>
      checkSteps(
        doc({ trigger: { event: event as never }, steps: [{ key: 'a', title: 'A', role: 'csr', due: { notAfter: 'promised_date' } }] }),
      );
    expect(capped('order.late_risk')).toEqual([]);
    expect(capped('quote.sent').map((i) => i.path)).toEqual(['steps.0.due.notAfter']);
  });
  it('the built-in late notice starts on the estimate past the promise, not on stage times alone', () => {
    const pb = doc({ trigger: { event: 'order.late_risk', condition: { in: ['expected_after_promised', { var: 'reasons' }] } } });
    const now = new Date('2026-03-02T12:00:00Z');
    const start = (reasons: string[]) => matchTrigger(pb, { type: 'order.late_risk', occurredAt: now, payload: { reasons } }, {}, now).ok;
    expect(start(['expected_after_promised'])).toBe(true);
    expect(start(['expected_after_promised', 'stage_times'])).toBe(true);
    expect(start(['stage_times'])).toBe(false);
  });
});

describe('progress updates (news) and status waits', () => {
  const created = { event: 'order.created' as const };
  const news = { headline: 'drawings reviewed', text: 'Everything needed to build your order is here.' };
  const paths = (trigger: { event: string }, step: Record<string, unknown>) =>
    checkSteps(doc({ trigger: trigger as never, steps: [{ key: 'a', title: 'A', role: 'csr', ...step }] })).map((i) => i.path);
  it('news goes on a message step with a template that Rapport sends, in an order playbook', () => {
    expect(paths(created, { kind: 'message', template: 'progress_update', news })).toEqual([]);
    expect(paths(created, { kind: 'message', template: 'generic', news })).toEqual([]);
    expect(paths(created, { kind: 'call', template: 'progress_update', news })).toEqual(['steps.0.news']);
    expect(paths(created, { kind: 'message', news })).toEqual(['steps.0.news']);
    expect(paths(created, { kind: 'message', template: 'tracking', news })).toEqual(['steps.0.news']);
    expect(paths(created, { kind: 'message', template: 'generic', draft: true, news })).toEqual(['steps.0.news']);
    expect(paths({ event: 'account.neglected' }, { kind: 'message', template: 'generic', news })).toEqual(['steps.0.news']);
  });
  it('a progress update that Rapport sends needs its news', () => {
    expect(paths(created, { kind: 'message', template: 'progress_update' })).toEqual(['steps.0.news']);
    expect(paths(created, { kind: 'message', template: 'progress_update', draft: true })).toEqual([]);
  });
  it('invite is for a call or a meeting', () => {
    expect(paths(created, { kind: 'meeting', invite: {} })).toEqual([]);
    expect(paths(created, { kind: 'call', invite: { customer: true, minutes: 15 } })).toEqual([]);
    expect(paths(created, { kind: 'task', invite: {} })).toEqual(['steps.0.invite']);
  });
  it('toStatus is for a wait on order.status_changed', () => {
    expect(paths(created, { kind: 'wait', until: 'order.status_changed', toStatus: 'in_production' })).toEqual([]);
    expect(paths(created, { kind: 'wait', until: 'order.shipped', toStatus: 'in_production' })).toEqual(['steps.0.toStatus']);
    expect(paths(created, { kind: 'task', toStatus: 'in_production' })).toEqual(['steps.0.toStatus']);
  });
});
