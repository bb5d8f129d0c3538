import { describe, expect, it } from 'vitest';
import { PlaybookStepSchema } from '../../../contract/playbooks.js';
import { capDue } from './message-drafts.js';

describe('capDue', () => {
  const deadline = new Date('2026-03-04T23:59:59.999Z');
  const step = (notAfter?: 'promised_date') => PlaybookStepSchema.parse({ key: 'a', title: 'A', role: 'csr', due: { notAfter } });
  it('keeps a due before the end of the promised date', () => {
    expect(capDue(step('promised_date'), new Date('2026-03-03T00:00:00Z'), deadline)).toEqual(new Date('2026-03-03T00:00:00Z'));
  });
  it('brings a later due back to the end of the promised date', () => {
    expect(capDue(step('promised_date'), new Date('2026-03-06T00:00:00Z'), deadline)).toEqual(deadline);
  });
  it('leaves a step without the cap, an order without a promise and a step without a due alone', () => {
    expect(capDue(step(), new Date('2026-03-06T00:00:00Z'), deadline)).toEqual(new Date('2026-03-06T00:00:00Z'));
    expect(capDue(step('promised_date'), new Date('2026-03-06T00:00:00Z'), null)).toEqual(new Date('2026-03-06T00:00:00Z'));
    expect(capDue(step('promised_date'), null, deadline)).toBeNull();
  });
});
