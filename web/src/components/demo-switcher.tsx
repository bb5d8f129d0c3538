// The sample company's "sign in as" (docs/operations.md, "The demo company"): see My day as the
// CSR, the quality manager or the GM in a click. Shown only when the server says this database is
// a demo and the user may switch (GET /me's canSwitchUser).
import { Badge, Group, Select } from '@mantine/core';
import { notifications } from '../lib/notify';
import { useNavigate } from 'react-router';
import type { User } from '../../../contract/auth';
import { useDemoStaff, useSignInAs } from '../features/auth/api';
import { ROLE_LABELS } from '../lib/format';
import { ApiError, otherFailure } from '../lib/api';

export function DemoSwitcher({ user }: { user: User }) {
  const staff = useDemoStaff(true);
  const signInAs = useSignInAs();
  const navigate = useNavigate();
  // Grouped by each person's first role, as a newcomer thinks of them: "the CSR", "quality".
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const p of staff.data?.items ?? []) {
    const role = p.roles.find((r) => r !== 'admin') ?? p.roles[0];
    const group = role ? (ROLE_LABELS[role] ?? role) : 'No role';
    groups.set(group, [...(groups.get(group) ?? []), { value: p.id, label: p.name }]);
  }
  const data = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([group, items]) => ({ group, items }));
  // A searchable Select shows its value's label only if the option is there when it mounts.
  if (!staff.data) return null;
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color="grape" variant="light" visibleFrom="sm">
        Demo
      </Badge>
      <Select
        aria-label="Sign in as (demo company)"
        placeholder="Sign in as…"
        size="xs"
        w={{ base: 150, sm: 220 }}
        searchable
        data={data}
        value={user.id}
        allowDeselect={false}
        nothingFoundMessage={staff.isLoading ? 'Loading…' : 'Nobody found'}
        disabled={signInAs.isPending}
        onChange={(id) => {
          if (!id || id === user.id) return;
          signInAs.mutate(id, {
            onSuccess: (info) => {
              notifications.show({ message: `Signed in as ${info.user.name}` });
              void navigate('/');
            },
            onError: (err) =>
              notifications.show({
                color: 'red',
                message: err instanceof ApiError ? err.message : otherFailure(err, 'Rapport could not be reached.'),
              }),
          });
        }}
      />
    </Group>
  );
}
