import { describe, expect, it } from 'vitest';
import { CreateOrderSchema, UpdateOrderSchema, type OrderDetail } from '../../../../contract/orders';
import { zodValidate } from '../../lib/zod-form';
import {
  emptyLine,
  emptyOrder,
  fromOrder,
  ORDER_EDIT_FIELDS,
  ORDER_FORM_FIELDS,
  orderFormErrors,
  orderPatch,
  toOrderInput,
  type OrderEditValues,
  type OrderFormValues,
} from './order-form-model';

const ACC = '00000000-0000-4000-8000-000000000001';
const REP = '00000000-0000-4000-8000-000000000002';
const validate = zodValidate(CreateOrderSchema, toOrderInput, orderFormErrors);

describe('a new order’s form', () => {
  it('holds every field a create takes, each line every field a line takes', () => {
    const values = emptyOrder(null, '2026-01-05');
    expect(Object.keys(values).sort()).toEqual(Object.keys(CreateOrderSchema.shape).sort());
    expect(Object.keys(values.lines[0]!).filter((k) => k !== 'key')).toEqual(
      Object.keys(CreateOrderSchema.shape.lines.unwrap().element.shape),
    );
    expect([...ORDER_FORM_FIELDS].sort()).toEqual(Object.keys(CreateOrderSchema.shape).sort());
  });

  it('starts for the account it came from, placed today, a product, with one line of quantity 1', () => {
    expect(emptyOrder(ACC, '2026-01-05')).toMatchObject({
      accountId: ACC,
      number: '',
      placedAt: '2026-01-05',
      promisedDate: '',
      expectedShipDate: '',
      repId: null,
      csrId: null,
      lots: '',
      category: 'product',
      amount: '',
      lines: [{ sku: '', description: '', quantity: 1, unitPrice: '' }],
    });
    expect(emptyLine('k1').key).toBe('k1');
    expect(emptyLine().key).not.toBe(emptyLine().key);
  });

  it('sends what was filled in, numbers as numbers, and leaves every blank out for the server to fill', () => {
    const values: OrderFormValues = {
      ...emptyOrder(ACC, '2026-01-05'),
      number: 'SO-1',
      promisedDate: '2026-02-01',
      repId: REP,
      lots: '3',
      lines: [
        { ...emptyLine('a'), sku: ' W-1 ', quantity: 2, unitPrice: ' 10.50 ' },
        { ...emptyLine('b'), description: 'Setup', quantity: '1', unitPrice: '99' },
      ],
    };
    expect(CreateOrderSchema.parse(toOrderInput(values))).toEqual({
      accountId: ACC,
      number: 'SO-1',
      placedAt: '2026-01-05',
      promisedDate: '2026-02-01',
      repId: REP,
      lots: 3,
      category: 'product',
      lines: [
        { sku: 'W-1', quantity: 2, unitPrice: '10.50' },
        { description: 'Setup', quantity: 1, unitPrice: '99' },
      ],
    });
  });

  it('leaves out an empty list of lines, so the amount is asked for', () => {
    const body = toOrderInput({ ...emptyOrder(ACC, ''), number: 'SO-2', amount: '120.00', lines: [] });
    expect(body).toEqual({ accountId: ACC, number: 'SO-2', amount: '120.00', category: 'product' });
  });

  it('says what is missing in words, on the fields and line cells the API names', () => {
    const values = { ...emptyOrder(null, '2026-01-05'), lines: [{ ...emptyLine('a'), quantity: '' }] };
    expect(validate(values)).toEqual({
      accountId: 'Pick an account',
      number: 'Must not be empty',
      'lines.0.quantity': 'Must be a number',
      'lines.0.unitPrice': 'Must be a decimal string such as "1863.40"',
    });
    expect(validate({ ...values, accountId: ACC, number: 'SO-1', lots: '0', lines: [] })).toEqual({
      lots: 'Too small: expected number to be >=1',
    });
  });
});

const order = {
  id: '00000000-0000-4000-8000-000000000003',
  accountId: ACC,
  accountName: 'Acme',
  number: 'SO-1',
  externalRef: null,
  placedAt: '2026-01-05T09:00:00.000Z',
  promisedDate: '2026-02-01',
  expectedShipDate: null,
  amount: '120.00',
  category: 'product',
  currency: 'EUR',
  status: 'received',
  rep: { id: REP, name: 'Rita' },
  csr: null,
  shippedAt: null,
  carrier: null,
  trackingNumber: null,
  deliveredAt: null,
  lots: 2,
  isFirstOrder: true,
  isAudition: false,
  isLate: false,
  nextStatuses: ['data_review'],
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
  acquisitionCost: null,
  lines: [],
  events: [],
} satisfies OrderDetail;

describe('an order’s edit form', () => {
  it('holds every field a PATCH takes, its people by id', () => {
    const values = fromOrder(order);
    expect(Object.keys(values).sort()).toEqual(Object.keys(UpdateOrderSchema.shape).sort());
    expect([...ORDER_EDIT_FIELDS].sort()).toEqual(Object.keys(UpdateOrderSchema.shape).sort());
    expect(values).toMatchObject({ promisedDate: '2026-02-01', expectedShipDate: '', repId: REP, csrId: null, lots: 2 });
  });

  it('sends only what changed: a cleared date and person as null, lots typed as text as a number', () => {
    expect(orderPatch(order, { ...fromOrder(order), lots: '2' })).toEqual({});
    const values = { ...fromOrder(order), promisedDate: '', repId: null, lots: '5', category: 'repair' as const };
    expect(orderPatch(order, values)).toEqual({ promisedDate: null, repId: null, lots: 5, category: 'repair' });
  });

  it('judges a change by the PATCH schema', () => {
    const validate = zodValidate(UpdateOrderSchema, (v: OrderEditValues) => orderPatch(order, v));
    expect(validate({ ...fromOrder(order), promisedDate: '1 Feb', lots: '0' })).toEqual({
      promisedDate: 'Must be a date YYYY-MM-DD',
      lots: 'Too small: expected number to be >=1',
    });
  });
});
