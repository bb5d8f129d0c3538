// Queries the account page's sections share, so a write in one section refreshes the others.
import { useQuery } from '@tanstack/react-query';
import type { Contact, HotButton } from '../../../../contract/accounts';
import { get } from '../../lib/api';

type Listish<T> = T[] | { items: T[] };
const items = <T>(r: Listish<T>): T[] => (Array.isArray(r) ? r : r.items);

export const contactsKey = (accountId: string) => ['account', accountId, 'contacts'] as const;
export const hotButtonsKey = (accountId: string) => ['account', accountId, 'hot-buttons'] as const;
export const timelineKey = (accountId: string) => ['timeline', accountId] as const;

export function useContacts(accountId: string) {
  return useQuery({
    queryKey: contactsKey(accountId),
    queryFn: async () => items(await get<Listish<Contact>>(`/accounts/${accountId}/contacts`, { limit: 100 })),
  });
}

export function useHotButtons(accountId: string) {
  return useQuery({
    queryKey: hotButtonsKey(accountId),
    queryFn: async () => items(await get<Listish<HotButton>>(`/accounts/${accountId}/hot-buttons`)),
  });
}
