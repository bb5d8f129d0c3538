// Whose day My day shows, for a GM, a quality manager or an admin covering an absence or
// rebalancing work (docs/ux.md, "My day"): their own, a colleague's ("Teri's day") or a role's
// pool ("Quality's day"). In the URL (?for=<user id> or ?role=<role>), so a link opens the same day.
import { Select } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { ROLES, type Role } from '../../../../contract/common';
import { ROLE_LABELS } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useStaff } from '../admin/api';
import type { DayView } from '../tasks/api';

const isRole = (r: string | null): r is Role => r !== null && (ROLES as readonly string[]).includes(r);

/** The day the URL names; only a manager may name one other than their own. */
export function useDayView(): { view: DayView; mayChoose: boolean } {
  const { hasRole, user } = useSession();
  const [params] = useSearchParams();
  const mayChoose = hasRole('admin', 'gm', 'quality_manager');
  const person = params.get('for');
  const role = params.get('role');
  if (!mayChoose) return { view: { kind: 'me' }, mayChoose };
  if (person && person !== user?.id) return { view: { kind: 'person', id: person }, mayChoose };
  if (isRole(role)) return { view: { kind: 'role', role }, mayChoose };
  return { view: { kind: 'me' }, mayChoose };
}

/** "Teri's day", "Quality's day", or null for one's own. */
export function useDayTitle(view: DayView): string | null {
  const staff = useStaff();
  if (view.kind === 'me') return null;
  if (view.kind === 'role') return `${ROLE_LABELS[view.role] ?? view.role}'s day`;
  const name = staff.data?.items.find((u) => u.id === view.id)?.name;
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
