// Accounts, their contacts, hot buttons and timeline. Everything about one account lives under
// accountKeys.detail(id), so a write that touches the account refreshes its sections too.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountSchema,
  ContactSchema,
  HotButtonSchema,
  Account,
  CreateAccount,
  CreateContact,
  ListAccountsQuery,
  UpdateAccount,
} from '../../../../contract/accounts';
import type { ActivitySchema, TimelineItemSchema, CreateActivity } from '../../../../contract/activities';
import { apiPath, del, get, patch, post, type Answer, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';

export type AccountListQuery = Partial<ListAccountsQuery>;

export const accountKeys = {
  all: ['accounts'] as const,
  lists: ['accounts', 'list'] as const,
  list: (query: AccountListQuery) => ['accounts', 'list', query] as const,
  detail: (id: string) => ['accounts', 'detail', id] as const,
  contacts: (id: string) => ['accounts', 'detail', id, 'contacts'] as const,
  hotButtons: (id: string) => ['accounts', 'detail', id, 'hot-buttons'] as const,
  timeline: (id: string) => ['accounts', 'detail', id, 'timeline'] as const,
};

type AccountPage = Page<typeof AccountSchema>;
type ContactPage = Page<typeof ContactSchema>;
type HotButtonPage = Page<typeof HotButtonSchema>;
type TimelinePage = Page<typeof TimelineItemSchema>;

export function useAccounts(query: AccountListQuery, options: { keepPrevious?: boolean; staleTime?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountKeys.list(query),
    queryFn: () => get<AccountPage>('/accounts', { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    staleTime: options.staleTime,
    enabled: options.enabled,
  });
}

/** One account; no id, no request (a picker with nothing chosen yet). */
export function useAccount(id: string | null | undefined, options: { staleTime?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountKeys.detail(id ?? ''),
    queryFn: () => get<Answer<typeof AccountSchema>>(apiPath`/accounts/${id ?? ''}`),
    enabled: Boolean(id) && options.enabled !== false,
    staleTime: options.staleTime,
  });
}

/** Create (with an idempotency key: a double click makes one account) or change an account. */
export function useSaveAccount(account: Pick<Account, 'id'> | null, idempotencyKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAccount | UpdateAccount) =>
      account
        ? patch<Answer<typeof AccountSchema>>(apiPath`/accounts/${account.id}`, body)
        : post<Answer<typeof AccountSchema>>('/accounts', body, { idempotencyKey }),
    onSuccess: (saved) => {
      qc.setQueryData(accountKeys.detail(saved.id), saved);
      return invalidate(qc, accountKeys.lists);
    },
  });
}

/** Mark lost, or bring back: the status, the lists and the timeline change. */
export function useSetAccountLost(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (isLost: boolean) =>
      patch<Answer<typeof AccountSchema>>(apiPath`/accounts/${accountId}`, { isLost } satisfies UpdateAccount),
    onSuccess: () => invalidate(qc, accountKeys.all),
  });
}

export function useContacts(accountId: string) {
  return useQuery({
    queryKey: accountKeys.contacts(accountId),
    queryFn: async () => (await get<ContactPage>(apiPath`/accounts/${accountId}/contacts`, { limit: 100 })).items,
  });
}

/** Adding, changing or removing a contact shows in the timeline too. */
export function useSaveContact(accountId: string, contactId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContact) =>
      contactId
        ? patch<Answer<typeof ContactSchema>>(apiPath`/contacts/${contactId}`, body)
        : post<Answer<typeof ContactSchema>>(apiPath`/accounts/${accountId}/contacts`, body),
    onSuccess: () => invalidate(qc, accountKeys.contacts(accountId), accountKeys.timeline(accountId)),
  });
}

export function useRemoveContact(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => del(apiPath`/contacts/${contactId}`),
    onSuccess: () => invalidate(qc, accountKeys.contacts(accountId), accountKeys.timeline(accountId)),
  });
}

/** What the customer bought on (P5.4): shown on the account, checked in the after-yes follow-up. */
export function useHotButtons(accountId: string | null | undefined, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accountKeys.hotButtons(accountId ?? ''),
    queryFn: async () => (await get<HotButtonPage>(apiPath`/accounts/${accountId ?? ''}/hot-buttons`, { limit: 100 })).items,
    enabled: Boolean(accountId) && options.enabled !== false,
  });
}

export function useAddHotButton(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => post<Answer<typeof HotButtonSchema>>(apiPath`/accounts/${accountId}/hot-buttons`, { text }),
    onSuccess: () => invalidate(qc, accountKeys.hotButtons(accountId)),
  });
}

export function useRemoveHotButton(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (hotButtonId: string) => del(apiPath`/accounts/${accountId}/hot-buttons/${hotButtonId}`),
    onSuccess: () => invalidate(qc, accountKeys.hotButtons(accountId)),
  });
}

/** Everything that happened with the account, newest first, 25 at a time. */
export function useTimeline(accountId: string) {
  return useInfiniteQuery({
    queryKey: accountKeys.timeline(accountId),
    queryFn: ({ pageParam }) => get<TimelinePage>(apiPath`/accounts/${accountId}/timeline`, { limit: 25, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLogActivity(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivity) => post<Answer<typeof ActivitySchema>>('/activities', body),
    onSuccess: () => invalidate(qc, accountKeys.timeline(accountId)),
  });
}
