// "Surveys" on the account page (docs/surveys.md): the answers that came back — scores, comment, a
// detractor marked — the surveys sent and where each stands, and sending one now.
import { Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { SurveyResponse } from '../../../../contract/surveys';
import { ApiError } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { useContacts } from '../accounts/api';
import { useOrders } from '../orders/api';
import { useSendSurvey, useSurveyInvitations, useSurveyResponses, useSurveys } from './api';

const STATUS_COLORS = { open: 'blue', answered: 'green', expired: 'gray' } as const;

function Scores({ r }: { r: SurveyResponse }) {
  return (
    <Group gap={6}>
      {r.csat !== null && <Badge variant="light">CSAT {r.csat}/5</Badge>}
      {r.nps !== null && <Badge variant="light">NPS {r.nps}/10</Badge>}
      {r.ces !== null && <Badge variant="light">CES {r.ces}/7</Badge>}
      {r.isDetractor && (
        <Badge color="red" variant="filled">
          Detractor
        </Badge>
      )}
    </Group>
  );
}

function SendSurvey({ accountId }: { accountId: string }) {
  const surveys = useSurveys();
  const contacts = useContacts(accountId);
  const send = useSendSurvey(accountId);
  const [surveyKey, setSurveyKey] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [orderId, setOrderId] = useState<string | null>(null);
  const orders = useOrders({ accountId, sort: '-placedAt', limit: 25 });
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const withEmail = (contacts.data ?? []).filter((c) => c.email);
  const submit = () => {
    if (!surveyKey || !contactId) return;
    void send.mutateAsync({ body: { accountId, contactId, surveyKey, ...(orderId && { orderId }) }, idempotencyKey }).then(
      (i) => {
        notifications.show({ color: 'green', message: `${i.surveyName} is in the outbox for ${i.contactName ?? 'the contact'}` });
        setIdempotencyKey(newIdempotencyKey());
        setErrors({});
      },
      (err: unknown) => {
        if (err instanceof ApiError) setErrors(err.fieldErrors());
        notifications.show({ color: 'red', title: 'Not sent', message: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" data-testid="send-survey">
      <Select
        label="Survey"
        placeholder="Pick a survey"
        data={(surveys.data ?? []).map((s) => ({ value: s.key, label: s.name }))}
        value={surveyKey}
        onChange={setSurveyKey}
        error={errors['surveyKey']}
        w={200}
      />
      <Select
        label="To"
        placeholder={withEmail.length === 0 ? 'No contact with an email address' : 'Pick a contact'}
        data={withEmail.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` }))}
        value={contactId}
        onChange={setContactId}
        error={errors['contactId']}
        w={260}
      />
      <Select
        label="About order (optional)"
        placeholder="No order"
        clearable
        data={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.number} (${o.status.replace(/_/g, ' ')})` }))}
        value={orderId}
        onChange={setOrderId}
        error={errors['orderId']}
        w={200}
      />
      <Button onClick={submit} loading={send.isPending} disabled={!surveyKey || !contactId}>
        Send survey
      </Button>
    </Group>
  );
}

export function AccountSurveys({ accountId, timeZone }: { accountId: string; timeZone?: string | null }) {
  const { hasRole } = useSession();
  const responses = useSurveyResponses(accountId);
  const invitations = useSurveyInvitations(accountId);
  if (responses.isLoading || invitations.isLoading) return <Loader size="sm" aria-label="Loading surveys" />;
  if (responses.isError || invitations.isError)
    return <Alert color="red">Could not load the surveys: {(responses.error ?? invitations.error)?.message}</Alert>;
  const answered = responses.data ?? [];
  const waiting = (invitations.data ?? []).filter((i) => i.status !== 'answered');
  return (
    <Stack gap="md" data-testid="account-surveys">
      {hasRole('admin', 'gm', 'sales', 'csr') && <SendSurvey accountId={accountId} />}
      <Stack gap="xs">
        <Text fw={700}>Answers</Text>
        {answered.length === 0 ? (
          <Text size="sm" c="dimmed">
            No answer yet. A survey step of a playbook, or the form above, sends one; answers show here and on the timeline.
          </Text>
        ) : (
          answered.map((r) => (
            <Paper key={r.id} withBorder p="sm" data-testid="survey-response">
              <Group justify="space-between" align="flex-start">
                <div>
                  <Text fw={600}>
                    {r.surveyName}
                    {r.orderNumber ? ` — order ${r.orderNumber}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.contactName ?? 'A contact'}, {formatDateTime(r.answeredAt, timeZone)}
                  </Text>
                </div>
                <Scores r={r} />
              </Group>
              {r.comment && (
                <Text size="sm" mt={6} style={{ whiteSpace: 'pre-line' }}>
                  “{r.comment}”
                </Text>
              )}
            </Paper>
          ))
        )}
      </Stack>
      {waiting.length > 0 && (
        <Stack gap={4}>
          <Text fw={700}>Sent, no answer</Text>
          {waiting.map((i) => (
            <Group key={i.id} gap="xs">
              <Badge color={STATUS_COLORS[i.status]} variant="light">
                {i.status === 'open' ? 'Waiting' : 'Expired'}
              </Badge>
              <Text size="sm">
                {i.surveyName} to {i.contactName ?? 'a former contact'}, sent {formatDate(i.createdAt.slice(0, 10))}
                {i.remindedAt ? ', reminded' : ''}
                {i.status === 'open' ? ` — takes an answer until ${formatDate(i.expiresAt.slice(0, 10))}` : ''}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
