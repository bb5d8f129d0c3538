// Signing in and out, the setup link, your profile, sessions and API tokens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreatedTokenSchema,
  DemoStaffSchema,
  MeUpdatedSchema,
  MySessionSchema,
  SessionInfoSchema,
  SignedOutSchema,
  TokenSchema,
  CreateToken,
  Login,
  Setup,
  UpdateMe,
} from '../../../../contract/auth';
import { apiPath, del, get, patch, post, setCsrfToken, type Answer, type Items } from '../../lib/api';
import { invalidate } from '../../lib/query';
import { meKey } from '../../lib/session';

export const authKeys = {
  setupLink: (token: string) => ['setup-link', token] as const,
  mySessions: ['my-sessions'] as const,
  /** An admin's list holds everyone's tokens; anyone else's only their own. */
  tokens: ['tokens'] as const,
  demoStaff: ['demo-staff'] as const,
};

// GET /auth/setup/:token: the route declares this answer inline (src/http/routes/auth.ts).
type SetupLink = { valid: boolean };
type TokenList = Items<typeof TokenSchema>;
type MySessionList = Items<typeof MySessionSchema>;

export function useSetupLink(token: string) {
  return useQuery({ queryKey: authKeys.setupLink(token), queryFn: () => get<SetupLink>(apiPath`/auth/setup/${token}`) });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Login) => post<Answer<typeof SessionInfoSchema>>('/auth/login', body),
    onSuccess: () => invalidate(qc, meKey),
  });
}

/** The first administrator, from the setup link; signs them in. */
export function useCompleteSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Setup) => post<Answer<typeof SessionInfoSchema>>('/auth/setup', body),
    onSuccess: () => invalidate(qc, meKey),
  });
}

/** Signed out first, then forget the rest: clearing 'me' alone would leave mounted screens holding the old user. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post('/auth/logout').catch(() => undefined),
    onSettled: () => {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
    },
  });
}

/** Your name, or a new password confirmed by the current one (which may end other sessions and tokens). */
export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMe) => patch<Answer<typeof MeUpdatedSchema>>('/me', body),
    onSuccess: () => invalidate(qc, meKey, authKeys.tokens, authKeys.mySessions),
  });
}

export function useMySessions() {
  return useQuery({ queryKey: authKeys.mySessions, queryFn: () => get<MySessionList>('/me/sessions') });
}

export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { revokeTokens: boolean }) => post<Answer<typeof SignedOutSchema>>('/me/sign-out-everywhere', body),
    onSuccess: () => invalidate(qc, authKeys.mySessions, authKeys.tokens),
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: () => get<TokenList>('/tokens') });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateToken) => post<Answer<typeof CreatedTokenSchema>>('/tokens', body),
    onSuccess: () => invalidate(qc, authKeys.tokens),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(apiPath`/tokens/${id}`),
    onSuccess: () => invalidate(qc, authKeys.tokens),
  });
}

/** Sample company only: the people "sign in as" offers. */
export function useDemoStaff(enabled: boolean) {
  return useQuery({ queryKey: authKeys.demoStaff, queryFn: () => get<Answer<typeof DemoStaffSchema>>('/demo/staff'), enabled });
}

/** Sample company only: become someone else; every cached answer was the previous user's. */
export function useSignInAs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => post<Answer<typeof SessionInfoSchema>>('/demo/sign-in-as', { userId }),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      qc.setQueryData(meKey, info);
    },
  });
}
