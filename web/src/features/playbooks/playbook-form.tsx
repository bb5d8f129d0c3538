import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { ROLES } from '../../../../contract/common';
import { ORDER_STATUSES } from '../../../../contract/orders';
import { PLAYBOOK_EVENTS } from '../../../../contract/playbooks';
import { JOURNEY_STAGES, JOURNEY_STAGE_LABELS } from '../../../../contract/journeys';
import { ORDER_STATUS_LABELS, ROLE_LABELS } from '../../lib/format';
import { addStep, moveStep, readForm, removeStep, setIn } from './form-model';
import { formatDuration, PLAYBOOK_EVENT_LABELS } from './model';

const ROLE_OPTIONS = [
  { group: 'A person with the role', items: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r })) },
  {
    group: 'The account team’s member',
    items: ROLES.map((r) => ({ value: `account_team:${r}`, label: `The account’s ${(ROLE_LABELS[r] ?? r).toLowerCase()}` })),
  },
];
const EVENT_OPTIONS = PLAYBOOK_EVENTS.map((e) => ({ value: e, label: PLAYBOOK_EVENT_LABELS[e] }));
const STAGE_OPTIONS = JOURNEY_STAGES.map((s) => ({ value: s, label: JOURNEY_STAGE_LABELS[s] }));
const GATE_OPTIONS = ORDER_STATUSES.map((s) => ({ value: s, label: `Before the order moves to ${ORDER_STATUS_LABELS[s] ?? s}` }));

/** What a step's evidence asks for, in words; the form edits the note, the rest is shown as the YAML has it. */
function evidenceWords(e: Record<string, unknown> | undefined): string {
  if (!e) return '';
  const parts: string[] = [];
  if (Array.isArray(e.checklist)) parts.push(`a checklist of ${e.checklist.length}`);
  if (e.callOutcome) parts.push('the call’s outcome');
  if (e.quoteOutcome) parts.push('where the quote stands');
  if (e.signoffs && typeof e.signoffs === 'object') parts.push(`${(e.signoffs as { count: number }).count} sign-offs`);
  return parts.length ? `Also asks for ${parts.join(', ')} (edit in YAML).` : '';
}

/**
 * The playbook as a form: its name, what starts it (picked from a list) and its steps as cards —
 * title, who, when (in words), evidence, gate — to add, reorder and remove. It edits the same text
 * as the YAML view and is checked by the same schema (contract/playbooks.ts).
 */
