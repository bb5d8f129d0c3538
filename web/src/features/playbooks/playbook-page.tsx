import { Alert, Anchor, Badge, Code, Group, Loader, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { triggerEvents, type PlaybookStep } from '../../../../contract/playbooks';
import { ApiError } from '../../lib/api';
import { formatDateTime, ORDER_STATUS_LABELS } from '../../lib/format';
import { useSession } from '../../lib/session';
import { LockIcon } from '../tasks/lock-icon';
import { roleLabel } from '../tasks/model';
import { usePlaybook } from './api';
import { conditionSentence } from './condition-words';
import { formatDuration, triggerWords } from './model';
import { useSettings } from '../admin/api';
import { PlaybookEditor } from './playbook-editor';
import { RunsTable } from './runs-page';

function roleText(role: string): string {
  return role.startsWith('account_team:') ? `the account’s ${roleLabel(role)}` : roleLabel(role);
}

function evidenceText(s: PlaybookStep): string {
  const e = s.evidence;
  const parts: string[] = [];
  if (e.note) parts.push('a note');
  if (e.checklist?.length) parts.push(`checklist (${e.checklist.length} items)`);
  if (e.callOutcome) parts.push(e.quoteOutcome ? 'call outcome (and where the quote stands)' : 'call outcome');
  if (e.signoffs)
    parts.push(
      `${e.signoffs.count} distinct sign-off${e.signoffs.count === 1 ? '' : 's'} by ${e.signoffs.roles.map(roleLabel).join(' or ')}${e.signoffs.mustInclude ? `, incl. ${roleLabel(e.signoffs.mustInclude)}` : ''}`,
    );
  if (e.form === 'after_yes') parts.push('the after-yes form');
  if (e.form === 'product_check') parts.push('the product check form');
  return parts.join(', ') || '—';
}

function Steps({ steps }: { steps: PlaybookStep[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="playbook-steps">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Evidence</Table.Th>
            <Table.Th>Gate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((s) => (
            <Table.Tr key={s.key} data-testid="playbook-step">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {s.title}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {s.key} · {s.kind}
                  {s.until ? ` until ${s.until}` : ''}
                </Text>
                {s.guidance && (
                  <Text size="xs" mt={4} maw={520}>
                    {s.guidance}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{roleText(s.role)}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {formatDuration(s.due.offset)} after {s.due.after === 'trigger' ? 'the trigger' : <Code>{s.due.after}</Code>}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.due.businessDays ? 'business days' : 'calendar days'}
                  {s.requires.length ? ` · needs ${s.requires.join(', ')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{evidenceText(s)}</Text>
              </Table.Td>
              <Table.Td>
                {s.gate ? (
                  <Text size="sm" fw={600} c="grape.8" style={{ whiteSpace: 'nowrap' }}>
                    <LockIcon /> before {ORDER_STATUS_LABELS[s.gate] ?? s.gate}
                  </Text>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function PlaybookPage() {
  const { key = '' } = useParams();
  const { hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'steps';
  const q = usePlaybook(key);
  const settings = useSettings({ staleTime: 5 * 60_000 });
  if (q.isLoading) return <Loader aria-label="Loading playbook" />;
  if (q.isError || !q.data) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Alert color={notFound ? 'gray' : 'red'} title={notFound ? 'No such playbook' : 'Could not load the playbook'}>
        {notFound ? '' : `${q.error?.message ?? ''} `}
        <Anchor component={Link} to="/playbooks">
          Back to playbooks
        </Anchor>
      </Alert>
    );
  }
  const p = q.data;
  const d = p.document;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Anchor component={Link} to="/playbooks" size="xs">
          ← Playbooks
        </Anchor>
        <Group gap="sm">
          <Title order={1} fz="h2">
            {p.name}
          </Title>
          <Badge variant="light">v{p.version}</Badge>
          <Badge color={p.isEnabled ? 'teal' : 'gray'} variant="light">
            {p.isEnabled ? 'On' : 'Off'}
          </Badge>
        </Group>
        {d.description && <Text size="sm">{d.description}</Text>}
        <Text size="sm" c="dimmed">
          Starts {triggerWords(triggerEvents(d.trigger))}
          {Object.keys(d.trigger.condition).length > 0 && (
            <span data-testid="trigger-condition">
              , if{' '}
              {conditionSentence(d.trigger.condition, {
                currency: settings.data?.currency ?? 'USD',
                auditionMinSpend: settings.data?.auditionMinSpend,
              }) ?? <Code>{JSON.stringify(d.trigger.condition)}</Code>}
            </span>
          )}
          {d.stopOn.length > 0 && <> · stops on {d.stopOn.join(', ')}</>} · events older than {d.horizonDays} days start nothing
        </Text>
      </Stack>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'steps' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="steps">Steps ({d.steps.length})</Tabs.Tab>
          {hasRole('admin') && <Tabs.Tab value="edit">Edit</Tabs.Tab>}
          <Tabs.Tab value="runs">Runs</Tabs.Tab>
          <Tabs.Tab value="versions">Versions ({p.versions.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="steps" pt="md">
          <Steps steps={d.steps} />
        </Tabs.Panel>
        {hasRole('admin') && (
          <Tabs.Panel value="edit" pt="md">
            <PlaybookEditor key={p.version} playbook={p} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="runs" pt="md">
          <RunsTable query={{}} playbookKey={p.key} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Saved</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...p.versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>
                      v{v.version} {v.isCurrent && <Badge size="xs">current</Badge>}
                    </Table.Td>
                    <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
                    <Table.Td>{v.createdBy?.name ?? 'Built in'}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
