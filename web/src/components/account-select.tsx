import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { Account } from '../../../contract/accounts';
import { useAccount, useAccounts } from '../features/accounts/api';

type Props = Omit<SelectProps, 'data' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (id: string | null, account: Account | null) => void;
};

/** A searchable account picker over GET /accounts?q=…; the chosen account stays shown while searching. */
export function AccountSelect({ value, onChange, ...props }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const chosen = useAccount(value, { staleTime: 60_000 });
  const chosenName = chosen.data?.name;
  // While the box shows the chosen name, list everything rather than only that name.
  const q = debounced && debounced !== chosenName ? debounced : '';
  const list = useAccounts({ q, limit: 25, sort: 'name' }, { keepPrevious: true, staleTime: 30_000 });
  const items = list.data?.items ?? [];
  const data = items.map((a) => ({ value: a.id, label: a.name }));
  if (chosen.data && !data.some((d) => d.value === chosen.data.id)) data.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      searchable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => onChange(id, items.find((a) => a.id === id) ?? (chosen.data?.id === id ? chosen.data : null))}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No account found'}
      {...props}
    />
  );
}
