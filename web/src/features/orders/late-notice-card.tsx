// Telling the customer first (P2.1): an order at late risk shows its late notice — a draft the CSR
// edits and sends, or when and to whom it went — and the rep's call (docs/late-notices.md).
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { UpdateDraftMessageSchema, type Message } from '../../../../contract/messages';
import type { Task } from '../../../../contract/tasks';
import { formatDateTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useMessages, useSendDraft, useUpdateDraft } from '../messages/api';
import { MessageStatusBadge, MessageWhy } from '../messages/outbox-page';
import { useScorecard } from '../tasks/api';

/** A part of the draft still to write, as the server refuses it: "[[what caused the delay]]". */
const PLACEHOLDER = /\[\[[^\]]*\]\]/g;

/** `isOpen`: the order is not shipped, delivered, closed or cancelled — only then is it still at risk. */
export function LateNoticeCard({ orderId, isOpen }: { orderId: string; isOpen: boolean }) {
  const notices = useMessages({ orderId });
  const scorecard = useScorecard(orderId);
  const lateNotices = (notices.data?.items ?? []).filter((m) => m.template === 'late_notice');
  const steps = (scorecard.data?.tasks ?? []).filter((t) => t.run?.playbookKey === 'late-notice');
  if (lateNotices.length === 0 && steps.length === 0) return null;
  const noticeStep = steps.find((t) => t.kind === 'message' && t.status !== 'done' && t.status !== 'skipped');
  const calls = steps.filter((t) => t.kind === 'call');
  return (
    <Paper withBorder p="md" data-testid="late-notice-card">
      <Group gap="xs" mb="xs">
        <Title order={4}>Late notice</Title>
        {isOpen && (
          <Badge color="orange" variant="light">
            At risk of shipping late
          </Badge>
        )}
      </Group>
      <Stack gap="sm">
        <Text size="sm">
          The customer should hear it from us before the promised date passes: what happened, the new date and what we are doing about it.
        </Text>
        {lateNotices.length === 0 && (
          <Text size="sm" c="dimmed">
            {typeof noticeStep?.outcome?.['waitingFor'] === 'string' ? noticeStep.outcome['waitingFor'] : 'No notice has been drafted.'}
          </Text>
        )}
        {lateNotices.map((m) => (
          <NoticeRow key={m.id} message={m} dueAt={m.status === 'draft' ? (noticeStep?.dueAt ?? null) : null} />
        ))}
        {calls.map((t) => (
          <CallRow key={t.id} task={t} />
        ))}
      </Stack>
    </Paper>
  );
}

function NoticeRow({ message: m, dueAt }: { message: Message; dueAt: string | null }) {
  const { hasRole } = useSession();
  const [isOpen, setOpen] = useState(false);
  const canSend = hasRole('admin', 'gm', 'csr');
  return (
    <Paper withBorder p="xs" radius="md" data-testid="late-notice" data-status={m.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Group gap="xs">
            <MessageStatusBadge message={m} />
            <Text size="sm" fw={600}>
              {m.subject}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {m.status === 'sent'
              ? `Sent ${formatDateTime(m.sentAt)} to ${m.contactName ?? m.to} <${m.to}>`
              : m.status === 'draft'
                ? `Drafted ${formatDateTime(m.createdAt)} for ${m.contactName ?? m.to} <${m.to}> — not sent yet`
                : `To ${m.contactName ?? m.to} <${m.to}>`}
          </Text>
          {dueAt && (
            <Text size="xs" c={new Date(dueAt) < new Date() ? 'red.8' : undefined} data-testid="late-notice-due">
              Send by {formatDateTime(dueAt)}
              {new Date(dueAt) < new Date() ? ' (late)' : ''}
            </Text>
          )}
          <MessageWhy message={m} />
        </Stack>
        {m.status === 'draft' && canSend && (
          <Button size="xs" onClick={() => setOpen(true)} data-testid="review-late-notice">
            Review and send
          </Button>
        )}
      </Group>
      {isOpen && <DraftDialog message={m} onClose={() => setOpen(false)} />}
    </Paper>
  );
}

function CallRow({ task: t }: { task: Task }) {
  const isDone = t.status === 'done';
  return (
    <Group gap="xs" data-testid="late-notice-call">
      <Badge variant="light" color={isDone ? 'teal' : t.isOverdue ? 'red' : 'blue'}>
        {isDone ? 'Called' : t.isOverdue ? 'Call late' : 'Call to do'}
      </Badge>
      <Text size="sm">
        {t.title}
        {t.assignee ? ` — ${t.assignee.name}` : ''}
      </Text>
      {!isDone && t.dueAt && (
        <Text size="xs" c="dimmed">
          by {formatDateTime(t.dueAt)}
        </Text>
      )}
    </Group>
  );
}

interface DraftValues {
  subject: string;
  text: string;
}
const FIELDS = ['subject', 'text'] as const;

/** The CSR's review: edit the subject and text, save, or send to the contact. */
function DraftDialog({ message: m, onClose }: { message: Message; onClose: () => void }) {
  const update = useUpdateDraft();
  const send = useSendDraft();
  const [failure, setFailure] = useState<string | null>(null);
  // One key per dialog: a retried send after a lost answer is not sent twice.
  const [key] = useState(newIdempotencyKey);
  const form = useForm<DraftValues>({
    mode: 'controlled',
    initialValues: { subject: m.subject, text: m.text.trimEnd() },
    validate: zodValidate(UpdateDraftMessageSchema, (v: DraftValues) => v),
    ...asYouType,
  });
  const unwritten = [...`${form.values.subject}\n${form.values.text}`.matchAll(PLACEHOLDER)].map((x) => x[0]);
  const save = async (v: DraftValues) => {
    if (form.isDirty()) await update.mutateAsync({ id: m.id, body: { subject: v.subject, text: v.text } });
    form.resetDirty(v);
  };
  const fail = (err: unknown) => setFailure(applyServerErrors(form, err, FIELDS));
  return (
    <Modal opened onClose={onClose} title="Late notice to the customer" size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          setFailure(null);
          return save(v)
            .then(() => send.mutateAsync({ id: m.id, idempotencyKey: key }))
            .then(onClose, fail);
        })}
        data-testid="late-notice-form"
      >
        <Stack gap="sm">
          {failure && <Alert color="red">{failure}</Alert>}
          <Text size="sm">
            To {m.contactName ?? m.to} &lt;{m.to}&gt;. Write every part in [[double brackets]]: what caused the delay, what is being done,
            and the new date if it is not there yet.
          </Text>
          <TextInput label="Subject" {...form.getInputProps('subject')} data-testid="late-notice-subject" />
          <Textarea label="Message" autosize minRows={8} maxRows={20} {...form.getInputProps('text')} data-testid="late-notice-text" />
          {unwritten.length > 0 && (
            <Text size="xs" fw={600} data-testid="late-notice-unwritten">
              Still to write: {unwritten.join(', ')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button
              variant="default"
              loading={update.isPending && !send.isPending}
              onClick={() => {
                setFailure(null);
                const v = form.validate();
                if (v.hasErrors) return;
                void save(form.getValues()).then(onClose, fail);
              }}
              data-testid="save-late-notice"
            >
              Save draft
            </Button>
            <Button type="submit" loading={send.isPending} disabled={unwritten.length > 0} data-testid="send-late-notice">
              Send to {m.contactName ?? m.to}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
