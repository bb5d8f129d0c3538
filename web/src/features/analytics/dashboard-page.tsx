// The GM's Monday (docs/ux.md): the first screenful answers whether first orders go out on time and
// whether first-time buyers come back; then who needs a call, quotes won by rep, and revenue.
// Every number links to the rows behind it. The charts' code loads with this page only.
import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Alert, Anchor, Group, Loader, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Dashboard, DashboardMonth, FigureKey, Kpis, Ratio } from '../../../../contract/analytics';
import { StaffSelect } from '../../components/staff-select';
import { formatMoney } from '../../lib/format';
import { useUrlState } from '../../lib/use-url-state';
import { useDashboard, useKpis, useLateNotices, type FigureView } from './api';
import { FIGURE_TITLES, monthLabel, ofText, percent, rowsLink, VIEW_KEYS, viewOf } from './model';
import { PracticeSection } from './practice-section';
import { ExecutiveCallsSection } from '../journeys/executive-calls-section';
import { AdvocacySection } from '../referrals/advocacy-section';
import { SurveysSection } from './surveys-section';
import { useHabits } from '../thank-you-notes/api';

export function DashboardPage() {
  const [state, setState] = useUrlState(VIEW_KEYS);
  const view = viewOf(state);
  const kpis = useKpis(view);
  const dashboard = useDashboard(view);
  const error = kpis.error ?? dashboard.error;

  return (
    <Stack gap="lg">
      <Title order={2}>Dashboard</Title>
      <ViewPicker view={view} onChange={setState} />
      <Anchor component={Link} to="/dashboard/expectations" size="sm" data-testid="expectations-link">
        Where customers are unhappy, and why: problems by origin and by the person who set the expectation
      </Anchor>
      {error && (
        <Alert color="red" title="Could not load the figures">
          {error.message}
        </Alert>
      )}
      {!kpis.data || !dashboard.data ? (
        !error && <Loader aria-label="Loading the figures" />
      ) : (
        <Figures k={kpis.data} months={dashboard.data.months} view={view} dashboard={dashboard.data} />
      )}
    </Stack>
  );
}

function ViewPicker({
  view,
  onChange,
}: {
  view: FigureView;
  onChange: (patch: Partial<Record<(typeof VIEW_KEYS)[number], string | null>>) => void;
}) {
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        type="date"
        label="As of"
        value={view.asOf ?? ''}
        onChange={(e) => onChange({ asOf: e.currentTarget.value || null })}
        w={170}
      />
      <TextInput
        type="date"
        label="Period from"
        value={view.from ?? ''}
        onChange={(e) => onChange({ from: e.currentTarget.value || null })}
        w={170}
      />
      <TextInput
        type="date"
        label="Period to"
        value={view.to ?? ''}
        onChange={(e) => onChange({ to: e.currentTarget.value || null })}
        w={170}
      />
      <StaffSelect
        label="Rep"
        placeholder="Every rep"
        role="sales"
        value={view.rep ?? null}
        onChange={(rep) => onChange({ rep })}
        w={220}
      />
    </Group>
  );
}

