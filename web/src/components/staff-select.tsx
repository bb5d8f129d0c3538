import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { User } from '../../../contract/auth';
import type { Role } from '../../../contract/common';
import { get } from '../lib/api';

/** Active staff for pickers (rep, CSR …). */
export function useStaff() {
  return useQuery({
    queryKey: ['users', 'picker'],
    queryFn: () => get<{ items: User[]; nextCursor: string | null }>('/users', { limit: 100, active: 'true' }),
    staleTime: 5 * 60_000,
  });
}

type Props = Omit<SelectProps, 'data'> & { role?: Role; extra?: { id: string; name: string } | null };

/** A searchable staff picker; `extra` keeps a current value visible even if that person left. */
export function StaffSelect({ role, extra, ...props }: Props) {
  const staff = useStaff();
  const people = (staff.data?.items ?? []).filter((u) => !role || u.roles.includes(role) || u.id === props.value);
  const data = people.map((u) => ({ value: u.id, label: u.name }));
  if (extra && !data.some((d) => d.value === extra.id)) data.push({ value: extra.id, label: extra.name });
  return <Select searchable clearable data={data} nothingFoundMessage={staff.isLoading ? 'Loading…' : 'Nobody found'} {...props} />;
}
