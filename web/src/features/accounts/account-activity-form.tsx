import { Alert, Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { CreateActivitySchema, type ActivityKind, type CreateActivity } from '../../../../contract/activities';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useContacts, useLogActivity } from './api';

const KINDS: { value: ActivityKind; label: string }[] = [
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'Email' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'visit', label: 'Visit' },
  { value: 'note', label: 'Note' },
];

interface Values {
  kind: ActivityKind;
  subject: string;
  body: string;
  contactId: string | null;
  occurredAt: string;
}
const FIELDS = ['kind', 'subject', 'body', 'contactId', 'occurredAt'] as const;

/** "now" as <input type="datetime-local"> wants it, in the viewer's timezone. */
function localNow(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function AccountActivityForm({ accountId, onDone }: { accountId: string; onDone?: () => void }) {
  const contacts = useContacts(accountId);
  const [failure, setFailure] = useState<string | null>(null);
  // Untouched, "when" means now: the server's clock, not the minute the form opened.
  const toPayload = (v: Values): CreateActivity => ({
    accountId,
    kind: v.kind,
    subject: v.subject.trim() || null,
    body: v.body.trim() || null,
    contactId: v.contactId,
    occurredAt: v.occurredAt && form.isDirty('occurredAt') ? new Date(v.occurredAt).toISOString() : undefined,
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { kind: 'call', subject: '', body: '', contactId: null, occurredAt: localNow() },
    validate: zodValidate(CreateActivitySchema, toPayload),
    ...asYouType,
  });
  const log = useLogActivity(accountId);
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        setFailure(null);
        return log.mutateAsync(toPayload(v)).then(
          () => {
            form.setValues({ subject: '', body: '', occurredAt: localNow() });
            form.resetDirty();
            onDone?.();
          },
          (err) => setFailure(applyServerErrors(form, err, FIELDS)),
        );
      })}
      noValidate
      data-testid="log-activity-form"
    >
      <Stack gap="xs">
        {failure && <Alert color="red">{failure}</Alert>}
        <SegmentedControl aria-label="Kind of activity" size="xs" data={KINDS} {...form.getInputProps('kind')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <TextInput label="Subject" size="xs" {...form.getInputProps('subject')} data-testid="activity-subject" />
          <Select
            label="With"
            size="xs"
            clearable
            placeholder={contacts.data?.length ? 'Pick a contact' : 'No contacts yet'}
            data={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('contactId')}
          />
          <TextInput label="When" type="datetime-local" size="xs" {...form.getInputProps('occurredAt')} />
        </SimpleGrid>
        <Textarea
          label="What was said or done"
          size="xs"
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('body')}
          data-testid="activity-body"
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={log.isPending} data-testid="log-activity">
            Log activity
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
