import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { SessionInfoSchema, User } from '../../../contract/auth';
import type { Role } from '../../../contract/common';
import { ApiError, get, setCsrfToken, type Answer } from './api';

interface SessionValue {
  user: User | null;
  isLoading: boolean;
  hasRole: (...roles: Role[]) => boolean;
  /** The sample company made by `rapport demo` only: "sign in as" anyone. */
  canSwitchUser: boolean;
  refresh: () => Promise<void>;
}

/** The signed-in user and the CSRF token; null when signed out. Every sign-in and sign-out writes it. */
export const meKey = ['me'] as const;

/** Who is signed in: the session provider's query, also started early for the first screen (main.tsx). */
export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: async () => {
    try {
      const info = await get<Answer<typeof SessionInfoSchema>>('/me');
      setCsrfToken(info.csrfToken);
      return info;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 60_000,
});

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const me = useQuery(meQuery);
  const user = me.data?.user ?? null;
  const value: SessionValue = {
    user,
    isLoading: me.isLoading,
    hasRole: (...roles) => Boolean(user && roles.some((r) => user.roles.includes(r))),
    canSwitchUser: me.data?.canSwitchUser ?? false,
    refresh: async () => {
      await qc.invalidateQueries({ queryKey: meKey });
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
