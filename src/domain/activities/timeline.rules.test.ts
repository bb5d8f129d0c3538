import { describe, expect, it } from 'vitest';
import { describeChanges, humanise, timelineDetail, timelineTitle, type TimelineRaw } from './timeline.rules.js';

const raw = (r: Partial<TimelineRaw> & Pick<TimelineRaw, 'source' | 'type'>): TimelineRaw => ({
  subject: null,
  body: null,
  orderNumber: null,
  quoteNumber: null,
  fromStatus: null,
  toStatus: null,
  changes: null,
  zone: 'UTC',
  ...r,
});

describe('timeline titles', () => {
  const table: [string, TimelineRaw, string][] = [
    ['a call with a subject', raw({ source: 'activity', type: 'call', subject: 'kickoff' }), 'Call: kickoff'],
    [
      'a note without subject uses the first line of its body',
      raw({ source: 'activity', type: 'note', body: 'Spoke to QA\nmore' }),
      'Note: Spoke to QA',
    ],
    ['an unknown activity kind is humanised', raw({ source: 'activity', type: 'site_tour', subject: 'Plant 2' }), 'Site tour: Plant 2'],
    [
      'a thank-you note is titled as one',
      raw({ source: 'activity', type: 'thank_you_note', subject: 'Card to Jane Buyer' }),
      'Thank-you note: Card to Jane Buyer',
    ],
    [
      'a worked step kept as a note is titled as the step',
      raw({ source: 'activity', type: 'note', subject: 'Data-package review', isStep: true }),
      'Step: Data-package review',
    ],
    [
      'a step that was a call stays a call',
      raw({ source: 'activity', type: 'call', subject: 'CSR introduction', isStep: true }),
      'Call: CSR introduction',
    ],
    ['an order placed', raw({ source: 'order', type: 'created', orderNumber: '10248' }), 'Order 10248 placed'],
    ['an order imported', raw({ source: 'order', type: 'imported', orderNumber: '10248' }), 'Order 10248 placed (imported)'],
    [
      'an order moved',
      raw({ source: 'order', type: 'status_changed', orderNumber: '10248', fromStatus: 'data_review', toStatus: 'in_production' }),
      'Order 10248 moved to In production',
    ],
    [
      'an order updated',
      raw({
        source: 'order',
        type: 'updated',
        orderNumber: '10248',
        changes: { promisedDate: { from: null, to: '2026-03-01' }, carrier: { from: null, to: 'UPS' } },
      }),
      'Order 10248 updated: promised date, carrier',
    ],
    ['an order line added', raw({ source: 'order', type: 'line_added', orderNumber: '7' }), 'Order 7: line added'],
    ['a quote sent', raw({ source: 'quote', type: 'sent', quoteNumber: 'Q-17' }), 'Quote Q-17 sent'],
    ['a quote won', raw({ source: 'quote', type: 'status_changed', quoteNumber: 'Q-17', toStatus: 'won' }), 'Quote Q-17 won'],
    ['a quote reopened', raw({ source: 'quote', type: 'status_changed', quoteNumber: 'Q-17', toStatus: 'open' }), 'Quote Q-17 reopened'],
  ];
  it.each(table)('%s', (_name, r, title) => {
    expect(timelineTitle(r)).toBe(title);
  });
});

describe('timeline details', () => {
  it('names the file of an imported order and dates its shipped and delivered times in the account zone', () => {
    const imported = raw({
      source: 'order',
      type: 'imported',
      body: 'orders.csv',
      // 00:00 on 16 and 20 July in Berlin is the evening before in UTC.
      changes: { shippedAt: { from: null, to: '1996-07-15T22:00:00+00:00' }, deliveredAt: { from: null, to: '1996-07-19T22:00:00+00:00' } },
      zone: 'Europe/Berlin',
    });
    expect(timelineDetail(imported)).toBe('From orders.csv · shipped 1996-07-16 · delivered 1996-07-20');
    expect(timelineDetail({ ...imported, zone: 'UTC' })).toBe('From orders.csv · shipped 1996-07-15 · delivered 1996-07-19');
    expect(timelineDetail(raw({ source: 'order', type: 'imported', body: 'orders.csv' }))).toBe('From orders.csv');
    expect(timelineDetail(raw({ source: 'order', type: 'imported' }))).toBeNull();
  });

  it('gives the lost reason of a lost quote', () => {
    expect(
      timelineDetail(
        raw({ source: 'quote', type: 'status_changed', toStatus: 'lost', changes: { lostReason: { from: null, to: 'Price' } } }),
      ),
    ).toBe('Reason: Price');
  });
  it('gives the note of an order move', () => {
    expect(timelineDetail(raw({ source: 'order', type: 'status_changed', body: 'Burr on edge' }))).toBe('Burr on edge');
  });
  it('describes field changes', () => {
    expect(describeChanges({ promisedDate: { from: '2026-03-10', to: '2026-03-15' }, carrier: { from: null, to: 'DHL' } })).toBe(
      'Promised date: 2026-03-10 → 2026-03-15; Carrier: — → DHL',
    );
  });
  it('humanises keys', () => {
    expect(humanise('expectedShipDate')).toBe('expected ship date');
  });
});
