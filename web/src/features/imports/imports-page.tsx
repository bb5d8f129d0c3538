// The imports history (who imported what, when, with which result) and one import's record.
import { Alert, Anchor, Button, Chip, Code, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { IMPORT_KIND_VALUES } from '../../../../contract/imports';
import { formatDateTime, formatRelative } from '../../lib/format';
import { ListError, Pager, useCursorPaging } from '../../lib/list-controls';
import { TableMessage } from '../../lib/table-message';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { KINDS, breakdownText } from './fields';
import { ImportCounts, ImportProgress, ImportStatusBadge, ProblemsTable, RequireImporter } from './import-parts';
import { isFinished, useImport, useImports } from './api';

const KEYS = ['kind', 'cursor', 'prev'] as const;
const COLS = 7;
const kindLabel = (k: string) => KINDS.find((x) => x.kind === k)?.label ?? k;
/** What an import brought in, in words: a sales export's label says how it is shaped, not what it holds. */
const kindWhat = (k: string) => (k === 'sales' ? 'Customers, orders and lines' : kindLabel(k));

export function ImportsPage() {
  return (
    <RequireImporter title="Imports">
      <ImportsList />
    </RequireImporter>
  );
}

function ImportsList() {
  const [state, setState] = useUrlState(KEYS);
  const paging = useCursorPaging(state, setState);
  const query = { kind: oneOf(IMPORT_KIND_VALUES, state.kind), cursor: state.cursor, limit: 50 };
  const list = useImports(query);
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} fz="h2">
          Imports
        </Title>
        <Button component={Link} to="/imports/new" data-testid="new-import">
          Import a file
        </Button>
      </Group>
      <Group gap={6} role="group" aria-label="Filter by kind">
        <Chip size="sm" variant="outline" checked={!state.kind} onChange={() => setState({ kind: null })}>
          Any kind
        </Chip>
        {KINDS.map((k) => (
          <Chip
            key={k.kind}
            size="sm"
            variant="outline"
            checked={state.kind === k.kind}
            onChange={(v) => setState({ kind: v ? k.kind : null })}
          >
            {k.label}
          </Chip>
        ))}
      </Group>
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="imports-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Rows</Table.Th>
              <Table.Th>Created · updated · unchanged · bad</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && <TableMessage colSpan={COLS}>Loading imports…</TableMessage>}
            {list.isError && (
              <TableMessage colSpan={COLS}>
                <ListError what="imports" error={list.error} onFirstPage={() => setState({ cursor: null, prev: null })} />
              </TableMessage>
            )}
            {list.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed" size="sm">
                  {state.kind ? `No imports of ${kindWhat(state.kind).toLowerCase()} yet.` : 'Nothing imported yet.'}{' '}
                  <Anchor component={Link} to="/imports/new">
                    Import your customers from a CSV file or Excel workbook
                  </Anchor>{' '}
                  to start.
                </Text>
              </TableMessage>
            )}
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid="import-row">
                <Table.Td title={formatDateTime(r.startedAt)}>
                  <Anchor component={Link} to={`/imports/${r.id}`} size="sm">
                    {formatRelative(r.startedAt)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.createdBy?.name ?? r.source}</Table.Td>
                <Table.Td>{kindLabel(r.kind)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{r.fileName}</Table.Td>
                <Table.Td>
                  <ImportStatusBadge record={r} />
                </Table.Td>
                <Table.Td ta="right">{r.totalRows.toLocaleString()}</Table.Td>
                <Table.Td>
                  {r.created} · {r.updated} · {r.unchanged} · {r.rejected}
                  {breakdownText(r, r.isDryRun) && (
                    <Text size="xs" c="dimmed" data-testid="import-row-breakdown">
                      {breakdownText(r, r.isDryRun)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager paging={paging} nextCursor={list.data?.nextCursor} shown={items.length} isBusy={list.isFetching} />
    </Stack>
  );
}

export function ImportDetailPage() {
  return (
    <RequireImporter title="Import">
      <ImportDetail />
    </RequireImporter>
  );
}

function ImportDetail() {
  const { id = '' } = useParams();
  const one = useImport(id);
  if (one.isLoading) return <Loader aria-label="Loading the import" />;
  if (one.isError) {
    return (
      <Alert color="red" title="Could not load this import">
        {one.error.message}
      </Alert>
    );
  }
  const r = one.data!;
  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/imports" size="sm">
        ← Imports
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} fz="h2" style={{ wordBreak: 'break-all' }}>
            {kindWhat(r.kind)} from {r.fileName}
          </Title>
          <Text size="sm" c="dimmed">
            {r.isDryRun ? 'Dry run' : 'Import'} by {r.createdBy?.name ?? r.source} · started {formatDateTime(r.startedAt)}
            {r.finishedAt && ` · finished ${formatDateTime(r.finishedAt)}`}
          </Text>
        </div>
        <ImportStatusBadge record={r} />
      </Group>
      {!isFinished(r) && <ImportProgress record={r} dryRun={r.isDryRun} queuedId={null} />}
      {r.error && (
        <Alert color="red" variant="light" title="The import failed">
          {r.error}
        </Alert>
      )}
      <Paper withBorder p="md" data-testid="import-record-counts">
        <ImportCounts record={r} dryRun={r.isDryRun} />
      </Paper>
      <Text size="xs" c="dimmed">
        File SHA-256 <Code>{r.fileHash}</Code> · source {r.source}
      </Text>
      <div>
        <Title order={2} fz="h4" mb="xs">
          Problems
        </Title>
        {r.problems.length === 0 ? (
          <Text size="sm" c="dimmed">
            No bad rows.
          </Text>
        ) : (
          <>
            {r.rejected > r.problems.length && (
              <Text size="sm" mb="xs">
                The first {r.problems.length} of {r.rejected} bad rows:
              </Text>
            )}
            <ProblemsTable problems={r.problems} />
          </>
        )}
      </div>
    </Stack>
  );
}
