import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { ContactEntity, ContactRoleSchema, CreateContactSchema, type Contact, type ContactRole } from '../../../../contract/accounts';
import { wordsOf } from '../../lib/entity-form';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useContacts, useRemoveContact, useSaveContact } from './api';
import { CONTACT_FORM_FIELDS, emptyContact, fromContact, toContactInput, type ContactFormValues } from './contact-form-model';

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  buyer: 'Buyer',
  quality: 'Quality',
  engineering: 'Engineering',
  executive: 'Executive',
  accounts_payable: 'Accounts payable',
  user: 'User',
  other: 'Other',
};

/** The people at the customer: who buys, who checks quality, who signs. */
export function AccountContacts({ accountId }: { accountId: string }) {
  const contacts = useContacts(accountId);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [removing, setRemoving] = useState<Contact | null>(null);
  const remove = useRemoveContact(accountId);
  const removeContact = (c: Contact) =>
    remove.mutateAsync(c.id).then(
      () => {
        setRemoving(null);
        notifications.show({ message: `${c.name} removed` });
      },
      (err: Error) => notifications.show({ color: 'red', title: 'Not removed', message: err.message }),
    );
  const list = [...(contacts.data ?? [])].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.name.localeCompare(b.name));

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={700}>Contacts</Text>
        <Button size="compact-sm" variant="light" onClick={() => setEditing('new')} data-testid="add-contact">
          Add contact
        </Button>
      </Group>
      {contacts.isLoading && <Loader size="sm" aria-label="Loading contacts" />}
      {contacts.isError && <Alert color="red">{contacts.error.message}</Alert>}
      {contacts.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          No contacts yet. Add the buyer first: they get the progress updates on the first order.
        </Text>
      )}
      {list.map((c) => (
        <Group key={c.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="contact-row">
          <div style={{ minWidth: 0 }}>
            <Group gap={6}>
              {c.isPrimary && (
                <Tooltip label="Primary contact">
                  <Text span c="yellow.8" aria-label="Primary contact" role="img">
                    ★
                  </Text>
                </Tooltip>
              )}
              <Text size="sm" fw={600}>
                {c.name}
              </Text>
              <Badge size="xs" variant="outline" color="gray">
                {CONTACT_ROLE_LABELS[c.roleAtCustomer]}
              </Badge>
            </Group>
            {c.title && (
              <Text size="xs" c="dimmed">
                {c.title}
              </Text>
            )}
            <Group gap="sm">
              {c.email && (
                <Anchor href={`mailto:${c.email}`} size="xs">
                  {c.email}
                </Anchor>
              )}
              {c.phone && (
                <Anchor href={`tel:${c.phone}`} size="xs">
                  {c.phone}
                </Anchor>
              )}
            </Group>
          </div>
          <Group gap={2} wrap="nowrap">
            <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
              ✎
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${c.name}`} onClick={() => setRemoving(c)}>
              ×
            </ActionIcon>
          </Group>
        </Group>
      ))}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'Add contact' : 'Edit contact'}>
        {editing !== null && (
          <ContactForm accountId={accountId} contact={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={`Remove ${removing?.name ?? ''}?`}>
        <Stack>
          <Text size="sm">They will no longer receive updates. Past activities that name them stay in the timeline.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              Keep
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => removing && void removeContact(removing)}
              data-testid="confirm-remove-contact"
            >
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ContactForm({ accountId, contact, onDone }: { accountId: string; contact: Contact | null; onDone: () => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<ContactFormValues>({
    mode: 'controlled',
    initialValues: contact ? fromContact(contact) : emptyContact(),
    validate: zodValidate(CreateContactSchema, toContactInput),
    ...asYouType,
  });
  const save = useSaveContact(accountId, contact?.id ?? null);
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        setFailure(null);
        // Validated with this schema on submit; parsed, it is the typed body the API takes.
        return save.mutateAsync(CreateContactSchema.parse(toContactInput(v))).then(
          (c) => {
            notifications.show({ color: 'green', message: contact ? `${c.name} saved` : `${c.name} added` });
            onDone();
          },
          (err) => setFailure(applyServerErrors(form, err, CONTACT_FORM_FIELDS)),
        );
      })}
      noValidate
    >
      <Stack gap="sm">
        {failure && <Alert color="red">{failure}</Alert>}
        <TextInput {...wordsOf(ContactEntity, 'name')} required data-autofocus {...form.getInputProps('name')} data-testid="contact-name" />
        <TextInput {...wordsOf(ContactEntity, 'title')} {...form.getInputProps('title')} />
        <Select
          {...wordsOf(ContactEntity, 'roleAtCustomer')}
          data={ContactRoleSchema.options.map((r) => ({ value: r, label: CONTACT_ROLE_LABELS[r] }))}
          allowDeselect={false}
          {...form.getInputProps('roleAtCustomer')}
        />
        <TextInput {...wordsOf(ContactEntity, 'email')} type="email" {...form.getInputProps('email')} />
        <TextInput {...wordsOf(ContactEntity, 'phone')} type="tel" {...form.getInputProps('phone')} />
        <Checkbox
          label="Primary contact"
          description="The first person we call about this account"
          {...form.getInputProps('isPrimary', { type: 'checkbox' })}
        />
        <NumberInput
          label="Progress updates per week"
          description="At most this many progress emails to this person in 7 days; empty uses the organisation’s setting. Tracking and other essential messages always go."
          min={0}
          max={50}
          allowDecimal={false}
          {...form.getInputProps('updateLimit')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="save-contact">
            {contact ? 'Save' : 'Add contact'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
