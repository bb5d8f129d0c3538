// Today's thank-you note in My day (docs/thank-you-notes.md): the top suggestion and why, a start for
// the words, and one button that records the note (card) or sends it through the outbox (email).
// The words and the buttons (note-writer.tsx) open with "Write the note": My day's first screen
// shows who and why, and loads the text area and the picker when the person starts writing.
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { useTodaysNote } from './api';
import { keyOf, REASON_WORDS } from './suggestions';

const NoteWriter = lazy(() => import('./note-writer').then((m) => ({ default: m.NoteWriter })));

export function TodaysNoteCard() {
  const today = useTodaysNote();
  const [chosen, setChosen] = useState<string | null>(null);
  const [justWritten, setJustWritten] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
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
            {writing ? (
              <Suspense fallback={<Loader size="sm" aria-label="Loading the note’s form" />}>
                <NoteWriter
                  items={items}
                  suggestion={suggestion}
                  onChoose={setChosen}
                  onWritten={() => {
                    setJustWritten(suggestion.contactName ?? suggestion.name);
                    setWriting(false);
                  }}
                />
              </Suspense>
            ) : (
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => setWriting(true)} data-testid="start-note">
                  Write the note
                </Button>
                {items.length > 1 && (
                  <Text size="xs" c="dimmed">
                    or choose someone else among {items.length} suggestions
                  </Text>
                )}
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
