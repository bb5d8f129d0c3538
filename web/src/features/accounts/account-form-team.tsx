import { ActionIcon, Button, Group, Input, Select, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { AccountEntity } from '../../../../contract/accounts';
import { ROLES } from '../../../../contract/common';
import { wordsOf } from '../../lib/entity-form';
import { ROLE_LABELS } from '../../lib/format';
import { useStaff } from '../admin/api';
import type { AccountFormValues } from './account-form-model';

const ROLE_OPTIONS = ROLES.filter((r) => r !== 'admin').map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

/** The account team (accounts belong to a team, not one owner): one row per person and role. */
export function TeamField({ form }: { form: UseFormReturnType<AccountFormValues> }) {
  const users = useStaff();
  const byId = new Map((users.data?.items ?? []).map((u) => [u.id, u]));
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  // Someone already on the team who is no longer active still shows by name.
  for (const m of form.values.team) if (m.userId && !byId.has(m.userId)) userOptions.push({ value: m.userId, label: 'Inactive user' });

  const pickUser = (i: number, userId: string | null) => {
    form.setFieldValue(`team.${i}.userId`, userId ?? '');
    const u = userId ? byId.get(userId) : undefined;
    // Suggest their usual role so a CSR goes on as CSR; it stays editable.
    const usual = u?.roles.find((r) => r !== 'admin');
    if (usual && !form.values.team[i]?.role) form.setFieldValue(`team.${i}.role`, usual);
  };

  const rootError = form.errors['team'];
  const team = wordsOf(AccountEntity, 'team');
  return (
    <Input.Wrapper
      label={
        <Text component="span" fw={700} fz="lg">
          {team.label}
        </Text>
      }
      description={team.description}
      error={rootError}
    >
      <Stack gap="xs" mt={6}>
        {form.values.team.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody yet.
          </Text>
        )}
        {form.values.team.map((m, i) => (
          <Group key={form.key(`team.${i}`)} gap="xs" align="flex-start" wrap="nowrap">
            <Select
              aria-label={`Team member ${i + 1}`}
              placeholder={users.isLoading ? 'Loading staff…' : 'Pick a person'}
              data={userOptions}
              searchable
              nothingFoundMessage="No active user by that name"
              style={{ flex: 2 }}
              {...form.getInputProps(`team.${i}.userId`)}
              onChange={(v) => pickUser(i, v)}
            />
            <Select
              aria-label={`Role of team member ${i + 1}`}
              placeholder="Role"
              data={ROLE_OPTIONS}
              style={{ flex: 1 }}
              allowDeselect={false}
              {...form.getInputProps(`team.${i}.role`)}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              mt={2}
              aria-label={`Remove ${byId.get(m.userId)?.name ?? `team member ${i + 1}`} from the team`}
              onClick={() => form.removeListItem('team', i)}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => form.insertListItem('team', { userId: '', role: '' })}>
            + Add team member
          </Button>
        </Group>
        {users.isError && (
          <Text size="xs" c="red">
            Could not load staff: {users.error.message}
          </Text>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
