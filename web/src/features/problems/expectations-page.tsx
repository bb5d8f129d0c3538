// The expectations report (docs/problems.md): problems by origin and by responsible person, the
// trend by month, and whether problems of an origin fell after its preventive actions. Every number
// opens the problems behind it. The charts' code loads with this page only.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Group, Loader, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ExpectationsReport } from '../../../../contract/problems';
import { formatDate } from '../../lib/format';
import { useUrlState } from '../../lib/use-url-state';
import { useExpectations } from './api';
import { monthBounds, originLabel, percentOf, problemsLink } from './model';

const KEYS = ['from', 'to', 'asOf'] as const;

export function ExpectationsPage() {
  const [state, setState] = useUrlState(KEYS);
  const report = useExpectations({ from: state.from, to: state.to, asOf: state.asOf });
  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz="h2">
          Where problems come from
        </Title>
        <Text size="sm" c="dimmed">
          Problems by where the expectation was set and who set it, and whether they fell after what was done to prevent them.
        </Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          label="From"
          w={170}
          value={state.from ?? ''}
          onChange={(e) => setState({ from: e.currentTarget.value || null })}
        />
        <TextInput
          type="date"
          label="To"
          w={170}
          value={state.to ?? ''}
          onChange={(e) => setState({ to: e.currentTarget.value || null })}
        />
      </Group>
      {report.isError && (
        <Alert color="red" title="Could not load the report">
          {report.error.message}
        </Alert>
      )}
      {!report.data ? !report.isError && <Loader aria-label="Loading the report" /> : <Report r={report.data} />}
    </Stack>
  );
}

