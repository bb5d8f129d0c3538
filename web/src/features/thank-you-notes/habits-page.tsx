// The habits page (docs/thank-you-notes.md): my notes this week and my streak, everyone's, and what
// came back for the team. Revenue after notes is the accounts' — credited to the team, never to one
// writer (P4.4). Loaded with this route only.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { NOTE_OUTCOMES, type Habits, type NoteOutcome, type ThankYouNote } from '../../../../contract/thank-you-notes';
import { formatDate, formatMoney } from '../../lib/format';
import { useUrlState } from '../../lib/use-url-state';
import { useHabits, useNotes, useRecordOutcome } from './api';

export const OUTCOME_WORDS: Record<NoteOutcome, string> = {
  none: 'Nothing yet',
  replied: 'Replied',
  called_back: 'Called back',
  new_quote: 'Asked for a quote',
  order_placed: 'Placed an order',
  order_increased: 'Ordered more',
};

function Figure({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="h3" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Team({ h }: { h: Habits }) {
  const t = h.team;
  return (
    <Stack gap="xs">
      <Title order={3} fz="h4">
        What came back (notes of the last {h.windowDays} days)
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm" data-testid="habits-team">
        <Figure
          label="Notes"
          value={t.notes}
          hint={`${t.byKind.customer} customers · ${t.byKind.supplier} suppliers · ${t.byKind.colleague} colleagues`}
        />
        <Figure label="Answered" value={t.notes - t.byOutcome.none} hint="recorded by hand" />
        <Figure label="Quiet customers who ordered again" value={t.accountsReactivated} />
        <Figure label="New quotes after a note" value={t.newQuotes} />
        <Figure label="Revenue after notes" value={formatMoney(t.revenueAfterNotes, t.currency)} hint="credited to each account’s team" />
        <Figure label="Replies and calls" value={t.byOutcome.replied + t.byOutcome.called_back} />
      </SimpleGrid>
    </Stack>
  );
}

function Writers({ h }: { h: Habits }) {
  return (
    <Stack gap="xs">
      <Title order={3} fz="h4">
        Who writes
      </Title>
      <ScrollArea>
        <Table striped miw={480} data-testid="habits-writers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th ta="right">This week</Table.Th>
              <Table.Th ta="right">Days in a row</Table.Th>
              <Table.Th ta="right">Notes ({h.windowDays} days)</Table.Th>
              <Table.Th ta="right">With an answer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {h.writers.map((w) => (
              <Table.Tr key={w.user.id}>
                <Table.Td>{w.user.name}</Table.Td>
                <Table.Td ta="right">{w.thisWeek}</Table.Td>
                <Table.Td ta="right">{w.streak}</Table.Td>
                <Table.Td ta="right">{w.notes}</Table.Td>
                <Table.Td ta="right">{w.withOutcome}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}

function NoteRow({ note }: { note: ThankYouNote }) {
  const record = useRecordOutcome(note.id);
  return (
    <Table.Tr>
      <Table.Td>{formatDate(note.writtenOn)}</Table.Td>
      <Table.Td>{note.author.name}</Table.Td>
      <Table.Td>
        {note.accountId ? (
          <Anchor component={Link} to={`/accounts/${note.accountId}`}>
            {note.recipientName}
          </Anchor>
        ) : (
          note.recipientName
        )}
        {note.contactName && (
          <Text size="xs" c="dimmed">
            {note.contactName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`What came back from the note to ${note.recipientName}`}
          size="xs"
          w={170}
          value={note.outcome}
          allowDeselect={false}
          disabled={record.isPending}
          data={NOTE_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_WORDS[o] }))}
          onChange={(v) => v && record.mutate({ outcome: v })}
        />
        {note.proposedFollowUp && (
          <Button
            size="compact-xs"
            variant="light"
            mt={4}
            loading={record.isPending}
            onClick={() => record.mutate({ followUp: note.proposedFollowUp! })}
          >
            Add a follow-up for {formatDate(note.proposedFollowUp.dueOn)}
          </Button>
        )}
      </Table.Td>
      <Table.Td>
        {note.attributed ? (
          <Badge variant="light" color="green">
            {note.attributed.kind === 'order' ? 'Order' : 'Quote'} {note.attributed.number} ·{' '}
            {formatMoney(note.attributed.amount, note.attributed.currency)}
          </Badge>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RecentNotes({ mine }: { mine: boolean }) {
  const notes = useNotes(mine ? { mine: 'true' } : {});
  if (notes.isLoading) return <Loader size="sm" aria-label="Loading the notes" />;
  const items = notes.data?.items ?? [];
  return (
    <ScrollArea>
      <Table miw={720} data-testid="habits-notes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Written</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>What came back</Table.Th>
            <Table.Th>Quote or order within the window</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  No notes yet. Today’s note waits in My day.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            items.map((n) => <NoteRow key={n.id} note={n} />)
          )}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

export function HabitsPage() {
  const [state, setState] = useUrlState(['asOf', 'who'] as const);
  const habits = useHabits(state.asOf);
  const h = habits.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={2}>Thank-you notes</Title>
        <TextInput
          type="date"
          label="As of"
          value={state.asOf ?? ''}
          onChange={(e) => setState({ asOf: e.currentTarget.value || null })}
          w={170}
        />
      </Group>
      {habits.error && (
        <Alert color="red" title="Could not load the figures">
          {habits.error.message}
        </Alert>
      )}
      {!h ? (
        !habits.error && <Loader aria-label="Loading the figures" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="habits-me">
            <Figure label="My notes this week" value={h.me.thisWeek} hint={`since ${formatDate(h.weekStart)}`} />
            <Figure label="Days in a row" value={h.me.streak} hint="working days with a note" />
            <Figure label={`My notes (${h.windowDays} days)`} value={h.me.notes} />
            <Figure label="With an answer" value={h.me.withOutcome} />
          </SimpleGrid>
          <Team h={h} />
          <Writers h={h} />
        </>
      )}
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} fz="h4">
            Notes, newest first
          </Title>
          <Select
            aria-label="Whose notes"
            size="xs"
            w={150}
            value={state.who === 'mine' ? 'mine' : 'all'}
            allowDeselect={false}
            data={[
              { value: 'all', label: 'Everyone’s' },
              { value: 'mine', label: 'Mine' },
            ]}
            onChange={(v) => setState({ who: v === 'mine' ? 'mine' : null })}
          />
        </Group>
        <RecentNotes mine={state.who === 'mine'} />
      </Stack>
    </Stack>
  );
}