function Figures({ k, months, view, dashboard }: { k: Kpis; months: DashboardMonth[]; view: FigureView; dashboard: Dashboard }) {
  const link = (figure: FigureKey, narrow: { rep?: string; month?: string } = {}) => rowsLink(figure, view, narrow);
  const cohorts = months.filter((m) => m.secondOrderConversion.denominator > 0);
  const firstOnTime = months.filter((m) => m.firstOrderOnTime.denominator > 0);
  const money = (amount: string) => formatMoney(amount, k.currency);
  return (
    <Stack gap="xl">
      <Text size="sm" c="dimmed">
        As of {k.asOf}, {k.from ? `orders and quotes from ${k.from} to ${k.to}` : 'all time'}
        {k.rep ? ', one rep’s accounts' : ''}.
      </Text>

      <Section title="Are first orders going out on time?">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat
            label={FIGURE_TITLES.firstOrderOnTime}
            value={percent(k.firstOrderOnTime.rate)}
            detail={`${ofText(k.firstOrderOnTime)} first orders`}
            to={link('firstOrderOnTime')}
            testId="stat-firstOrderOnTime"
          />
          <Stat
            label={FIGURE_TITLES.onTime}
            value={percent(k.onTime.rate)}
            detail={`${ofText(k.onTime)} orders`}
            to={link('onTime')}
            testId="stat-onTime"
          />
          <LateNoticeStat view={view} />
        </SimpleGrid>
        {firstOnTime.length > 0 && (
          <MonthChart
            title="First orders on time, by month placed"
            kind="bar"
            data={firstOnTime.map((m) => ({ month: monthLabel(m.month), 'On time %': pct(m.firstOrderOnTime.rate) }))}
            series="On time %"
            rows={firstOnTime.map((m) => ({ month: m.month, ratio: m.firstOrderOnTime, to: link('firstOrderOnTime', { month: m.month }) }))}
          />
        )}
      </Section>

      <Section title="Are first-time buyers coming back?">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat
            label={FIGURE_TITLES.secondOrderConversion}
            value={percent(k.secondOrderConversion.rate)}
            detail={`${ofText(k.secondOrderConversion)} accounts`}
            to={link('secondOrderConversion')}
            testId="stat-secondOrderConversion"
          />
          <Stat
            label="Median days to the second order"
            value={k.medianDaysToSecondOrder === null ? '—' : String(k.medianDaysToSecondOrder)}
            detail={`over ${k.secondOrderConversion.numerator} accounts that came back`}
            to={link('medianDaysToSecondOrder')}
            testId="stat-medianDaysToSecondOrder"
          />
        </SimpleGrid>
        {cohorts.length > 0 && (
          <MonthChart
            title="Ordered again, by month of the first order"
            kind="line"
            data={cohorts.map((m) => ({ month: monthLabel(m.month), 'Came back %': pct(m.secondOrderConversion.rate) }))}
            series="Came back %"
            rows={cohorts.map((m) => ({
              month: m.month,
              ratio: m.secondOrderConversion,
              extra: m.medianDaysToSecondOrder === null ? '' : `median ${m.medianDaysToSecondOrder} days`,
              to: link('secondOrderConversion', { month: m.month }),
            }))}
          />
        )}
      </Section>

      <Section title="Does the practice work?">
        <PracticeSection view={view} />
      </Section>

      <Section title="What customers say">
        <SurveysSection view={view} />
      </Section>

      <Section title="Executive calls this quarter">
        <ExecutiveCallsSection asOf={view.asOf} />
      </Section>

      <Section title="Testimonials and referrals">
        <AdvocacySection view={view} />
      </Section>

      <Section title="Who needs a call">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat
            label={FIGURE_TITLES.neglectedAccounts}
            value={String(k.neglectedAccounts)}
            detail="no order for longer than the neglect window"
            to={link('neglectedAccounts')}
            testId="stat-neglectedAccounts"
          />
          <Stat
            label={FIGURE_TITLES.rhythmOverdueAccounts}
            value={String(k.rhythmOverdueAccounts)}
            detail="silent for longer than their usual rhythm"
            to={link('rhythmOverdueAccounts')}
            testId="stat-rhythmOverdueAccounts"
          />
        </SimpleGrid>
      </Section>

      <Section title="Thank-you notes and what came back">
        <NotesStats asOf={view.asOf} money={money} />
      </Section>

      <Section title="Quotes won, by rep">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat
            label={FIGURE_TITLES.quoteHitRatio}
            value={percent(k.quoteHitRatio.rate)}
            detail={`${ofText(k.quoteHitRatio)} decided · ${percent(k.quoteHitRatio.byValue.rate)} by value`}
            to={link('quoteHitRatio')}
            testId="stat-quoteHitRatio"
          />
        </SimpleGrid>
        {k.byRep.some((r) => r.quoteHitRatio.denominator > 0) && (
          <Paper withBorder p="md">
            <BarChart
              h={220}
              data={k.byRep
                .filter((r) => r.quoteHitRatio.denominator > 0)
                .map((r) => ({ rep: r.repName, 'Won %': pct(r.quoteHitRatio.rate) }))}
              dataKey="rep"
              series={[{ name: 'Won %', color: 'indigo.7' }]}
              yAxisProps={{ domain: [0, 100] }}
            />
          </Paper>
        )}
        <ScrollArea>
          <Table miw={560} verticalSpacing={4} data-testid="by-rep">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rep</Table.Th>
                <Table.Th ta="right">Quotes won</Table.Th>
                <Table.Th ta="right">First orders on time</Table.Th>
                <Table.Th ta="right">Came back</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {k.byRep.map((r) => (
                <Table.Tr key={r.repId}>
                  <Table.Td>{r.repName}</Table.Td>
                  <Table.Td ta="right">
                    <Anchor component={Link} to={link('quoteHitRatio', { rep: r.repId })} size="sm">
                      {percent(r.quoteHitRatio.rate)} ({ofText(r.quoteHitRatio)})
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Anchor component={Link} to={link('firstOrderOnTime', { rep: r.repId })} size="sm">
                      {percent(r.firstOrderOnTime.rate)} ({ofText(r.firstOrderOnTime)})
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Anchor component={Link} to={link('secondOrderConversion', { rep: r.repId })} size="sm">
                      {percent(r.secondOrderConversion.rate)} ({ofText(r.secondOrderConversion)})
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    <Anchor component={Link} to={link('revenue', { rep: r.repId })} size="sm">
                      {money(r.revenue)}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Section>

      <Section title="Revenue">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stat
            label={FIGURE_TITLES.revenue}
            value={money(k.revenue)}
            detail={`of which repeat business ${money(dashboard.repeatRevenue)}`}
            to={link('revenue')}
            testId="stat-revenue"
          />
          <Stat
            label="Customers kept over 12 months"
            value={percent(dashboard.retention.customers.rate)}
            detail={`${ofText(dashboard.retention.customers)} who ordered the year before ordered again`}
          />
          <Stat
            label="Their revenue, year on year"
            value={percent(dashboard.retention.revenue.rate)}
            detail={`${money(dashboard.retention.revenue.numerator)} against ${money(dashboard.retention.revenue.denominator)}`}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="revenue-by-category">
          <Stat
            label="Service contracts"
            value={money(dashboard.revenueByCategory.service_contract)}
            detail="orders of the period that sold a service contract"
          />
          <Stat
            label="Parts and consumables"
            value={money(dashboard.revenueByCategory.parts_consumables)}
            detail="orders of the period that sold parts or consumables"
          />
          <Stat label="Repairs" value={money(dashboard.revenueByCategory.repair)} detail="orders of the period that sold a repair" />
        </SimpleGrid>
      </Section>
    </Stack>
  );
}

/** P4.1–2: the team's notes of the attribution window up to asOf, and what came back (the habits page has each writer). */
function NotesStats({ asOf, money }: { asOf: string | undefined; money: (amount: string) => string }) {
  const habits = useHabits(asOf);
  if (!habits.data) return null;
  const { team, windowDays } = habits.data;
  const answered = Object.entries(team.byOutcome).reduce((n, [outcome, count]) => (outcome === 'none' ? n : n + count), 0);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="notes-stats">
        <Stat
          label="Thank-you notes"
          value={String(team.notes)}
          detail={`in the ${windowDays} days up to the as-of day · ${answered} answered`}
          to={`/habits${asOf ? `?asOf=${asOf}` : ''}`}
        />
        <Stat
          label="Quiet customers who ordered again"
          value={String(team.accountsReactivated)}
          detail={`after a note · ${team.newQuotes} new quotes`}
        />
        <Stat label="Orders after notes" value={money(team.revenueAfterNotes)} detail="credited to the account's team, never one writer" />
      </SimpleGrid>
    </Stack>
  );
}

/** P2.1: of the late orders, how many customers heard it from us before the promised date passed. */
function LateNoticeStat({ view }: { view: FigureView }) {
  const late = useLateNotices(view);
  if (!late.data) return null;
  const { share } = late.data;
  return (
    <Stat
      label="Late orders told in advance"
      value={percent(share.rate)}
      detail={
        share.denominator === 0 ? 'no late order in this view' : `${ofText(share)} late orders had their notice sent by the promised date`
      }
      testId="stat-lateNotices"
    />
  );
}

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 100));

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={3} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Stat({ label, value, detail, to, testId }: { label: string; value: string; detail: string; to?: string; testId?: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} fz={28} fw={700} aria-label={`${label}: ${value}, show the rows`}>
          {value}
        </Anchor>
      ) : (
        <Text fz={28} fw={700}>
          {value}
        </Text>
      )}
      <Text size="sm">{detail}</Text>
    </Paper>
  );
}

function MonthChart({
  title,
  kind,
  data,
  series,
  rows,
}: {
  title: string;
  kind: 'bar' | 'line';
  data: Record<string, string | number | null>[];
  series: string;
  rows: { month: string; ratio: Ratio; extra?: string; to: string }[];
}) {
  const chart = { h: 220, data, dataKey: 'month', series: [{ name: series, color: 'teal.8' }], yAxisProps: { domain: [0, 100] } };
  return (
    <Paper withBorder p="md">
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      {kind === 'bar' ? <BarChart {...chart} /> : <LineChart {...chart} connectNulls curveType="linear" />}
      <ScrollArea mt="sm">
        <Group gap="xs" wrap="nowrap" pb="xs">
          {rows.map((r) => (
            <Anchor key={r.month} component={Link} to={r.to} size="xs" style={{ whiteSpace: 'nowrap' }} title={r.extra}>
              {monthLabel(r.month)}: {ofText(r.ratio)}
            </Anchor>
          ))}
        </Group>
      </ScrollArea>
    </Paper>
  );
}
