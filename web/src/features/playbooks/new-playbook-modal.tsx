import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  PLAYBOOK_EVENTS,
  type PlaybookDetailSchema,
  StepKeySchema,
  type Playbook,
  type PlaybookEvent,
} from '../../../../contract/playbooks';
import { ApiError, apiPath, get, otherFailure, type Answer } from '../../lib/api';
import { useCreatePlaybook } from './api';
import { blankPlaybookSource, copyPlaybookSource, PLAYBOOK_EVENT_LABELS } from './model';

const BLANK = '__blank';

/** A new playbook, blank or copied from another (a built-in), saved as its version 1 and opened in the editor. */
export function NewPlaybookModal({ opened, onClose, playbooks }: { opened: boolean; onClose: () => void; playbooks: Playbook[] }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New playbook" size="lg">
      {opened && <NewPlaybookForm onClose={onClose} playbooks={playbooks} />}
    </Modal>
  );
}

function NewPlaybookForm({ onClose, playbooks }: { onClose: () => void; playbooks: Playbook[] }) {
  const navigate = useNavigate();
  const create = useCreatePlaybook();
  const [from, setFrom] = useState<string>(BLANK);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [event, setEvent] = useState<PlaybookEvent>('order.delivered');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const original = playbooks.find((p) => p.key === from);

  // The server's own rule for a key (contract/playbooks.ts), checked as you type; a key in use is refused here,
  // since saving under it would make a new version of that playbook rather than a new one.
  const keyError = (k: string) => {
    if (!k) return undefined;
    if (playbooks.some((p) => p.key === k)) return 'Another playbook has this key';
    const parsed = StepKeySchema.safeParse(k);
    return parsed.success ? undefined : `Key ${parsed.error.issues[0]?.message ?? 'is not valid'}`;
  };
  const submit = async () => {
    setFailure(null);
    const problems: Record<string, string> = {};
    const badKey = key ? keyError(key) : 'Give it a key';
    if (badKey) problems.key = badKey;
    if (!name.trim()) problems.name = 'Give it a name';
    setErrors(problems);
    if (Object.keys(problems).length) return;
    try {
      const source = original
        ? copyPlaybookSource((await get<Answer<typeof PlaybookDetailSchema>>(apiPath`/playbooks/${original.key}`)).source, key, name.trim())
        : blankPlaybookSource(key, name.trim(), event);
      await create.mutateAsync({ key, source });
      onClose();
      void navigate(`/playbooks/${key}?tab=edit`);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors({ key: fields.key ?? '', name: fields.name ?? '' });
        setFailure(err.problem.detail ?? err.message);
      } else setFailure(otherFailure(err, 'The server could not be reached. Nothing was saved; try again.'));
    }
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="new-playbook-form"
    >
      <Stack gap="sm">
        {failure && <Alert color="red">{failure}</Alert>}
        <Select
          label="Start from"
          allowDeselect={false}
          value={from}
          onChange={(v) => setFrom(v ?? BLANK)}
          data={[
            { value: BLANK, label: 'A blank playbook' },
            ...playbooks.map((p) => ({ value: p.key, label: `A copy of ${p.name}${p.isBuiltin ? ' (built in)' : ''}` })),
          ]}
          data-testid="new-playbook-from"
        />
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name || undefined}
          data-autofocus
          data-testid="new-playbook-name"
        />
        <TextInput
          label="Key"
          description="Its name in links and files: lower-case letters, digits, - or _, starting with a letter. It cannot change later."
          required
          value={key}
          onChange={(e) => {
            const k = e.currentTarget.value;
            setKey(k);
            setErrors((prev) => ({ ...prev, key: keyError(k) ?? '' }));
          }}
          error={errors.key || undefined}
          data-testid="new-playbook-key"
        />
        {original ? (
          <Text size="sm" c="dimmed" data-testid="new-playbook-note">
            The copy starts on the same events as {original.name} and runs beside it from now on: change its trigger or its steps in the
            editor that opens next.
          </Text>
        ) : (
          <>
            <Select<PlaybookEvent>
              label="Starts when"
              allowDeselect={false}
              value={event}
              onChange={(v) => v && setEvent(v)}
              data={PLAYBOOK_EVENTS.map((e) => ({ value: e, label: PLAYBOOK_EVENT_LABELS[e] }))}
              data-testid="new-playbook-event"
            />
            <Text size="sm" c="dimmed" data-testid="new-playbook-note">
              It has one step to start from and works as soon as it is created: write its steps in the editor that opens next.
            </Text>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="create-playbook">
            Create playbook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
