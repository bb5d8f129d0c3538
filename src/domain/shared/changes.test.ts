import { describe, expect, it } from 'vitest';
import { readChanges } from './changes.js';

describe('readChanges', () => {
  it.each([
    [
      'a field filled for the first time, stored without its empty side',
      { promisedDate: { to: '2026-03-20' } },
      { promisedDate: { from: null, to: '2026-03-20' } },
    ],
    ['a field emptied, stored without its new side', { carrier: { from: 'DHL' } }, { carrier: { from: 'DHL', to: null } }],
    ['complete changes stay as they are', { amount: { from: '1.00', to: '2.00' } }, { amount: { from: '1.00', to: '2.00' } }],
    ['the text form of jsonb', '{"status":{"from":"received","to":"shipped"}}', { status: { from: 'received', to: 'shipped' } }],
    ['no changes', null, null],
  ])('%s', (_, raw, expected) => {
    expect(readChanges(raw)).toEqual(expected);
  });
});
