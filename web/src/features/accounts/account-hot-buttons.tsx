import { ActionIcon, Alert, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { CreateHotButtonSchema, type HotButton } from '../../../../contract/accounts';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatRelative } from '../../lib/format';
import { sentence } from '../../lib/zod-form';
import { useAddHotButton, useHotButtons, useRemoveHotButton } from './api';

/** P5.4: what the customer bought on — each one is checked in the follow-up after the first order. */
export function AccountHotButtons({ accountId }: { accountId: string }) {
  const hot = useHotButtons(accountId);
  const add = useAddHotButton(accountId);
  const remove = useRemoveHotButton(accountId);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const removeOne = (h: HotButton) =>
    void remove.mutateAsync(h.id).catch((err: Error) => notifications.show({ color: 'red', title: 'Not removed', message: err.message }));
  const submit = () => {
    const r = CreateHotButtonSchema.safeParse({ text });
    if (!r.success) return setError(sentence(r.error.issues[0]?.message ?? 'Invalid'));
    setError(null);
    void add.mutateAsync(r.data.text).then(
      () => setText(''),
      (err: Error) => setError(err instanceof ApiError ? (err.fieldErrors()['text'] ?? err.message) : err.message),
    );
  };
  return (
    <Stack gap="xs">
      <div>
        <Text fw={700}>Hot buttons</Text>
        <Text size="xs" c="dimmed">
          What they bought on. Each is confirmed in the follow-up after the first order.
        </Text>
      </div>
      {hot.isLoading && <Loader size="sm" aria-label="Loading hot buttons" />}
      {hot.isError && <Alert color="red">{hot.error.message}</Alert>}
      {hot.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          None captured yet — ask the rep what won the deal (price, lead time, a quality certificate…).
        </Text>
      )}
      {hot.data?.map((h) => (
        <Group key={h.id} justify="space-between" wrap="nowrap" align="flex-start" data-testid="hot-button">
          <div>
            <Text size="sm">{h.text}</Text>
            <Text size="xs" c="dimmed" title={formatDateTime(h.capturedAt)}>
              {h.capturedBy?.name ?? 'Someone'} · {formatRelative(h.capturedAt)}
            </Text>
          </div>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove hot button: ${h.text}`}
            onClick={() => removeOne(h)}
            loading={remove.isPending && remove.variables === h.id}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="New hot button"
            placeholder="e.g. Ships in 10 days, not 4 weeks"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              if (error) setError(null);
            }}
            error={error}
            style={{ flex: 1 }}
            size="xs"
            data-testid="hot-button-input"
          />
          <Button type="submit" size="xs" variant="light" loading={add.isPending} data-testid="add-hot-button">
            Add
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
