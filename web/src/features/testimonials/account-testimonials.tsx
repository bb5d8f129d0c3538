// "Testimonials" on the account page (P2.4, docs/testimonials.md): ask a contact with proposed
// words; each testimonial with where it stands and, once approved, exactly how it may be shown.
import { Badge, Button, Group, Loader, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TestimonialPageSchema, TestimonialSchema, CreateTestimonial } from '../../../../contract/testimonials';
import { ApiError, apiPath, get, post, type Answer } from '../../lib/api';
import { newIdempotencyKey } from '../../lib/idempotency';
import { invalidate } from '../../lib/query';
import { useSession } from '../../lib/session';
import { accountKeys, useContacts } from '../accounts/api';

const keyOf = (accountId: string) => ['accounts', accountId, 'testimonials'] as const;
const STATUS = {
  requested: ['Waiting for the customer', 'blue'],
  approved: ['Usable', 'green'],
  declined: ['Declined', 'gray'],
  withdrawn: ['Withdrawn', 'gray'],
} as const;

export function AccountTestimonials({ accountId }: { accountId: string }) {
  const { hasRole } = useSession();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: keyOf(accountId),
    queryFn: () => get<Answer<typeof TestimonialPageSchema>>('/testimonials', { accountId, limit: '50' }).then((r) => r.items),
  });
  const contacts = useContacts(accountId);
  const [contactId, setContactId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const onDone = () => invalidate(qc, keyOf(accountId), accountKeys.timeline(accountId));
  const ask = useMutation({
    mutationFn: (body: CreateTestimonial) => post<Answer<typeof TestimonialSchema>>('/testimonials', body, { idempotencyKey }),
    onSuccess: onDone,
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => post<Answer<typeof TestimonialSchema>>(apiPath`/testimonials/${id}/withdraw`),
    onSuccess: onDone,
  });
  const mayAsk = hasRole('admin', 'gm', 'sales', 'csr');
  const submit = () => {
    if (!contactId) return;
    void ask.mutateAsync({ accountId, contactId, proposedText: text }).then(
      () => {
        setText('');
        setErrors({});
        setIdempotencyKey(newIdempotencyKey());
        notifications.show({ color: 'green', message: 'Asked: the request is in the outbox' });
      },
      (err: unknown) => {
        if (err instanceof ApiError) setErrors(err.fieldErrors());
        notifications.show({ color: 'red', title: 'Not asked', message: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  return (
    <Stack gap="xs" data-testid="account-testimonials">
      <Text fw={700}>Testimonials</Text>
      {list.isLoading && <Loader size="xs" aria-label="Loading testimonials" />}
      {(list.data ?? []).map((t) => (
        <Stack key={t.id} gap={2} data-testid="testimonial">
          <Group gap={6}>
            <Badge size="xs" variant="light" color={STATUS[t.status][1]}>
              {STATUS[t.status][0]}
            </Badge>
            {t.status === 'approved' && mayAsk && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => void withdraw.mutateAsync(t.id)}>
                Withdraw (the customer asked)
              </Button>
            )}
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            “{t.text ?? t.proposedText}”
          </Text>
          {t.attribution && (
            <Text size="xs" c="dimmed">
              Shown as: {t.attribution}
            </Text>
          )}
        </Stack>
      ))}
      {mayAsk && (
        <Stack gap={6}>
          <Select
            size="xs"
            label="Ask"
            placeholder="Pick a contact"
            data={(contacts.data ?? []).filter((c) => c.email).map((c) => ({ value: c.id, label: c.name }))}
            value={contactId}
            onChange={setContactId}
            error={errors['contactId']}
          />
          <Textarea
            size="xs"
            label="Proposed words (they may change them)"
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors['proposedText']}
          />
          <div>
            <Button size="xs" variant="light" onClick={submit} loading={ask.isPending} disabled={!contactId || !text.trim()}>
              Ask for a testimonial
            </Button>
          </div>
        </Stack>
      )}
    </Stack>
  );
}
