import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { User } from '../../../../contract/auth';
import { ROLES } from '../../../../contract/common';
import { formatDate, ROLE_LABELS } from '../../lib/format';
import { ListError, Pager, SearchInput, useCursorPaging } from '../../lib/list-controls';
import { TableMessage } from '../../lib/table-message';
import { oneOf, useUrlState } from '../../lib/use-url-state';
import { useUsers } from './api';
import { RequireAdmin } from './require-admin';
import { UserFormModal } from './user-form-modal';

const KEYS = ['q', 'role', 'active', 'cursor', 'prev'] as const;
const COLS = 6;

function UsersScreen() {
  const [state, update] = useUrlState(KEYS);
  const paging = useCursorPaging(state, update);
  // undefined: closed; null: adding; a user: editing.
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const users = useUsers(
    { q: state.q, role: oneOf(ROLES, state.role), active: oneOf(['true', 'false'], state.active), cursor: state.cursor, limit: 50 },
    { keepPrevious: true },
  );
  const items = users.data?.items ?? [];
  const isFiltered = Boolean(state.q || state.role || state.active);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Users
          </Title>
          <Text c="dimmed" size="sm">
            Your staff: who can sign in, and the roles that decide which playbook steps they get.
          </Text>
        </div>
        <Button onClick={() => setEditing(null)}>Add user</Button>
      </Group>
      <Group gap="sm" align="flex-end">
        <SearchInput label="Search users" placeholder="Name or email" value={state.q ?? ''} onChange={(q) => update({ q })} />
        <Select
          label="Role"
          placeholder="Any role"
          clearable
          data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }))}
          value={state.role ?? null}
          onChange={(role) => update({ role })}
          w={200}
        />
        <Select
          label="Status"
          placeholder="Active and inactive"
          clearable
          data={[
            { value: 'true', label: 'Active' },
            { value: 'false', label: 'Inactive' },
          ]}
          value={state.active ?? null}
          onChange={(active) => update({ active })}
          w={200}
        />
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-busy={users.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.isLoading && <TableMessage colSpan={COLS}>Loading users…</TableMessage>}
            {users.isError && (
              <TableMessage colSpan={COLS}>
                <ListError what="users" error={users.error} onFirstPage={() => update({ cursor: null, prev: null })} />
              </TableMessage>
            )}
            {users.isSuccess && items.length === 0 && (
              <TableMessage colSpan={COLS}>
                <Text c="dimmed">
                  {isFiltered ? 'No user matches these filters.' : 'No users yet. Add your colleagues with “Add user”.'}
                </Text>
              </TableMessage>
            )}
            {items.map((u) => (
              <Table.Tr key={u.id} onClick={() => setEditing(u)} style={{ cursor: 'pointer' }}>
                <Table.Td fw={500}>{u.name}</Table.Td>
                <Table.Td>
                  {u.email ?? (
                    <Text span size="sm" c="dimmed">
                      No email
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.length === 0 && (
                      <Text size="sm" c="dimmed">
                        No roles
                      </Text>
                    )}
                    {u.roles.map((r) => (
                      <Badge key={r} variant="light" size="sm" color={r === 'admin' ? 'indigo' : 'gray'}>
                        {ROLE_LABELS[r] ?? r}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="dot" color={u.active ? 'green' : 'gray'} size="sm">
                      {u.active ? 'Active' : 'Inactive'}
                    </Badge>
                    {u.active && !u.canSignIn && (
                      <Tooltip
                        label={
                          u.email ? 'Set a password for them so they can sign in' : 'Give them an email and a password so they can sign in'
                        }
                      >
                        <Text span size="xs" c="dimmed">
                          cannot sign in yet
                        </Text>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{formatDate(u.createdAt)}</Table.Td>
                <Table.Td ta="right">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Edit ${u.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      setEditing(u);
                    }}
                  >
                    ✎
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager paging={paging} nextCursor={users.data?.nextCursor} isBusy={users.isPlaceholderData} shown={items.length} />
      {editing !== undefined && <UserFormModal key={editing?.id ?? 'new'} user={editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}

export function UsersPage() {
  return (
    <RequireAdmin title="Users">
      <UsersScreen />
    </RequireAdmin>
  );
}
