import { describe, expect, it } from 'vitest';
import { cadenceDecision, foldedNews, type CadenceInput } from './cadence.rules.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const base: CadenceInput = { class: 'progress', contactLimit: null, defaultLimit: 2, recentProgress: [], now: NOW };

describe('cadenceDecision', () => {
  it.each<[string, Partial<CadenceInput>, boolean, string | null]>([
    ['nothing sent yet', {}, true, null],
    ['one of two sent', { recentProgress: [daysAgo(1)] }, true, null],
    ['two of two sent this week', { recentProgress: [daysAgo(1), daysAgo(3)] }, false, '2 updates already sent this week'],
    ['two sent, one of them 8 days ago', { recentProgress: [daysAgo(1), daysAgo(8)] }, true, null],
    ['exactly 7 days ago is outside the week', { recentProgress: [daysAgo(1), daysAgo(7)] }, true, null],
    ['the contact allows 3: two sent', { contactLimit: 3, recentProgress: [daysAgo(1), daysAgo(2)] }, true, null],
    ['the contact allows 1: one sent', { contactLimit: 1, recentProgress: [daysAgo(6)] }, false, '1 update already sent this week'],
    ['the contact allows none', { contactLimit: 0 }, false, 'this contact gets no progress updates (their limit is 0 a week)'],
    ['the organisation allows 4: three sent', { defaultLimit: 4, recentProgress: [daysAgo(1), daysAgo(2), daysAgo(3)] }, true, null],
    ['the contact override wins over the default', { contactLimit: 5, defaultLimit: 1, recentProgress: [daysAgo(1)] }, true, null],
    [
      'essential: never held back, even over the limit',
      { class: 'essential', recentProgress: [daysAgo(1), daysAgo(2), daysAgo(3)] },
      true,
      null,
    ],
    ['essential: even when the contact allows none', { class: 'essential', contactLimit: 0 }, true, null],
    [
      'more than the limit already (a lowered limit)',
      { contactLimit: 1, recentProgress: [daysAgo(1), daysAgo(2)] },
      false,
      '2 updates already sent this week',
    ],
  ])('%s', (_, over, allowed, reason) => {
    const d = cadenceDecision({ ...base, ...over });
    expect(d.allowed).toBe(allowed);
    expect(d.allowed ? null : d.reason).toBe(reason);
  });

  it('says when the next update may go: when the update that fills the week turns 7 days old', () => {
    const d = cadenceDecision({ ...base, recentProgress: [daysAgo(1), daysAgo(3), daysAgo(5)] });
    expect(d).toMatchObject({ allowed: false, nextAllowedAt: daysAgo(3 - 7) });
    expect(cadenceDecision({ ...base, contactLimit: 0 })).toMatchObject({ nextAllowedAt: null });
  });
});

describe('foldedNews', () => {
  it('is nothing when nothing was held back', () => {
    expect(foldedNews([])).toBeNull();
  });
  it('lists the held-back news oldest first, escaped in HTML', () => {
    const f = foldedNews([
      { subject: 'Order 1: In production', text: '' },
      { subject: 'Order 1: <Inspection> & more', text: '' },
    ])!;
    expect(f.text).toBe('\nAlso since my last update (2 pieces of news):\n- Order 1: In production\n- Order 1: <Inspection> & more\n');
    expect(f.html).toBe(
      '<p>Also since my last update (2 pieces of news):</p><ul><li>Order 1: In production</li><li>Order 1: &lt;Inspection&gt; &amp; more</li></ul>',
    );
  });
});
