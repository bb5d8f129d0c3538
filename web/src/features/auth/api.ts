// Signing in and out, the setup link, your profile, sessions and API tokens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  CreatedTokenSchema,
  DemoStaffSchema,
  MeUpdatedSchema,
  MySessionSchema,
  SessionInfoSchema,
  SignedOutSchema,
  TokenSchema,
  type CreateToken,
  type Login,
  type Setup,
  type UpdateMe,
} from '../../../../contract/auth';
import { apiPath, del, get, itemsOf, NoContent, patch, post, setCsrfToken } from '../../lib/api';
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
const SetupLinkSchema = z.object({ valid: z.boolean() });
const TokenListSchema = itemsOf(TokenSchema);
const MySessionListSchema = itemsOf(MySessionSchema);

export function useSetupLink(token: string) {
  return useQuery({ queryKey: authKeys.setupLink(token), queryFn: () => get(apiPath`/auth/setup/${token}`, SetupLinkSchema) });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Login) => post('/auth/login', SessionInfoSchema, body),
    onSuccess: () => invalidate(qc, meKey),
  });
}

/** The first administrator, from the setup link; signs them in. */
export function useCompleteSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Setup) => post('/auth/setup', SessionInfoSchema, body),
    onSuccess: () => invalidate(qc, meKey),
  });
}

/** Signed out first, then forget the rest: clearing 'me' alone would leave mounted screens holding the old user. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post('/auth/logout', NoContent).catch(() => undefined),
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
    mutationFn: (body: UpdateMe) => patch('/me', MeUpdatedSchema, body),
    onSuccess: () => invalidate(qc, meKey, authKeys.tokens, authKeys.mySessions),
  });
}

export function useMySessions() {
  return useQuery({ queryKey: authKeys.mySessions, queryFn: () => get('/me/sessions', MySessionListSchema) });
}

export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { revokeTokens: boolean }) => post('/me/sign-out-everywhere', SignedOutSchema, body),
    onSuccess: () => invalidate(qc, authKeys.mySessions, authKeys.tokens),
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: () => get('/tokens', TokenListSchema) });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateToken) => post('/tokens', CreatedTokenSchema, body),
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
  return useQuery({ queryKey: authKeys.demoStaff, queryFn: () => get('/demo/staff', DemoStaffSchema), enabled });
}

/** Sample company only: become someone else; every cached answer was the previous user's. */
export function useSignInAs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => post('/demo/sign-in-as', SessionInfoSchema, { userId }),
    onSuccess: (info) => {
      setCsrfToken(info.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      qc.setQueryData(meKey, info);
    },
  });
}
