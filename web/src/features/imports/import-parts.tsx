// Pieces the Import page and the imports history share: status, counts, progress, bad rows.
import { Alert, Anchor, Badge, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { roundedSummary, type ImportProblem, type ImportRecord } from '../../../../contract/imports';
import { breakdownText } from './fields';
import { useSession } from '../../lib/session';

/** The roles the server lets import (src/http/routes/imports.ts). */
export const IMPORT_ROLES = ['admin', 'gm', 'operations'] as const;

/** Imports are for admins, GMs and operations: anyone else who follows a link gets a clear answer. */
export function RequireImporter({ title, children }: { title: string; children: ReactNode }) {
  const { hasRole } = useSession();
  if (hasRole(...IMPORT_ROLES)) return <>{children}</>;
  return (
    <Stack maw={560}>
      <Title order={1} fz="h2">
        {title}
      </Title>
      <Alert color="gray" variant="light" title="Imports need the Admin, General manager or Operations role">
        Ask an administrator to import the file for you, or to give you one of these roles.
      </Alert>
    </Stack>
  );
}

const STATUS: Record<ImportRecord['status'], { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray' },
  running: { label: 'Running', color: 'blue' },
  succeeded: { label: 'Succeeded', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  rejected: { label: 'Rejected (bad rows)', color: 'orange' },
};

export function ImportStatusBadge({ record }: { record: ImportRecord }) {
  const s = STATUS[record.status] ?? { label: record.status, color: 'gray' };
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={s.color} variant="light">
        {s.label}
      </Badge>
      {record.isDryRun && (
        <Badge color="gray" variant="outline">
          Dry run
        </Badge>
      )}
    </Group>
  );
}

/** "Would create 3 · update 0 · unchanged 0" (dry run) or "Created 3 · …"; a sales import's count its lines, after what it did to each kind of record. */
export function ImportCounts({ record, dryRun }: { record: ImportRecord; dryRun?: boolean }) {
  const breakdown = breakdownText(record, dryRun);
  const [created, updated, unchanged] = breakdown
    ? [dryRun ? 'Lines to create' : 'Lines created', dryRun ? 'Lines to update' : 'Lines updated', 'Lines unchanged']
    : [dryRun ? 'Would create' : 'Created', dryRun ? 'Would update' : 'Updated', 'Unchanged'];
  const items = [
    { label: created, value: record.created, testid: 'count-created' },
    { label: updated, value: record.updated, testid: 'count-updated' },
    { label: unchanged, value: record.unchanged, testid: 'count-unchanged' },
    { label: dryRun ? 'Bad rows' : 'Skipped (bad)', value: record.rejected, testid: 'count-rejected' },
  ];
  const rounded = roundedSummary(record.rounded, dryRun);
  return (
    <>
      {breakdown && (
        <Text fw={600} mb="xs" data-testid="breakdown">
          {breakdown}
        </Text>
      )}
      <Group gap="xl">
        {items.map((i) => (
          <div key={i.label}>
            <Text size="xs" c="dimmed">
              {i.label}
            </Text>
            <Text fw={700} fz="xl" data-testid={i.testid}>
              {i.value.toLocaleString()}
            </Text>
          </div>
        ))}
        <div>
          <Text size="xs" c="dimmed">
            Rows in the file
          </Text>
          <Text fw={700} fz="xl">
            {record.totalRows.toLocaleString()}
          </Text>
        </div>
      </Group>
      {rounded && (
        <Text size="sm" mt="xs" data-testid="rounded-summary">
          {rounded}.
        </Text>
      )}
    </>
  );
}

/** While the server works: a bar (exact when it knows the row count), and a way to leave. */
export function ImportProgress({ record, dryRun, queuedId }: { record: ImportRecord | null; dryRun: boolean; queuedId: string | null }) {
  const done = record ? record.created + record.updated + record.unchanged + record.rejected : 0;
  const pct = record && record.totalRows > 0 ? Math.min(100, (done / record.totalRows) * 100) : null;
  return (
    <Stack gap={6} role="status" aria-live="polite" data-testid="import-progress">
      <Text size="sm">
        {dryRun ? 'Checking the file…' : 'Importing…'}
        {record &&
          ` ${record.status === 'queued' ? 'waiting to start' : `${done.toLocaleString()} of ${record.totalRows ? record.totalRows.toLocaleString() : '?'} rows`}`}
      </Text>
      <Progress
        value={pct ?? 100}
        striped
        animated={pct === null || pct < 100}
        aria-label={dryRun ? 'Dry run progress' : 'Import progress'}
      />
      {queuedId && (
        <Text size="xs" c="dimmed">
          It runs on the server: you can leave this page and follow it from{' '}
          <Anchor component={Link} to={`/imports/${queuedId}`} size="xs">
            its import record
          </Anchor>
          .
        </Text>
      )}
    </Stack>
  );
}

export function ProblemsTable({ problems }: { problems: ImportProblem[] }) {
  return (
    <Table.ScrollContainer minWidth={600} maxHeight={420}>
      <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid="import-problems">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Line</Table.Th>
            <Table.Th w={170}>Column</Table.Th>
            <Table.Th w={200}>Value</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {problems.map((p, i) => (
            <Table.Tr key={i} data-testid="import-problem-row">
              <Table.Td>{p.line}</Table.Td>
              <Table.Td ff="monospace">{p.column}</Table.Td>
              <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                {p.value === '' ? (
                  <Text span c="dimmed" size="sm">
                    (empty)
                  </Text>
                ) : (
                  p.value
                )}
              </Table.Td>
              <Table.Td>{p.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
