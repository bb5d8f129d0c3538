import { describe, expect, it } from 'vitest';
import { repeatedKeys } from './mapping-text.js';

describe('repeatedKeys', () => {
  it.each([
    ['{"fields": {"lineAmount": "Total", "lineAmount": "Net"}}', ['fields.lineAmount']],
    ['{"lineAmount": "Total", "sku": "Item", "lineAmount": "Net", "lineAmount": "Gross"}', ['lineAmount']],
    ['{"decimal": ",", "decimal": "."}', ['decimal']],
    ['{"fields": {"name": ["First", "Last"]}, "defaults": {"currency": "USD"}}', []],
    ['{"fields": {"a": "x"}, "defaults": {"a": "y"}}', []],
    ['not json', []],
  ])('%s → %j', (text, keys) => {
    expect(repeatedKeys(text)).toEqual(keys);
  });
});
