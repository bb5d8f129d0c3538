// "Does the practice work?" on the dashboard (docs/analytics.md): per playbook and per step, how many
// first-time buyers came back when the steps were done on time, against the others — with the counts,
// so a small sample reads as small, and every share a link to its accounts.
import { Alert, Anchor, Loader, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { PracticeOutcome } from '../../../../contract/analytics';
import { usePractice, type FigureView, type PracticeSide } from './api';
import { comparisonWords, ofText, percent, practiceLink, SMALL_SAMPLE } from './model';

export function PracticeSection({ view }: { view: FigureView }) {
  const practice = usePractice(view);
  if (practice.isError)
    return (
      <Alert color="red" title="Could not load this comparison">
        {practice.error.message}
      </Alert>
    );
  if (!practice.data) return <Loader size="sm" aria-label="Loading the comparison" />;
  const { playbooks } = practice.data;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        First orders whose playbook steps were all done on time, against those with a step done late, skipped or still overdue: how many of
        those customers ordered again. Fewer than {SMALL_SAMPLE} on a side is a small sample.
      </Text>
      {playbooks.length === 0 && <Text size="sm">No first order in this view has had a playbook run yet.</Text>}
      {playbooks.map((p) => (
        <Paper key={p.key} withBorder p="md" data-testid={`practice-${p.key}`}>
          <Title order={4} size="h5">
            {p.name}
          </Title>
          <Text size="sm" mb="xs">
            {comparisonWords(p.kept.secondOrderConversion, p.missed.secondOrderConversion)}
          </Text>
          <ScrollArea>
            <Table miw={560} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Step</Table.Th>
                  <Table.Th ta="right">Came back when done on time</Table.Th>
                  <Table.Th ta="right">When late, skipped or overdue</Table.Th>
                  <Table.Th ta="right">Difference</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Row title="Every step" kept={p.kept} missed={p.missed} side={{ ...view, playbook: p.key, side: 'kept' }} isStrong />
                {p.steps.map((s) => (
                  <Row
                    key={s.key}
                    title={s.title}
                    kept={s.kept}
                    missed={s.missed}
                    side={{ ...view, playbook: p.key, step: s.key, side: 'kept' }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      ))}
    </Stack>
  );
}

function Row({
  title,
  kept,
  missed,
  side,
  isStrong = false,
}: {
  title: string;
  kept: PracticeOutcome;
  missed: PracticeOutcome;
  side: PracticeSide;
  isStrong?: boolean;
}) {
  const k = kept.secondOrderConversion;
  const m = missed.secondOrderConversion;
  const gap = k.rate === null || m.rate === null ? null : Math.round((k.rate - m.rate) * 100);
  return (
    <Table.Tr>
      <Table.Td fw={isStrong ? 600 : undefined}>{title}</Table.Td>
      <Table.Td ta="right">
        <Share outcome={kept} to={practiceLink({ ...side, side: 'kept' })} label={`${title}, done on time`} />
      </Table.Td>
      <Table.Td ta="right">
        <Share outcome={missed} to={practiceLink({ ...side, side: 'missed' })} label={`${title}, late, skipped or overdue`} />
      </Table.Td>
      <Table.Td ta="right">
        {gap === null ? '—' : `${gap > 0 ? '+' : ''}${gap} points`}
        {(k.denominator < SMALL_SAMPLE || m.denominator < SMALL_SAMPLE) && gap !== null && (
          <Text span size="xs" c="dimmed">
            {' '}
            (small sample)
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function Share({ outcome, to, label }: { outcome: PracticeOutcome; to: string; label: string }) {
  const r = outcome.secondOrderConversion;
  if (r.denominator === 0)
    return (
      <Text span size="sm" c="dimmed">
        none
      </Text>
    );
  const days = outcome.medianDaysToSecondOrder === null ? '' : `, median ${outcome.medianDaysToSecondOrder} days`;
  return (
    <Anchor
      component={Link}
      to={to}
      size="sm"
      title={`${ofText(r)} came back${days}`}
      aria-label={`${label}: ${percent(r.rate)} came back (${ofText(r)}${days}), show the accounts`}
    >
      {percent(r.rate)} ({ofText(r)})
    </Anchor>
  );
}
