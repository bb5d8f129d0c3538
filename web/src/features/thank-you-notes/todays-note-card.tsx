// Today's thank-you note in My day (docs/thank-you-notes.md): the top suggestion and why, a start for
// the words, and one button that records the note (card) or sends it through the outbox (email).
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { NoteChannel, NoteSuggestion, NoteSuggestionReason } from '../../../../contract/thank-you-notes';
import { newIdempotencyKey } from '../../lib/idempotency';
import { ApiError, otherFailure } from '../../lib/api';
import { useTodaysNote, useWriteNote } from './api';

export const REASON_WORDS: Record<NoteSuggestionReason, string> = {
  neglected: 'Quiet customer',
  rhythm_overdue: 'Past its rhythm',
  supplier_helped: 'Supplier who helped',
  colleague_helped: 'Colleague who helped',
};

const keyOf = (s: NoteSuggestion) => s.accountId ?? s.recipientUserId ?? s.name;

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

export function TodaysNoteCard() {
  const today = useTodaysNote();
  const [chosen, setChosen] = useState<string | null>(null);
  const [justWritten, setJustWritten] = useState<string | null>(null);
  if (today.isLoading) return <Loader size="sm" aria-label="Loading today’s thank-you note" />;
  if (today.isError || !today.data) return null;
  const { expected, written, items } = today.data;
  if (expected === 0 && written === 0) return null;
  const done = written >= expected;
  const suggestion = items.find((s) => keyOf(s) === chosen) ?? items[0];
  return (
    <Paper withBorder radius="md" p="md" data-testid="todays-note">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} fz="h4">
            Today’s thank-you note
          </Title>
          <Badge color={done ? 'green' : 'gray'} variant="light" aria-label={`${written} of ${expected} written today`}>
            {written} of {expected}
          </Badge>
        </Group>
        {justWritten && (
          <Alert color="green" data-testid="note-written">
            Your note to {justWritten} is on their timeline.
          </Alert>
        )}
        {done ? (
          <Text size="sm">
            Done for today — thank you.{' '}
            <Anchor component={Link} to="/habits">
              See what came back
            </Anchor>
          </Text>
        ) : !suggestion ? (
          <Text size="sm" c="dimmed">
            No one to suggest today: no quiet customers, and no recent help recorded. Thank anyone who helped you — a colleague, a supplier.
          </Text>
        ) : (
          <>
            <div>
              <Group gap="xs">
                <Text fw={600} data-testid="note-recipient">
                  {suggestion.name}
                </Text>
                <Badge size="sm" variant="light">
                  {REASON_WORDS[suggestion.reason]}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" data-testid="note-why">
                Why: {suggestion.why}
              </Text>
            </div>
            {items.length > 1 && (
              <Select
                label="Or write to"
                size="xs"
                value={keyOf(suggestion)}
                onChange={(v) => setChosen(v)}
                allowDeselect={false}
                data={items.map((s) => ({ value: keyOf(s), label: `${s.name} — ${REASON_WORDS[s.reason].toLowerCase()}` }))}
              />
            )}
            <NoteForm
              key={keyOf(suggestion)}
              suggestion={suggestion}
              onWritten={() => setJustWritten(suggestion.contactName ?? suggestion.name)}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
