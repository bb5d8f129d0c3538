import { describe, expect, it } from 'vitest';
import { CreateQuoteSchema, UpdateQuoteSchema, type Quote } from '../../../../contract/quotes';
import { zodValidate } from '../../lib/zod-form';
import { emptyQuote, fromQuote, QUOTE_FORM_FIELDS, quoteFormErrors, quotePatch, toQuoteInput } from './quote-form-model';

const ACC = '00000000-0000-4000-8000-000000000001';
const REP = '00000000-0000-4000-8000-000000000002';
const start = { accountId: ACC, repId: REP, today: '2026-01-05' };

describe('a new quote’s form', () => {
  it('holds every field a create takes, starting for its account, rep and day', () => {
    expect(Object.keys(emptyQuote(start)).sort()).toEqual(Object.keys(CreateQuoteSchema.shape).sort());
    expect([...QUOTE_FORM_FIELDS].sort()).toEqual(Object.keys(CreateQuoteSchema.shape).sort());
    expect(emptyQuote(start)).toMatchObject({ accountId: ACC, number: '', amount: '', sentAt: '2026-01-05', validUntil: '', repId: REP });
  });

  it('sends what was filled in and leaves every blank out for the server to fill', () => {
    const values = { ...emptyQuote({ ...start, repId: null }), number: 'Q-1', amount: ' 1200.00 ' };
    expect(CreateQuoteSchema.parse(toQuoteInput(values))).toEqual({
      accountId: ACC,
      number: 'Q-1',
      amount: '1200.00',
      sentAt: '2026-01-05',
    });
    expect(toQuoteInput({ ...values, validUntil: '2026-02-01', repId: REP })).toMatchObject({ validUntil: '2026-02-01', repId: REP });
  });

  it('asks for the account and the amount in words', () => {
    const validate = zodValidate(CreateQuoteSchema, toQuoteInput, quoteFormErrors);
    expect(validate(emptyQuote({ accountId: null, repId: null, today: '' }))).toEqual({
      accountId: 'Pick an account',
      number: 'Must not be empty',
      amount: 'Enter the quoted amount',
    });
    expect(validate({ ...emptyQuote(start), number: 'Q-1', amount: '12,50', validUntil: 'soon' })).toEqual({
      amount: 'Must be a decimal string such as "1863.40"',
      validUntil: 'Must be a date YYYY-MM-DD',
    });
  });
});

describe('a sent quote’s edit form', () => {
  const quote = {
    id: '00000000-0000-4000-8000-000000000003',
    number: 'Q-7',
    amount: '4800.00',
    currency: 'USD',
    validUntil: null,
    externalRef: null,
    rep: { id: REP, name: 'Rita Rep' },
  } as unknown as Quote;

  it('holds its amount, validity, rep and ERP reference as the quote has them', () => {
    expect(fromQuote(quote)).toEqual({ amount: '4800.00', validUntil: '', externalRef: '', repId: REP });
  });

  it('sends only what changed; a cleared field is sent as null', () => {
    expect(quotePatch(quote, fromQuote(quote))).toEqual({});
    expect(UpdateQuoteSchema.parse(quotePatch(quote, { ...fromQuote(quote), amount: '5200.00', validUntil: '2026-06-30' }))).toEqual({
      amount: '5200.00',
      validUntil: '2026-06-30',
    });
    expect(quotePatch(quote, { ...fromQuote(quote), repId: null })).toEqual({ repId: null });
  });
});
