import { Alert, Badge, Button, Code, Grid, Group, Loader, NavLink, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '../../lib/notify';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MessageTemplate, MessageTemplateKey, UpdateMessageTemplate } from '../../../../contract/messages';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { RequireAdmin } from '../admin/require-admin';
import { MessageBody } from './outbox-page';
import { previewTemplate, useMessageTemplates, useResetMessageTemplate, useSaveMessageTemplate } from './api';

const VARIABLES = [
  ['contact.name, contact.email, contact.title', 'the contact it goes to'],
  ['account.name', 'the customer account'],
  [
    'order.number, order.status, order.promised_date, order.expected_ship_date, order.shipped_on',
    'the order, when the message is about one',
  ],
  ['order.carrier, order.tracking_number, tracking_link', 'shipping; the link for UPS, FedEx, DHL and USPS'],
  ['order.lines (each: sku, description, quantity)', 'its lines: {% for line in order.lines %}…{% endfor %}'],
  ['csr, gm, rep (each: name, email)', 'the account’s people; replies go to the CSR'],
  ['organisation.name', 'your company'],
  ['portal_link', 'the customer’s portal: each message that uses it gets a link of its own, listed on the account and revocable there'],
  ['note.text', 'a thank-you note’s words (thank-you note)'],
  ['correction.said, correction.text', 'what we said and what is true (correction)'],
  ['news.headline, news.text', 'what happened, from the playbook step that sends it (progress update)'],
  ['invitation.title, invitation.starts, invitation.minutes', 'the call or meeting (calendar invitation and cancellation)'],
  ['invitation.reason', 'why it is cancelled (calendar cancellation)'],
  ['escalation.title, escalation.due, escalation.role, escalation.assignee', 'the overdue step (escalation notice)'],
  [
    'digest.date, digest.link, digest.overdue, digest.today, digest.pool (each: title, about, due), digest.overdue_count, digest.today_count, digest.pool_count',
    'a colleague’s day: their overdue and due-today tasks, their roles’ waiting ones, and the link to My day (daily digest)',
  ],
  ['survey.name, survey.intro, survey.link, survey.expires_on', 'the survey and its one-answer link (survey invitation and reminder)'],
  ['testimonial.proposed_text, testimonial.link', 'the words proposed and the link to approve them (testimonial request)'],
] as const;

function errorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fieldErrors() : {};
}

function Editor({ template }: { template: MessageTemplate }) {
  const [draft, setDraft] = useState<UpdateMessageTemplate>({ subject: template.subject, text: template.text, html: template.html });
  const [debounced] = useDebouncedValue(draft, 300);
  const preview = useQuery({
    queryKey: ['message-templates', 'preview', debounced],
    queryFn: () => previewTemplate(debounced),
    retry: false,
  });
  const save = useSaveMessageTemplate();
  const reset = useResetMessageTemplate();
  const problems = { ...errorsOf(preview.error), ...errorsOf(save.error) };
  const isChanged = draft.subject !== template.subject || draft.text !== template.text || draft.html !== template.html;
  const fail = (title: string) => (err: unknown) =>
    notifications.show({
      color: 'red',
      title,
      message: err instanceof ApiError ? (err.problem.detail ?? err.message) : otherFailure(err, 'The server could not be reached.'),
    });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="sm">
          <Group justify="space-between">
            <div>
              <Title order={2} fz="h3">
                {template.name}
              </Title>
              <Text size="sm" c="dimmed">
                {template.description}
              </Text>
              {template.class === 'progress' && (
                <Text size="sm" c="dimmed">
                  Rapport ends every progress update with a line of its own: who sends these updates, how many at most, and a link where the
                  contact chooses fewer or none.
                </Text>
              )}
            </div>
            <Badge variant="light" color={template.class === 'essential' ? 'grape' : 'blue'}>
              {template.class === 'essential' ? 'Essential' : 'Progress update'}
            </Badge>
          </Group>
          <TextInput
            label="Subject"
            value={draft.subject}
            onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
            error={problems['subject']}
            data-testid="template-subject"
          />
          <Textarea
            label="Plain text"
            autosize
            minRows={8}
            maxRows={20}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
            error={problems['text']}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            data-testid="template-text"
          />
          <Textarea
            label="HTML"
            description="Every {{ value }} is escaped: a name with < or & shows as written, never as markup."
            autosize
            minRows={8}
            maxRows={20}
            value={draft.html}
            onChange={(e) => setDraft({ ...draft, html: e.currentTarget.value })}
            error={problems['html']}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            data-testid="template-html"
          />
          <Group>
            <Button
              onClick={() =>
                void save
                  .mutateAsync({ key: template.key, body: draft })
                  .then(() => notifications.show({ color: 'green', message: 'Template saved; new messages use it.' }), fail('Not saved'))
              }
              disabled={!isChanged}
              loading={save.isPending}
              data-testid="template-save"
            >
              Save
            </Button>
            {template.isCustomised && (
              <Button
                variant="subtle"
                color="gray"
                onClick={() =>
                  void reset
                    .mutateAsync(template.key)
                    .then(() => notifications.show({ color: 'green', message: 'The shipped text is back.' }), fail('Not reset'))
                }
                loading={reset.isPending}
              >
                Bring back the shipped text
              </Button>
            )}
            <Text size="xs" c="dimmed">
              {template.isCustomised ? `Your own text, saved ${formatDateTime(template.updatedAt)}` : 'The text Rapport ships'}
            </Text>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="sm">
          <Title order={3} fz="h4">
            Preview, with sample data
          </Title>
          <Paper withBorder p="md" data-testid="template-preview">
            {preview.isError ? (
              <Alert color="red" title="This template does not render" data-testid="template-problems">
                {Object.entries(errorsOf(preview.error)).map(([part, message]) => (
                  <Text size="sm" key={part}>
                    {part}: {message}
                  </Text>
                ))}
              </Alert>
            ) : preview.data ? (
              <MessageBody {...preview.data} />
            ) : (
              <Loader size="sm" aria-label="Rendering the preview" />
            )}
          </Paper>
          <Text size="sm" fw={600}>
            What a template can use
          </Text>
          <Stack gap={4}>
            {VARIABLES.map(([names, what]) => (
              <Text size="xs" key={names}>
                <Code>{names}</Code> — {what}
              </Text>
            ))}
          </Stack>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** Admin → Message templates: the words of every message, edited with a live preview. */
export function TemplatesPage() {
  const q = useMessageTemplates();
  const [key, setKey] = useState<MessageTemplateKey>('tracking');
  const current = q.data?.items.find((t) => t.key === key);
  return (
    <RequireAdmin title="Message templates">
      <Stack gap="md">
        <div>
          <Title order={1} fz="h2">
            Message templates
          </Title>
          <Text size="sm" c="dimmed">
            The words of the messages Rapport sends to customers. A message is written from its template when it is queued.
          </Text>
        </div>
        {q.isLoading && <Loader aria-label="Loading templates" />}
        {q.isError && (
          <Alert color="red" title="Could not load templates">
            {q.error.message}
          </Alert>
        )}
        {q.data && (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Stack gap={2} role="list" aria-label="Templates">
                {q.data.items.map((t) => (
                  <NavLink
                    key={t.key}
                    role="listitem"
                    label={t.name}
                    description={t.isCustomised ? 'Your own text' : undefined}
                    active={t.key === key}
                    onClick={() => setKey(t.key)}
                  />
                ))}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 9 }}>
              {current && <Editor key={`${current.key}:${current.updatedAt ?? 'shipped'}`} template={current} />}
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </RequireAdmin>
  );
}
