// Staff and organisation settings: read by every area (pickers, the organisation's timezone and
// currency), changed by admins.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserSchema, CreateUser, UpdateUser } from '../../../../contract/auth';
import type { Role } from '../../../../contract/common';
import type { SettingsSchema, UpdateSettings } from '../../../../contract/settings';
import { apiPath, get, patch, post, type Answer, type Page } from '../../lib/api';
import { viewerTimeZone } from '../../lib/calendar';
import { invalidate } from '../../lib/query';
import { meKey } from '../../lib/session';

/** GET /users: the route declares its query inline (src/http/routes/users.ts). */
export interface UserListQuery {
  q?: string;
  role?: Role;
  active?: 'true' | 'false';
  cursor?: string;
  limit?: number;
}

export const adminKeys = {
  users: ['users'] as const,
  userList: (query: UserListQuery) => ['users', 'list', query] as const,
  settings: ['settings'] as const,
};

type UserPage = Page<typeof UserSchema>;

export function useUsers(query: UserListQuery, options: { keepPrevious?: boolean; staleTime?: number } = {}) {
  return useQuery({
    queryKey: adminKeys.userList(query),
    queryFn: () => get<UserPage>('/users', { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    staleTime: options.staleTime,
  });
}

/** Active staff for pickers (rep, CSR, account team). */
export function useStaff() {
  return useUsers({ active: 'true', limit: 100 }, { staleTime: 5 * 60_000 });
}

export function useSaveUser(user: { id: string } | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUser | UpdateUser) =>
      user
        ? patch<Answer<typeof UserSchema>>(apiPath`/users/${user.id}`, body)
        : post<Answer<typeof UserSchema>>('/users', body as CreateUser),
    // Changing someone may change you (your roles, your name).
    onSuccess: () => invalidate(qc, adminKeys.users, ...(user ? [meKey] : [])),
  });
}

export const settingsQuery = queryOptions({
  queryKey: adminKeys.settings,
  queryFn: () => get<Answer<typeof SettingsSchema>>('/settings'),
});

export function useSettings(options: { staleTime?: number } = {}) {
  return useQuery({ ...settingsQuery, staleTime: options.staleTime });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettings) => patch<Answer<typeof SettingsSchema>>('/settings', body),
    onSuccess: (saved) => qc.setQueryData(adminKeys.settings, saved),
  });
}

/**
 * The organisation's timezone, in which My day counts its days ("today" as the server counts it,
 * docs/domain.md §4). Until the settings arrive, or if they cannot, the browser's.
 */
export function useOrgTimeZone(): { timeZone: string; isLoading: boolean; isFallback: boolean } {
  const settings = useSettings({ staleTime: 5 * 60_000 });
  return { timeZone: settings.data?.timezone ?? viewerTimeZone(), isLoading: settings.isLoading, isFallback: !settings.data };
}
