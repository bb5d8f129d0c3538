import { Select, type SelectProps } from '@mantine/core';
import type { Role } from '../../../contract/common';
import { useStaff } from '../features/admin/api';

type Props = Omit<SelectProps, 'data'> & { role?: Role; extra?: { id: string; name: string } | null };

/** A searchable staff picker; `extra` keeps a current value visible even if that person left. */
export function StaffSelect({ role, extra, ...props }: Props) {
  const staff = useStaff();
  const people = (staff.data?.items ?? []).filter((u) => !role || u.roles.includes(role) || u.id === props.value);
  const data = people.map((u) => ({ value: u.id, label: u.name }));
  if (extra && !data.some((d) => d.value === extra.id)) data.push({ value: extra.id, label: extra.name });
  return <Select searchable clearable data={data} nothingFoundMessage={staff.isLoading ? 'Loading…' : 'Nobody found'} {...props} />;
}
