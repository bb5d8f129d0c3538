import { describe, expect, it } from 'vitest';
import { conditionSentence } from './condition-words';

const usd = { currency: 'USD', auditionMinSpend: '250000' };

describe('a trigger condition in words', () => {
  it('says the paid audition’s condition with the threshold’s value', () => {
    const condition = {
      and: [{ var: 'isFirstOrder' }, { '>=': [{ var: 'potentialAnnualSpend' }, { var: 'settings.auditionMinSpend' }] }],
    };
    expect(conditionSentence(condition, usd)).toBe(
      'it is the account’s first order and the account’s potential annual spend is at least the paid-audition threshold ($250,000.00)',
    );
  });

  it('turns a negated comparison around, as first-order care reads', () => {
    const condition = {
      and: [{ var: 'isFirstOrder' }, { '!': { '>=': [{ var: 'potentialAnnualSpend' }, { var: 'settings.auditionMinSpend' }] } }],
    };
    expect(conditionSentence(condition, { currency: 'USD' })).toBe(
      'it is the account’s first order and the account’s potential annual spend is below the paid-audition threshold',
    );
  });

  it('says a yes/no fact and its negation', () => {
    expect(conditionSentence({ var: 'isFirstOrder' }, usd)).toBe('it is the account’s first order');
    expect(conditionSentence({ '!': { var: 'isFirstOrder' } }, usd)).toBe('it is not the account’s first order');
    expect(conditionSentence({ '!!': [{ var: 'isAudition' }] }, usd)).toBe('it is a paid audition');
  });

  it('shows a literal amount against money in the organisation’s currency (minor units)', () => {
    expect(conditionSentence({ '>': [{ var: 'amount' }, 1_000_000] }, usd)).toBe('the order’s amount is more than $10,000.00');
    expect(conditionSentence({ '>': [{ var: 'amount' }, 500_000] }, { currency: 'JPY' })).toBe('the order’s amount is more than ¥500,000');
    expect(conditionSentence({ '<=': [{ var: 'orderCount' }, 2] }, usd)).toBe('the account’s number of orders is at most 2');
  });

  it('keeps a nested group of the other kind together, and negates a group by De Morgan', () => {
    const condition = {
      and: [{ var: 'isFirstOrder' }, { or: [{ var: 'isAudition' }, { '>': [{ var: 'amount' }, 100] }] }],
    };
    expect(conditionSentence(condition, usd)).toBe(
      'it is the account’s first order and either it is a paid audition or the order’s amount is more than $1.00',
    );
    expect(conditionSentence({ '!': { and: [{ var: 'isFirstOrder' }, { var: 'isAudition' }] } }, usd)).toBe(
      'it is not the account’s first order or it is not a paid audition',
    );
  });

  it('says a list of values', () => {
    expect(conditionSentence({ in: [{ var: 'status' }, ['inspection', 'ready_to_ship']] }, usd)).toBe(
      'the order’s status is one of “inspection”, “ready_to_ship”',
    );
  });

  it('gives up (null) on what it cannot say, and on no condition', () => {
    expect(conditionSentence({}, usd)).toBeNull();
    expect(conditionSentence({ var: 'somethingElse' }, usd)).toBeNull();
    expect(conditionSentence({ cat: ['a', 'b'] }, usd)).toBeNull();
    expect(conditionSentence({ '>': [{ var: 'amount' }, { '+': [1, 2] }] }, usd)).toBeNull();
  });
});
