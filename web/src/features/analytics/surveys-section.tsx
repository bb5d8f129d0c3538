// "What customers say" on the dashboard (docs/surveys.md "Figures"): survey scores by touchpoint and
// overall for the dashboard's period, and how many detractors were called back within one business day.
import { Alert, Loader, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { SurveyFiguresSchema, SurveyScores } from '../../../../contract/surveys';
import { get, type Answer } from '../../lib/api';
import type { FigureView } from './api';
import { ofText, percent } from './model';

const TOUCHPOINT_LABELS: Record<string, string> = {
  first_order: 'First order',
  delivery: 'Delivery',
  scheduling: 'Scheduling',
  installation: 'Installation',
  training: 'Training',
  technical_support: 'Technical support',
  contracts: 'Service contract',
  parts_consumables: 'Parts and consumables',
  custom: 'Other surveys',
};

const num = (n: number | null, digits = 1) => (n === null ? '—' : n.toFixed(digits));

function Row({ label, s }: { label: string; s: SurveyScores }) {
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">
        {s.answers}{' '}
        <Text span size="xs" c="dimmed">
          ({percent(s.responseRate.rate)} of {s.sent} sent)
        </Text>
      </Table.Td>
      <Table.Td ta="right">{num(s.csat.mean)}</Table.Td>
      <Table.Td ta="right">{s.nps.score === null ? '—' : Math.round(s.nps.score)}</Table.Td>
      <Table.Td ta="right">{num(s.ces.mean)}</Table.Td>
      <Table.Td ta="right">{s.detractors}</Table.Td>
    </Table.Tr>
  );
}

export function SurveysSection({ view }: { view: FigureView }) {
  const q = useQuery({
    queryKey: ['analytics', 'surveys', view.asOf, view.from, view.to],
    queryFn: () => get<Answer<typeof SurveyFiguresSchema>>('/analytics/surveys', { asOf: view.asOf, from: view.from, to: view.to }),
  });
  if (q.isLoading) return <Loader size="sm" aria-label="Loading the survey figures" />;
  if (q.isError || !q.data) return <Alert color="red">Could not load the survey figures: {q.error?.message}</Alert>;
  const f = q.data;
  if (f.overall.sent === 0 && f.overall.answers === 0)
    return (
      <Text size="sm" c="dimmed">
        No survey sent in this period. A survey step of a playbook, or the Surveys tab of an account, sends one.
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="survey-figures">
      <Text size="sm">
        Detractors called back within one business day: <b>{percent(f.overall.calledBackInTime.rate)}</b> (
        {ofText(f.overall.calledBackInTime)}).
      </Text>
      <ScrollArea>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Touchpoint</Table.Th>
              <Table.Th ta="right">Answers</Table.Th>
              <Table.Th ta="right">CSAT (1–5)</Table.Th>
              <Table.Th ta="right">NPS</Table.Th>
              <Table.Th ta="right">CES (1–7, lower is easier)</Table.Th>
              <Table.Th ta="right">Detractors</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.byTouchpoint.map((t) => (
              <Row key={t.touchpoint} label={TOUCHPOINT_LABELS[t.touchpoint] ?? t.touchpoint} s={t} />
            ))}
            <Row label="All surveys" s={f.overall} />
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
