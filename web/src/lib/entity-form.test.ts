import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountEntity } from '../../../contract/accounts';
import { UserEntity } from '../../../contract/auth';
import { defineEntity, field, value } from '../../../contract/entity';
import { formDefaults, formFields, formInput, formValuesOf, labelsOf, wordsOf } from './entity-form';

// The account declaration with one more field, as a developer would add it.
const WithWebsite = defineEntity(
  { ...AccountEntity.fields, website: field(value.text(200), { label: 'Website', help: 'Where to read about them.', nullable: true }) },
  AccountEntity.options,
);

describe('a form over a declaration', () => {
  it('takes a field added to the declaration: its default, its value, its words and its place in the request', () => {
    expect(formFields(WithWebsite)).toContain('website');
    expect(formDefaults(WithWebsite)).toMatchObject({ website: '', kind: 'customer', team: [] });
    expect(formValuesOf(WithWebsite, { name: 'Acme', website: 'https://acme.example' })).toMatchObject({ website: 'https://acme.example' });
    expect(formValuesOf(WithWebsite, { name: 'Acme', website: null })).toMatchObject({ website: '' });
    expect(formInput(WithWebsite, { ...formDefaults(WithWebsite), website: 'https://acme.example' }, 'create')).toMatchObject({
      website: 'https://acme.example',
    });
    expect(wordsOf(WithWebsite, 'website')).toEqual({ label: 'Website', description: 'Where to read about them.' });
  });

  it('sends a blank that can be cleared as null, leaves out a blank optional one and sends a required one as typed', () => {
    const values = { ...formDefaults(AccountEntity), name: ' ', tier: '  ', currency: ' ', city: 'Lyon' };
    const body = formInput(AccountEntity, values, 'create');
    expect(body).toMatchObject({ name: ' ', tier: null, city: 'Lyon', kind: 'customer' });
    expect(body).not.toHaveProperty('currency');
  });

  it('takes a password as typed and leaves an empty one out; a PATCH has the fields only a PATCH takes', () => {
    const values = { ...formDefaults(UserEntity, 'update'), name: 'Ivy', password: '' };
    expect(formInput(UserEntity, values, 'create')).not.toHaveProperty('password');
    expect(formInput(UserEntity, values, 'create')).not.toHaveProperty('active');
    expect(formInput(UserEntity, { ...values, password: '  spaced  ' }, 'update')).toMatchObject({ password: '  spaced  ', active: false });
  });

  it('names the fields people see, for a history of changes', () => {
    expect(labelsOf(AccountEntity)).toMatchObject({ externalRef: 'ERP reference', potentialAnnualSpend: 'Potential annual spend' });
    expect(labelsOf(AccountEntity)).not.toHaveProperty('id');
  });
});

describe('numbers, picks and a create that leaves blanks out', () => {
  const Thing = defineEntity({
    name: field(value.nonEmptyText(50), { label: 'Name', create: 'required' }),
    ownerId: field(value.id(), { label: 'Owner', nullable: true }),
    count: field(value.int(z.number().int()), { label: 'Count', nullable: true }),
    size: field(value.number(z.number()), { label: 'Size', create: 'required' }),
    note: field(value.text(50), { label: 'Note' }),
    tags: field(value.list(z.array(z.string()), z.array(z.string())), { label: 'Tags' }),
  });

  it('starts a pick at nothing picked and a number at empty', () => {
    expect(formDefaults(Thing)).toEqual({ name: '', ownerId: null, count: '', size: '', note: '', tags: [] });
    expect(formValuesOf(Thing, { name: 'A', ownerId: null, count: 3, size: 1.5 })).toMatchObject({ ownerId: null, count: 3, size: 1.5 });
  });

  it('sends a number typed as text as a number, and nothing picked as a blank', () => {
    const values = { name: 'A', ownerId: null, count: '12', size: 2.5, note: '', tags: [] };
    expect(formInput(Thing, values, 'create')).toEqual({ name: 'A', ownerId: null, count: 12, size: 2.5, tags: [] });
    expect(formInput(Thing, { ...values, count: '' }, 'create')).toMatchObject({ count: null });
  });

  it('leaves every blank out, an empty list too, when asked; a required blank is still sent as typed', () => {
    const values = { name: 'A', ownerId: null, count: '', size: '', note: ' ', tags: [] };
    expect(formInput(Thing, values, 'create', { shouldOmitBlanks: true })).toEqual({ name: 'A', size: '' });
  });
});