/** A table of the report: its columns' words (and which hold numbers, aligned right), scrolling sideways on a phone. */
function ReportTable({
  testId,
  minWidth,
  head,
  children,
}: {
  testId: string;
  minWidth: number;
  head: [string, boolean][];
  children: ReactNode;
}) {
  return (
    <ScrollArea>
      <Table miw={minWidth} verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map(([label, isNumber]) => (
              <Table.Th key={label} ta={isNumber ? 'right' : undefined}>
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** A part of the report: its title, a bar chart of its counts when it has one, and its table. */
function Section({
  title,
  chart,
  children,
}: {
  title: string;
  chart?: { data: Record<string, string | number>[]; dataKey: string; color: string };
  children: ReactNode;
}) {
  return (
    <Stack gap="xs">
      <Title order={2} fz="h4">
        {title}
      </Title>
      {chart && (
        <Paper withBorder p="md">
          <BarChart h={200} data={chart.data} dataKey={chart.dataKey} series={[{ name: 'Problems', color: chart.color }]} />
        </Paper>
      )}
      {children}
    </Stack>
  );
}

function CountLink({ to, children, testId }: { to: string; children: string | number; testId?: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" data-testid={testId}>
      {children}
    </Anchor>
  );
}

function Report({ r }: { r: ExpectationsReport }) {
  const period = { from: r.from, to: r.to };
  if (r.total === 0)
    return (
      <Paper withBorder p="lg" data-testid="expectations-empty">
        <Text fw={600}>
          No problems reported from {formatDate(r.from)} to {formatDate(r.to)}.
        </Text>
      </Paper>
    );
  return (
    <Stack gap="lg">
      <Text size="sm">
        <CountLink to={problemsLink(period)}>{r.total}</CountLink> {r.total === 1 ? 'problem' : 'problems'} reported from{' '}
        {formatDate(r.from)} to {formatDate(r.to)}.
      </Text>
      <Section
        title="By origin"
        chart={{ data: r.byOrigin.map((o) => ({ origin: originLabel(o.origin), Problems: o.count })), dataKey: 'origin', color: 'red.7' }}
      >
        <ReportTable
          testId="by-origin"
          minWidth={420}
          head={[
            ['Where it comes from', false],
            ['Problems', true],
            ['Share', true],
          ]}
        >
          {r.byOrigin.map((o) => (
            <Table.Tr key={o.origin ?? 'none'}>
              <Table.Td>{originLabel(o.origin)}</Table.Td>
              <Table.Td ta="right">
                {o.origin ? <CountLink to={problemsLink({ ...period, origin: o.origin })}>{o.count}</CountLink> : o.count}
              </Table.Td>
              <Table.Td ta="right">{percentOf(o.share)}</Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      </Section>
      <Section
        title="By responsible person"
        chart={{
          data: r.byResponsible.map((p) => ({ person: p.responsible?.name ?? 'Nobody named', Problems: p.count })),
          dataKey: 'person',
          color: 'orange.7',
        }}
      >
        <ReportTable
          testId="by-responsible"
          minWidth={520}
          head={[
            ['Person', false],
            ['Problems', true],
            ['Share', true],
            ['Of which', false],
          ]}
        >
          {r.byResponsible.map((p) => (
            <Table.Tr key={p.responsible?.id ?? 'none'} data-testid="responsible-row">
              <Table.Td>{p.responsible?.name ?? 'Nobody named yet'}</Table.Td>
              <Table.Td ta="right">
                {p.responsible ? (
                  <CountLink to={problemsLink({ ...period, responsibleUserId: p.responsible.id })}>{p.count}</CountLink>
                ) : (
                  p.count
                )}
              </Table.Td>
              <Table.Td ta="right">{percentOf(p.share)}</Table.Td>
              <Table.Td>
                <Text size="xs">
                  {p.byOrigin.map((o, i) => (
                    <span key={o.origin ?? 'none'}>
                      {i > 0 && ' · '}
                      {p.responsible && o.origin ? (
                        <Anchor
                          component={Link}
                          size="xs"
                          to={problemsLink({ ...period, origin: o.origin, responsibleUserId: p.responsible.id })}
                        >
                          {o.count} {originLabel(o.origin).toLowerCase()}
                        </Anchor>
                      ) : (
                        `${o.count} ${originLabel(o.origin).toLowerCase()}`
                      )}
                    </span>
                  ))}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      </Section>
      <Section title="By month">
        <ReportTable
          testId="by-month"
          minWidth={420}
          head={[
            ['Month', false],
            ['Problems', true],
            ['Of which', false],
          ]}
        >
          {r.byMonth.map((m) => (
            <Table.Tr key={m.month}>
              <Table.Td>{m.month}</Table.Td>
              <Table.Td ta="right">
                {m.total > 0 ? <CountLink to={problemsLink(monthBounds(m.month, r.from, r.to))}>{m.total}</CountLink> : 0}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{m.byOrigin.map((o) => `${o.count} ${originLabel(o.origin).toLowerCase()}`).join(' · ')}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ReportTable>
      </Section>
      <Section title="After preventive actions">
        {r.preventiveActions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No preventive action done yet.
          </Text>
        ) : (
          <ReportTable
            testId="preventive-actions"
            minWidth={640}
            head={[
              ['Done', false],
              ['Action', false],
              [`${r.months} months before, per month`, true],
              ['After, per month', true],
              ['Fell?', false],
            ]}
          >
            {r.preventiveActions.map((a) => (
              <Table.Tr key={a.problemId}>
                <Table.Td>{formatDate(a.doneOn)}</Table.Td>
                <Table.Td maw={320}>
                  <Anchor component={Link} to={`/problems/${a.problemId}`} size="sm">
                    {a.action}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {originLabel(a.origin)}
                    {a.owner ? ` · ${a.owner.name}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <CountLink to={problemsLink({ origin: a.origin, from: a.before.from, to: a.before.to })}>{a.before.count}</CountLink> (
                  {a.before.perMonth})
                </Table.Td>
                <Table.Td ta="right">
                  <CountLink to={problemsLink({ origin: a.origin, from: a.after.from, to: a.after.to })}>{a.after.count}</CountLink> (
                  {a.after.perMonth})
                </Table.Td>
                <Table.Td>{a.fell === null ? '—' : a.fell ? 'Yes' : 'No'}</Table.Td>
              </Table.Tr>
            ))}
          </ReportTable>
        )}
      </Section>
    </Stack>
  );
}
