// Whose day My day shows, for a GM, a quality manager or an admin covering an absence or
// rebalancing work (docs/ux.md, "My day"): their own, a colleague's ("Teri's day") or a role's
// pool ("Quality's day"). In the URL (?for=<user id> or ?role=<role>), so a link opens the same day.
import { Select } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { ROLES } from '../../../../contract/roles';
import { ROLE_LABELS } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useStaff } from '../admin/api';
import type { DayView } from '../tasks/api';

/** "Teri's day", "Quality's day". */
export function DayTitle({ view }: { view: DayView }) {
  const staff = useStaff();
  if (view.kind === 'role') return `${ROLE_LABELS[view.role] ?? view.role}'s day`;
  const name = view.kind === 'person' ? staff.data?.items.find((u) => u.id === view.id)?.name : undefined;
  return name ? `${name.split(' ')[0]}'s day` : 'A colleague’s day';
}

export function DayPicker({ view }: { view: DayView }) {
  const staff = useStaff();
  const { user } = useSession();
  const [, setParams] = useSearchParams();
  const value = view.kind === 'me' ? 'me' : view.kind === 'person' ? `user:${view.id}` : `role:${view.role}`;
  const data = [
    { group: 'Mine', items: [{ value: 'me', label: 'My own day' }] },
    {
      group: 'A colleague',
      items: (staff.data?.items ?? []).filter((u) => u.id !== user?.id).map((u) => ({ value: `user:${u.id}`, label: u.name })),
    },
    {
      group: 'A role’s unassigned steps',
      items: ROLES.filter((r) => r !== 'admin').map((r) => ({ value: `role:${r}`, label: ROLE_LABELS[r] ?? r })),
    },
  ];
  // A searchable Select shows its value's label only if the option is there when it mounts.
  if (!staff.data) return null;
  return (
    <Select
      label="Whose day"
      size="xs"
      w={240}
      searchable
      allowDeselect={false}
      data={data}
      value={value}
      onChange={(v) => {
        if (!v || v === 'me') setParams({});
        else if (v.startsWith('user:')) setParams({ for: v.slice(5) });
        else setParams({ role: v.slice(5) });
      }}
    />
  );
}
