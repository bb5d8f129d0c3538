// The writing half of today's thank-you note (todays-note-card.tsx): another suggestion to pick,
// the words, card or email, and the button. Loaded when the card has someone to suggest.
import { Alert, Button, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { NoteChannel, NoteSuggestion } from '../../../../contract/thank-you-notes';
import { newIdempotencyKey } from '../../lib/idempotency';
import { ApiError, otherFailure } from '../../lib/api';
import { useWriteNote } from './api';
import { keyOf, REASON_WORDS } from './suggestions';

export function NoteWriter({
  items,
  suggestion,
  onChoose,
  onWritten,
}: {
  items: NoteSuggestion[];
  suggestion: NoteSuggestion;
  onChoose: (key: string | null) => void;
  onWritten: () => void;
}) {
  return (
    <>
      {items.length > 1 && (
        <Select
          label="Or write to"
          size="xs"
          value={keyOf(suggestion)}
          onChange={onChoose}
          allowDeselect={false}
          data={items.map((s) => ({ value: keyOf(s), label: `${s.name} — ${REASON_WORDS[s.reason].toLowerCase()}` }))}
        />
      )}
      <NoteForm key={keyOf(suggestion)} suggestion={suggestion} onWritten={onWritten} />
    </>
  );
}

function NoteForm({ suggestion, onWritten }: { suggestion: NoteSuggestion; onWritten: () => void }) {
  const [body, setBody] = useState(suggestion.template);
  const [channel, setChannel] = useState<NoteChannel>('card');
  const [failure, setFailure] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const write = useWriteNote(key);
  const canEmail = suggestion.recipientKind !== 'colleague' && suggestion.hasEmail;
  const submit = () => {
    setFailure(null);
    // The promise, not mutate's own callbacks: those are dropped once the card, refreshed, shows the day done.
    write
      .mutateAsync({
        recipientKind: suggestion.recipientKind,
        accountId: suggestion.accountId,
        contactId: suggestion.contactId,
        recipientUserId: suggestion.recipientUserId,
        channel,
        body,
      })
      .then(onWritten, (err: unknown) =>
        setFailure(
          err instanceof ApiError && err.problem.errors?.length
            ? err.problem.errors.map((e) => `${e.path === 'body' ? 'Your words' : e.path}: ${e.message}`).join('; ')
            : otherFailure(err, 'Could not save the note.'),
        ),
      );
  };
  return (
    <Stack gap="xs">
      {failure && <Alert color="red">{failure}</Alert>}
      <Textarea
        label="Your words"
        description="A start to make your own: say what they did and why it mattered."
        autosize
        minRows={4}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        error={body.trim() === '' ? 'Write a few words first' : undefined}
        data-testid="note-body"
      />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SegmentedControl
          aria-label="How"
          size="xs"
          value={channel}
          onChange={(v) => setChannel(v)}
          data={[
            { value: 'card', label: 'Card' },
            {
              value: 'email',
              label: canEmail ? `Email ${suggestion.contactName ?? ''}`.trim() : 'Email (no address)',
              disabled: !canEmail,
            },
          ]}
        />
        <Button onClick={submit} loading={write.isPending} disabled={body.trim() === ''} data-testid="write-note">
          {channel === 'email' ? 'Send the note' : 'Record the note'}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {channel === 'email'
          ? 'It goes out from the outbox with your name, and appears on their timeline.'
          : 'Write or hand over the card yourself; this records it on their timeline.'}
      </Text>
    </Stack>
  );
}