export function PlaybookForm({ source, onChange }: { source: string; onChange: (source: string) => void }) {
  const read = readForm(source);
  if (!read.ok)
    return (
      <Alert color="orange" title="The form cannot read this text" data-testid="playbook-form-unreadable">
        {read.message} Fix it in the YAML view first.
      </Alert>
    );
  const d = read.document;
  const events = Array.isArray(d.trigger.event) ? d.trigger.event : [d.trigger.event];
  const set = (path: (string | number)[], value: unknown) => onChange(setIn(source, path, value));
  return (
    <Stack gap="sm" data-testid="playbook-form">
      {read.problems.length > 0 && (
        <Alert color="red" variant="light" title="Not valid yet" data-testid="playbook-form-problems">
          {read.problems.map((p) => (
            <Text key={p} size="sm">
              {p}
            </Text>
          ))}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Name" value={d.name} onChange={(e) => set(['name'], e.currentTarget.value)} />
        <MultiSelect
          label="Starts when"
          data={EVENT_OPTIONS}
          value={events}
          onChange={(v) => set(['trigger', 'event'], v.length === 1 ? v[0] : v)}
          data-testid="playbook-form-events"
        />
      </SimpleGrid>
      {/* An onboarding journey's steps each belong to a stage (docs/journeys.md). */}
      {d.steps.map((s, i) => {
        const offset = s.due?.offset ?? 'P0D';
        const after = s.due?.after ?? 'trigger';
        return (
          <Paper key={`${s.key}-${i}`} withBorder p="sm" data-testid="playbook-form-step">
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Text size="sm" fw={700}>
                Step {i + 1}{' '}
                <Text span size="xs" c="dimmed" ff="monospace">
                  {s.key}
                </Text>
              </Text>
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="default"
                  aria-label={`Move step ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => onChange(moveStep(source, i, i - 1))}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  aria-label={`Move step ${i + 1} down`}
                  disabled={i === d.steps.length - 1}
                  onClick={() => onChange(moveStep(source, i, i + 1))}
                >
                  ↓
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  color="red"
                  aria-label={`Remove step ${i + 1}`}
                  disabled={d.steps.length === 1}
                  onClick={() => onChange(removeStep(source, i))}
                >
                  ✕
                </ActionIcon>
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Title"
                value={s.title}
                onChange={(e) => set(['steps', i, 'title'], e.currentTarget.value)}
                data-testid="step-title"
              />
              <Select
                label="Who"
                data={ROLE_OPTIONS}
                value={s.role}
                allowDeselect={false}
                onChange={(v) => v && set(['steps', i, 'role'], v)}
              />
              <TextInput
                label="Due"
                value={offset}
                onChange={(e) => set(['steps', i, 'due', 'offset'], e.currentTarget.value)}
                description={`${formatDuration(offset)} after ${after === 'trigger' ? 'it starts' : `step ${after} is done`}${
                  s.due?.businessDays === false ? '' : ', in working days'
                }`}
                data-testid="step-due"
              />
              <Select
                label="Gate"
                placeholder="No gate"
                clearable
                data={GATE_OPTIONS}
                value={s.gate ?? null}
                onChange={(v) => set(['steps', i, 'gate'], v ?? undefined)}
                data-testid="step-gate"
              />
              {d.steps.some((st) => st.stage) && (
                <Select
                  label="Journey stage"
                  placeholder="No stage"
                  clearable
                  data={STAGE_OPTIONS}
                  value={s.stage ?? null}
                  onChange={(v) => set(['steps', i, 'stage'], v ?? undefined)}
                  data-testid="step-stage"
                />
              )}
            </SimpleGrid>
            {s.kind === 'message' && s.template && !s.draft && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
                <TextInput
                  label="News headline"
                  description="Sent when the step opens: the end of the subject"
                  value={s.news?.headline ?? ''}
                  onChange={(e) => set(['steps', i, 'news', 'headline'], e.currentTarget.value)}
                  data-testid="step-news-headline"
                />
                <Textarea
                  label="News"
                  description="What happened, for the customer"
                  autosize
                  minRows={2}
                  value={s.news?.text ?? ''}
                  onChange={(e) => set(['steps', i, 'news', 'text'], e.currentTarget.value)}
                  data-testid="step-news-text"
                />
              </SimpleGrid>
            )}
            {(s.kind === 'call' || s.kind === 'meeting') && (
              <Group gap="md" mt="xs">
                <Checkbox
                  label="Calendar invitation to the assignee"
                  checked={Boolean(s.invite)}
                  onChange={(e) => set(['steps', i, 'invite'], e.currentTarget.checked ? { minutes: 30 } : undefined)}
                  data-testid="step-invite"
                />
                {s.invite && (
                  <Checkbox
                    label="…and to the customer"
                    checked={Boolean(s.invite.customer)}
                    onChange={(e) => set(['steps', i, 'invite', 'customer'], e.currentTarget.checked ? true : undefined)}
                    data-testid="step-invite-customer"
                  />
                )}
              </Group>
            )}
            <Checkbox
              mt="xs"
              label="Needs a note when done"
              checked={Boolean(s.evidence?.note)}
              onChange={(e) => set(['steps', i, 'evidence', 'note'], e.currentTarget.checked ? true : undefined)}
            />
            {evidenceWords(s.evidence) && (
              <Text size="xs" c="dimmed" mt={4}>
                {evidenceWords(s.evidence)}
              </Text>
            )}
          </Paper>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => onChange(addStep(source))} data-testid="add-step">
          Add a step
        </Button>
      </Group>
    </Stack>
  );
}
