import { describe, expect, it } from 'vitest';
import { CreateContactSchema, type Contact } from '../../../../contract/accounts';
import { zodValidate } from '../../lib/zod-form';
import { CONTACT_FORM_FIELDS, emptyContact, fromContact, toContactInput } from './contact-form-model';

const contact = {
  id: '00000000-0000-4000-8000-000000000003',
  accountId: '00000000-0000-4000-8000-000000000001',
  accountName: 'Acme',
  name: 'Bea Buyer',
  externalRef: 'C-7',
  email: null,
  phone: '+33 1 23',
  title: null,
  roleAtCustomer: 'quality',
  isPrimary: true,
  updateLimit: null,
  createdAt: '2026-01-05T09:00:00.000Z',
} satisfies Contact;

describe('the contact form', () => {
  it('holds every field a create takes; a new contact starts as a buyer, not primary, at the organisation’s update limit', () => {
    expect(Object.keys(emptyContact()).sort()).toEqual(Object.keys(CreateContactSchema.shape).sort());
    expect([...CONTACT_FORM_FIELDS].sort()).toEqual(Object.keys(CreateContactSchema.shape).sort());
    expect(emptyContact()).toMatchObject({
      name: '',
      title: '',
      email: '',
      phone: '',
      roleAtCustomer: 'buyer',
      isPrimary: false,
      updateLimit: '',
    });
  });

  it('shows a contact’s empty fields as empty inputs', () => {
    expect(fromContact(contact)).toEqual({
      name: 'Bea Buyer',
      externalRef: 'C-7',
      email: '',
      phone: '+33 1 23',
      title: '',
      roleAtCustomer: 'quality',
      isPrimary: true,
      updateLimit: '',
    });
  });

  it('sends blanks as null (cleared) and the update limit as a number', () => {
    expect(toContactInput({ ...fromContact(contact), phone: '  ', updateLimit: 3 })).toEqual({
      name: 'Bea Buyer',
      externalRef: 'C-7',
      email: null,
      phone: null,
      title: null,
      roleAtCustomer: 'quality',
      isPrimary: true,
      updateLimit: 3,
    });
    expect(toContactInput({ ...emptyContact(), name: 'New' })).toMatchObject({ updateLimit: null, roleAtCustomer: 'buyer' });
  });

  it('judges the values by the create schema', () => {
    const validate = zodValidate(CreateContactSchema, toContactInput);
    expect(validate({ ...emptyContact(), email: 'bea@', updateLimit: 51 })).toEqual({
      name: 'Must not be empty',
      email: expect.any(String),
      updateLimit: expect.stringMatching(/^Too big/),
    });
  });
});
