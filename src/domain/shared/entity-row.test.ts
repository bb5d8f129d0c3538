import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountEntity, ContactEntity } from '../../../contract/accounts.js';
import { UserEntity } from '../../../contract/auth.js';
import { computed, defineEntity, field, shown, value, type EntityInfo } from '../../../contract/entity.js';
import { OrderEntity, OrderLineEntity } from '../../../contract/orders.js';
import { QuoteEntity } from '../../../contract/quotes.js';
import { columnPatch, columnsOf, columnValues, customFields } from './entity-row.js';

const Widget = defineEntity({
  id: shown(z.string()),
  name: field(value.nonEmptyText(50), { label: 'Name', create: 'required' }),
  note: field(value.text(50), { label: 'Note', nullable: true }),
  colour: field(value.oneOf(z.enum(['red', 'blue'])), { label: 'Colour', create: { default: 'red' } }),
  size: field(value.int(z.number().int()), { label: 'Size' }),
  price: field(value.amount(), { label: 'Price', nullable: true, store: 'custom' }),
  isBig: computed(z.boolean()),
  createdAt: shown(z.string()),
});
const Kept = defineEntity({ note: field(value.text(50), { label: 'Note', nullable: true }) }, { blankText: 'kept' });

describe('the columns of a declared entity', () => {
  it('copies a create’s column fields: a left-out nullable one as null, a left-out optional one left to the database', () => {
    const input = Widget.create.parse({ name: 'W', note: 'n', price: '1.00' });
    expect(columnValues(Widget, input)).toEqual({ name: 'W', note: 'n', colour: 'red' });
    expect(columnValues(Widget, Widget.create.parse({ name: 'W' }))).toEqual({ name: 'W', note: null, colour: 'red' });
  });

  it('copies the fields a PATCH gives, null clearing; blank text is null unless the entity keeps it', () => {
    expect(columnPatch(Widget, Widget.update.parse({ note: null, size: 3 }))).toEqual({ note: null, size: 3 });
    expect(columnPatch(Widget, Widget.update.parse({ note: '  ' }))).toEqual({ note: null });
    expect(columnPatch(Kept, Kept.update.parse({ note: '  ' }))).toEqual({ note: '' });
    expect(columnPatch(Widget, Widget.update.parse({ price: '2.00' }))).toEqual({});
  });

  it('shows the read fields kept as columns, times as ISO 8601', () => {
    const row = { id: 'w1', name: 'W', note: null, colour: 'blue', size: 2, price: 100, createdAt: new Date('2026-03-02T14:00:00Z') };
    expect(columnsOf(Widget, row)).toEqual({
      id: 'w1',
      name: 'W',
      note: null,
      colour: 'blue',
      size: 2,
      createdAt: '2026-03-02T14:00:00.000Z',
    });
  });

  it('refuses a list of converted fields that misses one', () => {
    expect(customFields(Widget, 'update', ['price'])).toEqual(['price']);
    // @ts-expect-error -- the compiler names the missing field; the list is checked when it runs too.
    expect(() => customFields(Widget, 'update', [])).toThrow('custom update fields not handled: price');
  });
});

describe('the declared entities', () => {
  // A create or PATCH field not kept in the entity's row is written by its use case, by hand:
  // these are all of them, so a new one is a decision someone makes here, not a field dropped.
  const elsewhere = (entity: EntityInfo) =>
    Object.entries(entity.fields)
      .filter(([, f]) => f.store === 'none' && (f.create !== undefined || f.update !== undefined))
      .map(([name]) => name);
  it.each([
    ['accounts', AccountEntity, ['team']],
    ['contacts', ContactEntity, []],
    ['users', UserEntity, []],
    ['orders', OrderEntity, ['lines']],
    ['order lines', OrderLineEntity, []],
    ['quotes', QuoteEntity, []],
  ] as const)('%s write every field they take to their row but the ones their use cases write elsewhere', (_name, entity, expected) => {
    expect(elsewhere(entity)).toEqual(expected);
  });
});
