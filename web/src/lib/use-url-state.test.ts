import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../../../contract/orders';
import { oneOf } from './use-url-state';

describe('oneOf: a filter from the address bar', () => {
  it.each([
    ['a known status', 'shipped', 'shipped'],
    ['a hand-edited one', 'lost-in-transit', undefined],
    ['none', undefined, undefined],
    ['an empty one', '', undefined],
  ])('%s reads as %j', (_name, value, expected) => {
    expect(oneOf(ORDER_STATUSES, value)).toBe(expected);
  });
});
